"""`python -m bench` (make bench): every scenario, a table on stdout and in bench/results/.

`--small` is the CI size (100 tablets): it checks only that nothing was lost or doubled,
never timings, and exits non-zero when something was. `--output bench/results/NAME.md`
keeps a run (with its date, command and machine) to compare a rerun with; `--readme`
rewrites the README's benchmark tables from the results files kept in git.
"""

import argparse
import asyncio
import datetime
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

from bench.core import Row, Run
from bench.scenarios import SCENARIOS, run_scenario

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


README = Path(__file__).resolve().parent.parent / "README.md"
TITLE = "# Live benchmark"
BEGIN, END = "<!-- bench results: begin -->", "<!-- bench results: end -->"


def machine() -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
        mem_kb = int(Path("/proc/meminfo").read_text().split()[1])
    except (OSError, ValueError, IndexError):
        mem_kb = 0
    return (
        f"{model}, {os.cpu_count()} cores, {mem_kb / 1024 / 1024:.0f} GB, "
        f"{platform.system()} {platform.release()}, Python {platform.python_version()}"
    )


def command(argv: list[str]) -> str:
    env = " ".join(
        f"{name}=<{name.split('_')[0].lower()}>"
        for name in ("DATABASE_URL", "REDIS_URL")
        if os.environ.get(name)
    )
    # The note is its own line in the file: the command without it.
    shown = [a for i, a in enumerate(argv) if a != "--note" and argv[i - 1 : i] != ["--note"]]
    return " ".join(part for part in (env, "python -m bench", *shown) if part)


def revision() -> str:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True
        )
        return out.stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def header(run: Run, elapsed: float, argv: list[str], note: str, load: list[float]) -> str:
    database = "PostgreSQL" if run.database_url else "SQLite"
    layer = "Redis layer" if run.redis_url else "in-memory layer"
    lines = [
        f"{TITLE}{' (--small: correctness only)' if run.small else ''}",
        "",
        f"- date: {datetime.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}; "
        f"commit {revision()}; run took {elapsed:.0f} s",
        f"- command: `{command(argv)}`",
        f"- machine: {machine()}; loopback only; load average (1 min) "
        f"{min(load):.1f}-{max(load):.1f} while it ran (other people's work included)",
        f"- single-process scenarios: one Daphne on {database} + {layer} (throwaway DB)",
        "- p50 / p95 / max over tablets (or ballots) per round, then the median of "
        f"{run.rounds} rounds after one warm-up; floor rounds interleaved with the app's",
    ]
    if note:
        lines.append(f"- note: {note}")
    return "\n".join([*lines, ""]) + "\n"


def readme_tables() -> str:
    """Every kept results file of `python -m bench` (not latest*.md), as README text."""
    parts = []
    for path in sorted(RESULTS.glob("*.md")):
        text = path.read_text()
        if not text.startswith(TITLE) or path.name.startswith("latest"):
            continue
        body = text.split("\n", 1)[1].strip()
        parts.append(f"`bench/results/{path.name}`:\n\n{body}\n")
    return "\n".join(parts)


def rewrite_readme() -> int:
    text = README.read_text()
    if BEGIN not in text or END not in text:
        print(f"README.md has no {BEGIN} ... {END} section", file=sys.stderr)
        return 1
    before, rest = text.split(BEGIN, 1)
    _old, after = rest.split(END, 1)
    README.write_text(f"{before}{BEGIN}\n{readme_tables()}{END}{after}")
    print(f"README.md: tables from {RESULTS}", file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--small", action="store_true", help="CI size, correctness only")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument(
        "--only", default=",".join(SCENARIOS), help=f"comma list of {', '.join(SCENARIOS)}"
    )
    parser.add_argument("--output", type=Path, default=None)
    parser.add_argument("--note", default="", help="a line kept in the results file")
    parser.add_argument(
        "--readme", action="store_true", help="rewrite README's tables from bench/results/"
    )
    args = parser.parse_args(argv)
    if args.readme:
        return rewrite_readme()
    names = [n.strip() for n in args.only.split(",") if n.strip()]
    unknown = set(names) - set(SCENARIOS)
    if unknown:
        parser.error(f"unknown scenarios: {', '.join(sorted(unknown))}")

    run = Run(small=args.small, rounds=args.rounds)
    if args.small:
        run.sizes = (100,)
        run.rounds = 3
        run.cross_per_process = 50
    started = time.perf_counter()
    rows: list[Row] = []
    load = [os.getloadavg()[0]]

    async def all_scenarios() -> None:
        for name in names:
            print(f"... {name}", file=sys.stderr, flush=True)
            rows.extend(await run_scenario(name, run))
            load.append(os.getloadavg()[0])

    try:
        asyncio.run(all_scenarios())
    finally:
        run.close()
    shown_argv = sys.argv[1:] if argv is None else argv
    report = header(run, time.perf_counter() - started, shown_argv, args.note, load)
    report += table(rows) + "\n"
    print(report)
    output = args.output or RESULTS / ("latest-small.md" if args.small else "latest.md")
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(report)
    return 1 if any(row.failed for row in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
