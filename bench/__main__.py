"""`python -m bench` (make bench): every scenario, a table on stdout and in bench/results/.

`--small` is the CI size (100 tablets): it checks only that nothing was lost or doubled,
never timings, and exits non-zero when something was.
"""

import argparse
import asyncio
import datetime
import os
import platform
import sys
import time
from pathlib import Path

from bench.scenarios import SCENARIOS, Row, Run, run_scenario

RESULTS = Path(__file__).resolve().parent / "results"
COLUMNS = ("Scenario", "Tablets", "Measured", "Floor / baseline", "Ratio", "Goal", "Result")


def table(rows: list[Row]) -> str:
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    for row in rows:
        cells = (
            row.scenario,
            row.tablets,
            row.measured,
            row.reference,
            row.ratio,
            row.goal,
            row.result,
        )
        lines.append("| " + " | ".join(c.replace("|", "/") for c in cells) + " |")
    return "\n".join(lines)


def header(run: Run, elapsed: float) -> str:
    database = "PostgreSQL" if run.database_url else "SQLite"
    layer = "Redis layer" if run.redis_url else "in-memory layer"
    return "\n".join(
        [
            f"# Fan-out benchmark{' (--small: correctness only)' if run.small else ''}",
            "",
            f"- {datetime.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}, "
            f"{os.cpu_count()} cores, Python {platform.python_version()}, loopback only",
            f"- single-process scenarios: one Daphne on {database} + {layer} (throwaway DB)",
            "- latencies: from the server's send of the event (its sent_at, after commit and "
            "render; floor: the broadcast order) until each tablet has it, and from just "
            "before the chair's POST; p50 / p95 / p99 / max over tablets, "
            f"median of {run.rounds} rounds after one warm-up; run took {elapsed:.0f} s",
            "",
        ]
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--small", action="store_true", help="CI size, correctness only")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument(
        "--only", default=",".join(SCENARIOS), help=f"comma list of {', '.join(SCENARIOS)}"
    )
    parser.add_argument("--output", type=Path, default=None)
    args = parser.parse_args(argv)
    names = [n.strip() for n in args.only.split(",") if n.strip()]
    unknown = set(names) - set(SCENARIOS)
    if unknown:
        parser.error(f"unknown scenarios: {', '.join(sorted(unknown))}")

    run = Run(small=args.small, rounds=args.rounds)
    if args.small:
        run.sizes = (100,)
        run.rounds = 3
    started = time.perf_counter()
    rows: list[Row] = []

    async def all_scenarios() -> None:
        for name in names:
            print(f"... {name}", file=sys.stderr, flush=True)
            rows.extend(await run_scenario(name, run))

    try:
        asyncio.run(all_scenarios())
    finally:
        run.close()
    report = header(run, time.perf_counter() - started) + table(rows) + "\n"
    print(report)
    output = args.output or RESULTS / ("latest-small.md" if args.small else "latest.md")
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(report)
    return 1 if any(row.failed for row in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
