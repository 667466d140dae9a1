"""The fan-out scenarios, timed from the click against an honest floor.

- Both sides use bench.lean's reader on one loop and one clock (perf_counter), so the
  client's own cost is the same for the app and for the floor.
- Floor rounds are interleaved with the app's (app event, floor broadcast, ceiling request,
  again), so a noisy moment on the shared machine hits both; each size starts only once
  the servers have let go of the previous tablets (bench.quiet).
- The headline is from just before the chair's POST to each tablet; its reference is the
  floor from its broadcast to the same number of tablets plus the ceiling request's latency
  (bench.ceiling: one INSERT in a transaction under the same Daphne), from the same round.
  "From send" (the server's send, after commit and render) stays as a diagnostic.
- Every size counts distinct tablets (an event counts as arrived once every tablet has
  it), lost and doubled events, arrivals after a higher number and the resyncs live.js
  would make for them.
"""

import asyncio
import re
import statistics
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

from websockets.asyncio.client import ClientConnection, connect

from bench.ballots import Ballot, cast_one
from bench.core import (
    Row,
    Run,
    Stack,
    agenda_event,
    correctness_row,
    csrf_cookies,
    delivery_errors,
    prepare_motions,
)
from bench.floor import FloorServer
from bench.infra import Daphne
from bench.quiet import wait_quiet
from bench.stats import fmt_ratio, median_of_rounds, percentile
from bench.tablets import EPOCH_OFFSET, Fleet

GOAL_CLICK = 1.5  # x (floor + ceiling request), from the click
GOAL_TALLY = 2.0  # x floor, from send
GOAL_CROSS = 1.5  # x one process


def fmt3(values: dict[str, float]) -> str:
    return f"{values['p50']:.0f} / {values['p95']:.0f} / {values['max']:.0f} ms"


def floor_frame(sample: str, seq: int) -> str:
    """The app's frame as the floor sends it: numbered `seq`, without the server's sent_at."""
    unstamped = re.sub(r'"sent_at":[\d.]+,', "", sample)
    return re.sub(r'"seq":(\d+|null)', f'"seq":{seq}', unstamped, count=1)


class Ceiling:
    """The ceiling request's latency, if this checkout serves bench.ceiling's view."""

    def __init__(self, stack: Stack) -> None:
        self.base = stack.servers[0].http
        self.cookies = dict(stack.chair.device.cookies)
        try:
            from bench import ceiling
        except ImportError:
            self.module = None
        else:
            self.module = ceiling

    def latency_ms(self) -> float | None:
        if self.module is None:
            return None
        c = self.module
        answer = c.post(self.base, c.Request(c.CEILING_PATH, {}, self.cookies))
        return answer.seconds * 1000 if answer.status == 200 else None


@dataclass
class FloorSide:
    """The floor server and its lean tablets, kept open beside the app's for interleaving."""

    server: FloorServer
    fleet: Fleet
    control: ClientConnection
    seq: int = 0
    rounds: list[list[float]] = field(default_factory=list)

    @classmethod
    async def open(cls, server: FloorServer, n: int) -> "FloorSide":
        assert server.process is not None
        await wait_quiet(server.process.pid, server.port)
        fleet = Fleet(lean=True)
        await fleet.open([[server.ws]] * n, "/", [None] * n)
        control = await connect(server.ws + "/control", proxy=None, compression=None)
        return cls(server, fleet, control)

    async def broadcast(self, sample: str, *, keep: bool = True) -> None:
        self.seq += 1
        started = time.perf_counter()
        await self.control.send(floor_frame(sample, self.seq))
        times = await self.fleet.wait_all(self.seq)
        await self.control.recv()
        if keep:
            self.rounds.append([(t - started) * 1000 for t in times])

    async def close(self) -> tuple[int, int]:
        errors = delivery_errors(self.fleet)
        await self.control.close()
        await self.fleet.close()
        return errors


async def quiet(servers: list[Daphne]) -> None:
    for server in servers:
        await wait_quiet(server.pid, server.port)


def order_text(fleet: Fleet) -> str:
    late, resyncs = fleet.order_report()
    return f"{late} out of order, {resyncs} resyncs"


async def scenario_fanout(run: Run) -> list[Row]:
    """One agenda event from the chair's click to every tablet, against floor + ceiling."""
    stack = run.stack()
    floor = FloorServer().start() if not run.small else None
    ceiling = Ceiling(stack)
    rows = []
    try:
        for n in run.sizes:
            await quiet(stack.servers[:1])
            fleet = await stack.open_fleet(n, lean=True)
            side = await FloorSide.open(floor, n) if floor is not None else None
            chair = stack.chair
            app: list[Any] = []
            ceilings: list[float | None] = []
            try:
                await agenda_event(fleet, chair, stack.next_item())  # warm-up
                sample = fleet.sample_frame
                if side is not None:
                    assert sample is not None
                    await side.broadcast(sample, keep=False)
                for _ in range(run.rounds):
                    app.append(await agenda_event(fleet, chair, stack.next_item()))
                    if side is not None and sample is not None:
                        await side.broadcast(sample)
                        ceilings.append(await asyncio.to_thread(ceiling.latency_ms))
                lost, doubled = delivery_errors(fleet)
                order = order_text(fleet)
            finally:
                await fleet.close()
                floor_errors = await side.close() if side is not None else (0, 0)
            if run.small or side is None or sample is None:
                title = "Agenda event to every tablet"
                row = correctness_row(title, str(n), 1 + run.rounds, lost, doubled)
                row.measured += f"; {order}"
                rows.append(row)
                continue
            rows.append(click_row(n, sample, app, side.rounds, ceilings, lost, doubled, order))
            rows[-1].failed = bool(lost or doubled or any(floor_errors))
    finally:
        if floor is not None:
            floor.stop()
    return rows


def click_row(
    n: int,
    sample: str,
    app: list[Any],
    floor: list[list[float]],
    ceilings: list[float | None],
    lost: int,
    doubled: int,
    order: str,
) -> Row:
    click = median_of_rounds([d.from_post for d in app])
    send = median_of_rounds([d.from_send for d in app])
    floor_stats = median_of_rounds(floor)
    measured = [c for c in ceilings if c is not None]
    # Per round: click p95 / (floor p95 + ceiling); the median of those ratios.
    ratios = [
        percentile(d.from_post, 95) / (percentile(f, 95) + (c or 0.0))
        for d, f, c in zip(app, floor, ceilings, strict=True)
    ]
    ratio = statistics.median(ratios)
    reference = "floor " + fmt3(floor_stats)
    if measured:
        reference += f" + ceiling request {statistics.median(measured):.0f} ms"
    else:
        reference += " (no ceiling view in this checkout: floor alone)"
    result = "met" if ratio <= GOAL_CLICK else "MISSED"
    if lost or doubled:
        result += f"; {lost} lost, {doubled} doubled"
    return Row(
        f"Agenda event to every tablet, from the click ({len(sample.encode())} B frame)",
        str(n),
        f"from the click {fmt3(click)}; from send {fmt3(send)}; "
        f"{n} distinct tablets each, {lost} lost, {doubled} doubled; {order}",
        reference,
        f"{ratio:.2f}x (p95: {fmt_ratio(click, floor_stats).split(' / ')[1]} of floor alone)",
        f"p95 <= {GOAL_CLICK:g}x (floor + ceiling request)",
        result,
    )


async def scenario_tally(run: Run) -> list[Row]:
    """One ballot's tally event to every tablet, timed from the ballot's write.

    A named motion is open; each round one delegate votes over HTTP. The tally is a
    coalesced latest-state event (sent once no ballot came for LIVE_QUIET_MS): timed from
    the ballot's write (its receipt's created_at, inside its transaction), so the quiet
    wait counts; "from send" against the floor sending the same frame, interleaved.
    """
    stack = run.stack()
    rounds = 1 if run.small else run.rounds
    tablets = stack.data["tablets"][: (rounds + 1) * len(run.sizes)]
    poll = (await prepare_motions(stack, tablets, polls=1, title="Bench tally"))[0]
    voters = iter(await csrf_cookies(stack, [t["cookie"] for t in tablets]))
    if await asyncio.to_thread(stack.chair.open_poll, poll["id"]) != 204:
        raise RuntimeError(f"opening poll {poll['id']} failed")
    floor = FloorServer().start() if not run.small else None
    rows = []
    try:
        for n in run.sizes:
            await quiet(stack.servers[:1])
            fleet = await stack.open_fleet(n, lean=True)
            side = await FloorSide.open(floor, n) if floor is not None else None
            from_write: list[list[float]] = []
            from_send: list[list[float]] = []
            sample = ""
            try:
                for round_ in range(rounds + 1):
                    ballot = Ballot(
                        cookies=next(voters),
                        choice=poll["options"]["yes"],
                        submission_id=str(uuid.uuid4()),
                        bases=[stack.servers[0].http],
                    )
                    tally = fleet.expect_unnumbered("poll.tally")
                    outcome = await asyncio.to_thread(cast_one, ballot, poll["id"])
                    if not outcome.confirmed:
                        tally.cancel()
                        raise RuntimeError(f"a ballot was refused: {outcome.errors}")
                    try:
                        sent_at = await asyncio.wait_for(tally, 30)
                    except TimeoutError:
                        raise TimeoutError(f"no tally reached all {n} tablets") from None
                    times = list(fleet.unnumbered[("poll.tally", sent_at)].values())
                    sample = fleet.unnumbered_frames[("poll.tally", sent_at)]
                    counted = await asyncio.to_thread(
                        stack.env.setup_step,
                        "voting",
                        payload={"action": "count", "poll_id": poll["id"]},
                    )
                    if side is not None:
                        await side.broadcast(sample, keep=bool(round_))
                    if round_:  # the first is a warm-up
                        written = counted["last_write"]
                        from_write.append([(t + EPOCH_OFFSET - written) * 1000 for t in times])
                        from_send.append([(t + EPOCH_OFFSET - sent_at) * 1000 for t in times])
            finally:
                await fleet.close()
                if side is not None:
                    await side.close()
            if run.small or side is None:
                rows.append(
                    Row(
                        "One ballot's tally event to every tablet",
                        str(n),
                        f"{rounds + 1} tallies reached all {n} distinct tablets",
                        goal="every tally on every tablet",
                        result="ok",
                    )
                )
                continue
            write, send = median_of_rounds(from_write), median_of_rounds(from_send)
            floor_stats = median_of_rounds(side.rounds)
            ratio = send["p95"] / floor_stats["p95"]
            rows.append(
                Row(
                    f"Tally event to every tablet ({len(sample.encode())} B frame)",
                    str(n),
                    f"from the ballot's write {fmt3(write)} (the quiet wait included); "
                    f"from send {fmt3(send)}; {n} distinct tablets each",
                    "floor " + fmt3(floor_stats),
                    f"{ratio:.2f}x (from send)",
                    f"p95 from send <= {GOAL_TALLY:g}x floor",
                    "met" if ratio <= GOAL_TALLY else "MISSED",
                )
            )
    finally:
        await asyncio.to_thread(stack.chair.close_poll, poll["id"])
        if floor is not None:
            floor.stop()
    return rows


async def scenario_cross_process(run: Run) -> list[Row]:
    """N tablets on one process against N + N on two processes behind one Redis."""
    if not run.small:
        run.close_stack()  # the single-process app is done: these servers get the cores
    stack = run.cross_stack()
    per = 50 if run.small else run.cross_per_process
    rounds = 2 if run.small else run.rounds
    backends = stack.env.description
    results: dict[str, Any] = {}
    for label, servers, n in (
        ("single", stack.servers[:1], per),
        ("cross", stack.servers, 2 * per),
    ):
        await quiet(stack.servers)
        fleet = await stack.open_fleet(n, servers, lean=True)
        try:
            chairs = [stack.chair_at(s) for s in servers]
            await agenda_event(fleet, chairs[0], stack.next_item())  # warm-up
            results[label] = [
                await agenda_event(fleet, chairs[r % len(chairs)], stack.next_item())
                for r in range(rounds)
            ]
            results[label + "_errors"] = delivery_errors(fleet)
            results[label + "_order"] = order_text(fleet)
        finally:
            await fleet.close()
    lost = results["single_errors"][0] + results["cross_errors"][0]
    doubled = results["single_errors"][1] + results["cross_errors"][1]
    title = f"Cross-process fan-out, 2 Daphne ({backends})"
    tablets = f"{2 * per} ({per} + {per}) vs {per} on one"
    if run.small:
        row = correctness_row(title, tablets, 2 * (rounds + 1), lost, doubled)
        row.measured = f"{rounds + 1} events each way: {lost} lost, {doubled} doubled"
        return [row]
    cross = median_of_rounds([d.from_post for d in results["cross"]])
    single = median_of_rounds([d.from_post for d in results["single"]])
    cross_send = median_of_rounds([d.from_send for d in results["cross"]])
    ratio = cross["p95"] / single["p95"]
    row = Row(
        title,
        tablets,
        f"from the click {fmt3(cross)}; from send {fmt3(cross_send)}; "
        f"{lost} lost, {doubled} doubled; {results['cross_order']}",
        f"1 process, {per} tablets: from the click {fmt3(single)}; {results['single_order']}",
        f"{ratio:.2f}x",
        f"p95 <= {GOAL_CROSS:g}x one process",
        "met" if ratio <= GOAL_CROSS else "MISSED",
        failed=bool(lost or doubled),
    )
    if lost or doubled:
        row.result += f"; {lost} lost, {doubled} doubled"
    return [row]
