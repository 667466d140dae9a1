"""The ballot scenarios: the hall's tap, the 500-ballot burst (one and two processes), and
the same burst sealed, with the ballot box's count at the close. See bench.taps."""

import statistics
from typing import Any

from bench.core import NotRun, Row, Run, Stack, csrf_cookies, prepare_motions, progress
from bench.stats import median_of_rounds, percentile
from bench.taps import Burst, ballot_round

HALL = 95  # the demo council's delegates
GOAL_TAP_P95_MS = 300.0
GOAL_TAP_ALL_MS = 1300.0
GOAL_TWO_P95_MS = 1000.0
GOAL_TALLY_MS = 300.0  # the final tally on every tablet after the last ballot's write


def fmt3(values: dict[str, float]) -> str:
    return f"{values['p50']:.0f} / {values['p95']:.0f} / {values['max']:.0f} ms"


async def run_bursts(
    run: Run,
    stack: Stack,
    n: int,
    spread: float,
    *,
    title: str,
    servers: list[Any] | None = None,
    sealed: bool = False,
) -> tuple[list[Burst], tuple[int, int]]:
    rounds = 1 if run.small else run.rounds
    tablets = stack.data["tablets"][:n]
    polls = await prepare_motions(stack, tablets, polls=rounds, title=title, secret=sealed)
    voters = await csrf_cookies(stack, [t["cookie"] for t in tablets])
    fleet = await stack.open_fleet(n, servers, track_state=True)
    progress(f"{n} tablets connected, {rounds} {'sealed ' if sealed else ''}polls")
    try:
        bursts = []
        for seed, poll in enumerate(polls):
            bursts.append(
                await ballot_round(
                    stack, fleet, poll, voters, seed, spread=spread, servers=servers, sealed=sealed
                )
            )
            progress(f"poll {poll['id']}: {bursts[-1].recorded} recorded")
        return bursts, fleet.order_report()
    finally:
        await fleet.close()


def check_text(bursts: list[Burst], order: tuple[int, int]) -> tuple[str, bool]:
    """Correctness over every round: counts, the tablets' tally, order; and whether ok."""
    sent = sum(b.sent for b in bursts)
    text = (
        f"{sent} sent, {sum(b.confirmed for b in bursts)} confirmed, "
        f"{sum(b.recorded for b in bursts)} recorded, {sum(b.doubled for b in bursts)} doubled, "
        f"{sum(b.lost for b in bursts)} lost"
    )
    if retried := sum(b.retried for b in bursts):
        text += f", {retried} retried"
    errors = [e for b in bursts for e in b.errors]
    if errors:
        text += f", {len(errors)} errors ({' '.join(errors[0].split())[:100]})"
    tablets = min(b.tablets for b in bursts)
    correct = all(b.correct for b in bursts)
    text += (
        f"; exact final tally on all {tablets} distinct tablets"
        if all(b.shown_right for b in bursts)
        else f"; NOT every tablet showed the database's tally (worst round: {tablets} did)"
    )
    text += f"; {order[0]} out of order, {order[1]} resyncs"
    return text, correct


def tap_figures(bursts: list[Burst]) -> tuple[dict[str, float], float, float]:
    """Tap-to-confirmation stats (median of rounds), all answered (median, worst), in ms."""
    taps = median_of_rounds([b.tap_ms for b in bursts])
    answered = [b.all_answered_ms for b in bursts]
    return taps, statistics.median(answered), max(answered)


def tally_text(bursts: list[Burst]) -> str:
    tally = median_of_rounds([b.tally_ms for b in bursts if b.tally_ms] or [[float("nan")]])
    return f"final tally on every tablet after the last ballot's write {fmt3(tally)}"


def small_row(title: str, n: int, bursts: list[Burst], order: tuple[int, int]) -> Row:
    text, correct = check_text(bursts, order)
    return Row(
        title,
        str(n),
        text,
        goal="recorded = sent, 0 doubled, exact tally everywhere",
        result="ok" if correct else "FAILED",
        failed=not correct,
    )


async def scenario_tap(run: Run) -> list[Row]:
    """The hall's tap: 95 delegates each tap once within 1 s, one connection each."""
    if run.small:
        raise NotRun("not run in --small (the burst checks the same with 100 tablets)")
    stack = run.stack()
    n = min(HALL, run.tablets)
    bursts, order = await run_bursts(run, stack, n, 1.0, title="Bench tap")
    title = f"The hall's tap: {n} ballots sent evenly over 1 s, open loop"
    if run.small:
        return [small_row(title, n, bursts, order)]
    text, correct = check_text(bursts, order)
    taps, answered, worst = tap_figures(bursts)
    met = correct and taps["p95"] <= GOAL_TAP_P95_MS and answered <= GOAL_TAP_ALL_MS
    return [
        Row(
            title,
            str(n),
            f"tap to confirmation {fmt3(taps)}; all answered {answered:.0f} ms after the "
            f"first tap (worst round {worst:.0f}); {tally_text(bursts)}; {text}",
            goal=f"p95 <= {GOAL_TAP_P95_MS:g} ms; all within {GOAL_TAP_ALL_MS:g} ms",
            result="met" if met else "MISSED",
            failed=not correct,
        )
    ]


async def scenario_ballot_burst(run: Run) -> list[Row]:
    """500 delegates each tap once within 2 s on one process: what each waits, the tally."""
    stack = run.stack()
    n = run.tablets
    bursts, order = await run_bursts(run, stack, n, 2.0, title="Bench motion")
    title = f"Ballot burst: {n} ballots sent evenly over 2 s, open loop, 1 process"
    if run.small:
        return [small_row(title, n, bursts, order)]
    return [burst_row(title, n, bursts, order)]


def burst_row(
    title: str, n: int, bursts: list[Burst], order: tuple[int, int], *, goal_p95: float = 0
) -> Row:
    text, correct = check_text(bursts, order)
    taps, answered, worst = tap_figures(bursts)
    tally = median_of_rounds([b.tally_ms for b in bursts if b.tally_ms] or [[float("nan")]])
    met = correct and tally["max"] <= GOAL_TALLY_MS
    goal = f"final tally <= {GOAL_TALLY_MS:g} ms after the last write"
    if goal_p95:
        met = met and taps["p95"] <= goal_p95
        goal = f"tap p95 <= {goal_p95:g} ms; " + goal
    return Row(
        title,
        str(n),
        f"tap to confirmation {fmt3(taps)}; all answered {answered / 1000:.1f} s after the "
        f"first tap (worst round {worst / 1000:.1f} s); {tally_text(bursts)}; {text}",
        goal=goal,
        result="met" if met else "MISSED",
        failed=not correct,
    )


async def scenario_sealed(run: Run) -> list[Row]:
    """The burst as a secret poll: each tablet seals (PyNaCl, as libsodium on the tablet),
    the ballot box opens all at the chair's close."""
    stack = run.stack()
    n = run.tablets
    bursts, order = await run_bursts(run, stack, n, 2.0, title="Bench secret", sealed=True)
    title = f"Sealed ballot burst: {n} secret ballots over 2 s, open loop, counted at the close"
    if run.small:
        return [small_row(title, n, bursts, order)]
    row = burst_row(title, n, bursts, order)
    seal = statistics.median(statistics.median(b.seal_ms) for b in bursts if b.seal_ms)
    seal_p95 = statistics.median(percentile(b.seal_ms, 95) for b in bursts if b.seal_ms)
    close = statistics.median(b.close_ms for b in bursts if b.close_ms is not None)
    row.reference = (
        f"sealing one ballot (PyNaCl) {seal:.2f} ms median, p95 {seal_p95:.2f} ms; "
        f"the chair's close with the box's count of {n} (decryption, shuffle, signature) "
        f"{close:.0f} ms"
    )
    return [row]


async def scenario_ballots_two(run: Run) -> list[Row]:
    """The 500-ballot burst on two Daphne processes behind one Redis, half on each."""
    if run.small:
        raise NotRun("not run in --small (tests/integration/test_kill_mid_burst.py checks it)")
    run.close_stack()
    stack = run.cross_stack()
    n = 100 if run.small else run.cross_per_process
    bursts, order = await run_bursts(
        run, stack, n, 2.0, title="Bench motion (2 processes)", servers=stack.servers
    )
    title = f"Ballot burst on 2 Daphne ({stack.env.description}): {n} ballots over 2 s"
    if run.small:
        return [small_row(title, n, bursts, order)]
    return [burst_row(title, n, bursts, order, goal_p95=GOAL_TWO_P95_MS)]
