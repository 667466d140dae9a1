"""What one ballot costs the server, against the stack's write ceiling (issue 19, goal 1).

    .venv/bin/python -m bench.ballot_cost [--voters 200] [--rounds 3] [--clients 8]

One Daphne (`python -m council.serve`, BENCH_CEILING=true) on a throwaway database: first
on SQLite with the in-memory layer, then, when DATABASE_URL names PostgreSQL, on a
throwaway PostgreSQL database with the Redis layer (REDIS_URL). In each round the same
voters send N ceiling requests (bench/ceiling.py: one INSERT in a transaction) with only
their CSRF cookie (the minimal request, as the issue measured it), N more with their
session cookie too (the signed-in middleware's share: session, user, member language), and
N named ballots on a freshly opened motion, interleaved round by round so that a loaded
machine weighs on both alike. CPU per request is the server process's CPU time over the
burst divided by N; the ratio is CPU per ballot / CPU per ceiling request (goal <= 2).

Every ballot must be answered 200 and recorded once (read back from the database), or the
run fails. Results: bench/results/ballot_cost.md.
"""

import argparse
import datetime
import os
import platform
import shlex
import statistics
import sys
from dataclasses import dataclass, field
from pathlib import Path

from bench.ceiling import Burst, ballot_requests, ceiling_requests, measure
from bench.http import Chair, Device
from bench.infra import AppEnvironment

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "ballot_cost.md"
GOAL_RATIO = 2.0


@dataclass
class Round:
    ceiling: Burst  # CSRF cookie only: the stack's minimal write
    signed_in: Burst  # the same view with the voter's session: the middleware's share
    ballots: Burst
    recorded: int

    @property
    def ratio(self) -> float:
        return self.ballots.cpu_ms_per_request / max(self.ceiling.cpu_ms_per_request, 1e-9)


@dataclass
class Result:
    stack: str
    voters: int
    clients: int
    rounds: list[Round] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def median(self, value) -> float:
        return statistics.median(value(r) for r in self.rounds) if self.rounds else 0.0


def progress(message: str) -> None:
    print(f"[ballot_cost] {message}", file=sys.stderr, flush=True)


def run_stack(
    database_url: str | None, redis_url: str | None, *, voters: int, rounds: int, clients: int
) -> Result:
    env = AppEnvironment(
        database_url=database_url, redis_url=redis_url, extra_env={"BENCH_CEILING": "true"}
    )
    with env:
        result = Result(env.description, voters, clients)
        progress(f"{env.description}: preparing {voters} delegates")
        data = env.prepare(delegates=voters, chair_devices=1)
        server = env.daphne()
        chair = Chair(Device(server.http, session=data["chair_cookies"][0]), data["sitting_id"])
        chair.open_console()
        chair.start_sitting()  # makes the first item current: the motions hang on it
        room = f"/sittings/{data['sitting_id']}/"
        voter_cookies = []
        for tablet in data["tablets"][:voters]:
            device = Device(server.http, session=tablet["cookie"])
            device.ensure_csrf(room)
            voter_cookies.append(dict(device.cookies))
        prepared = env.setup_step(
            "voting",
            payload={
                "action": "prepare",
                "sitting_id": data["sitting_id"],
                "member_ids": [t["member_id"] for t in data["tablets"][:voters]],
                "polls": rounds + 1,  # the first one warms up
            },
        )
        for index, poll in enumerate(prepared["polls"]):
            warm_up = index == 0
            order = ["ceiling", "signed_in", "ballots"]
            if index % 2:
                order.reverse()
            bursts: dict[str, Burst] = {}
            for kind in order:
                if kind != "ballots":
                    cookies = voter_cookies
                    if kind == "ceiling":
                        cookies = [{"csrftoken": c["csrftoken"]} for c in voter_cookies]
                    bursts[kind] = measure(
                        kind,
                        server.pid,
                        server.http,
                        ceiling_requests(voters, cookies),
                        clients=clients,
                    )
                    continue
                if chair.open_poll(poll["id"]) != 204:
                    raise RuntimeError(f"opening poll {poll['id']} was refused")
                bursts[kind] = measure(
                    "ballots",
                    server.pid,
                    server.http,
                    ballot_requests(poll["id"], poll["options"]["yes"], voter_cookies),
                    clients=clients,
                )
                chair.close_poll(poll["id"])
            counted = env.setup_step("voting", payload={"action": "count", "poll_id": poll["id"]})
            for kind, burst in bursts.items():
                if burst.ok != burst.requests:
                    result.errors.append(f"{kind}: answers {dict(burst.statuses)}")
            if counted["ballots"] != voters or counted["doubled"]:
                result.errors.append(f"poll {poll['id']}: {counted}")
            if not warm_up:
                result.rounds.append(
                    Round(
                        bursts["ceiling"],
                        bursts["signed_in"],
                        bursts["ballots"],
                        counted["ballots"],
                    )
                )
            progress(
                f"{'warm-up' if warm_up else 'round'}: ceiling "
                f"{bursts['ceiling'].cpu_ms_per_request:.2f} ms, signed in "
                f"{bursts['signed_in'].cpu_ms_per_request:.2f} ms, ballot "
                f"{bursts['ballots'].cpu_ms_per_request:.2f} ms CPU per request"
            )
        if result.errors:
            progress(f"errors: {result.errors}; see {env.last_error()}")
        return result


def fmt(value: float, digits: int = 1) -> str:
    return f"{value:.{digits}f}"


def report(results: list[Result], command: str) -> str:
    now = datetime.datetime.now(datetime.UTC)
    load = os.getloadavg()
    lines = [
        "# Ballot cost against the write ceiling (issue 19, goal 1)",
        "",
        f"- {now:%Y-%m-%d %H:%M} UTC; `{command}`",
        f"- {platform.node()}: {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{platform.platform()}; load average at the end {load[0]:.1f} / {load[1]:.1f} / "
        f"{load[2]:.1f} (a shared machine: CPU time per request is steadier than rates)",
        "- one Daphne (`python -m council.serve`, BENCH_CEILING=true); per round the same voters "
        "(htmx header, CSRF header, a new connection per request) send N ceiling requests "
        "(/bench/ceiling/: one INSERT in a transaction) with their CSRF cookie only, N with "
        "their session cookie too (signed in: + session, user, member language), and N named "
        "ballots, from C client threads (closed loop); CPU = the server process's utime+stime "
        "(/proc) over the burst / N. The ratio is against the minimal ceiling, as the issue "
        "measured it; the signed-in ceiling is shown for the middleware's share",
        "- figures: median over rounds (after one warm-up round); ballots/s per process = "
        "1000 / CPU ms per ballot",
        "",
        "| Stack | N x rounds, clients | Ceiling CPU ms | Signed-in ceiling CPU ms "
        "| Ballot CPU ms | Ratio (goal ≤ 2) | vs signed-in | Ballots/s per process "
        "| Ceiling p50 / p95 ms | Ballot p50 / p95 ms | Result |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        ceiling = r.median(lambda x: x.ceiling.cpu_ms_per_request)
        ballot = r.median(lambda x: x.ballots.cpu_ms_per_request)
        signed_in = r.median(lambda x: x.signed_in.cpu_ms_per_request)
        ratio = r.median(lambda x: x.ratio)
        ratio_signed = r.median(
            lambda x: x.ballots.cpu_ms_per_request / max(x.signed_in.cpu_ms_per_request, 1e-9)
        )
        ok = not r.errors and ratio <= GOAL_RATIO
        verdict = "ok" if ok else ("FAILED: " + "; ".join(r.errors) if r.errors else "over goal")
        lines.append(
            f"| {r.stack} | {r.voters} x {len(r.rounds)}, {r.clients} | {fmt(ceiling, 2)} "
            f"| {fmt(signed_in, 2)} | {fmt(ballot, 2)} | {fmt(ratio, 2)} | {fmt(ratio_signed, 2)} "
            f"| {fmt(1000 / ballot if ballot else 0, 0)} "
            f"| {fmt(r.median(lambda x: x.ceiling.latency_ms(0.5)))} / "
            f"{fmt(r.median(lambda x: x.ceiling.latency_ms(0.95)))} "
            f"| {fmt(r.median(lambda x: x.ballots.latency_ms(0.5)))} / "
            f"{fmt(r.median(lambda x: x.ballots.latency_ms(0.95)))} | {verdict} |"
        )
    lines += ["", "Per round (ceiling ms / signed-in ms / ballot ms / ratio):", ""]
    for r in results:
        rows = ", ".join(
            f"{x.ceiling.cpu_ms_per_request:.2f} / {x.signed_in.cpu_ms_per_request:.2f} / "
            f"{x.ballots.cpu_ms_per_request:.2f} / "
            f"{x.ratio:.2f}"
            for x in r.rounds
        )
        lines.append(f"- {r.stack}: {rows}")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.ballot_cost", description=__doc__)
    parser.add_argument("--voters", type=int, default=200, help="ballots (and ceilings) a round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--clients", type=int, default=8, help="concurrent client threads")
    parser.add_argument("--sqlite-only", action="store_true")
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    stacks: list[tuple[str | None, str | None]] = [(None, None)]
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres") and not args.sqlite_only:
        stacks.append((url, os.environ.get("REDIS_URL") or None))
    results = [
        run_stack(db, redis, voters=args.voters, rounds=args.rounds, clients=args.clients)
        for db, redis in stacks
    ]
    given = argv if argv is not None else sys.argv[1:]
    command = f"python -m bench.ballot_cost {shlex.join(given)}".strip()
    text = report(results, command)
    print(text)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text)
    return 1 if any(r.errors for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
