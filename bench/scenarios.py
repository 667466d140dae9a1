"""The scenarios. Each is `async def scenario_x(run) -> list[Row]`, listed in SCENARIOS.

Adding one means writing its function and listing it: `run.stack()` (bench.core) gives a
running app with logged-in tablets' cookies and the chair, `Fleet` the tablets, `Device`
any delegate's HTTP client. The fan-out scenarios are in bench.fanout, the ballots in
bench.hall; the scenarios that start two processes run last (they stop the single one).
"""

import asyncio
import random
import statistics
import time
from collections.abc import Awaitable, Callable
from contextlib import suppress

from bench.core import (
    PRODUCERS,
    NotRun,
    Row,
    Run,
    correctness_row,
    delivery_errors,
    posted_event,
)
from bench.fanout import scenario_cross_process, scenario_fanout, scenario_tally
from bench.hall import scenario_ballot_burst, scenario_ballots_two, scenario_sealed, scenario_tap
from bench.http import Chair, Device, Secretariat
from bench.stats import fmt_ms, median_of_rounds

GOAL_MEMORY_KB = 40.0
GOAL_PUBLISH_MS = 1000.0  # issue 3: "pushes to every tablet in the sitting within a second"
TITLES = {
    "fanout": "Agenda event to every tablet",
    "tally": "Tally event to every tablet",
    "publish": "Publish a document -> every tablet",
    "producers": f"{PRODUCERS} concurrent producers",
    "memory": "Resident memory per idle tablet",
    "tap": "The hall's tap: 95 ballots over 1 s",
    "ballots": "Ballot burst: 500 ballots over 2 s, 1 process",
    "sealed": "Sealed ballot burst: 500 secret ballots over 2 s",
    "cross": "Cross-process fan-out, 2 Daphne",
    "ballots2": "Ballot burst on 2 Daphne: 500 ballots over 2 s",
}


async def scenario_publish(run: Run) -> list[Row]:
    """The secretariat publishes a document -> every tablet's document list has it."""
    stack = run.stack()
    device = Device(stack.servers[0].http, session=stack.data["secretariat_cookie"])
    secretariat = Secretariat(device, stack.data["sitting_id"])
    secretariat.open_page()
    document = stack.data["document_id"]
    rows = []
    for n in run.sizes:
        fleet = await stack.open_fleet(n)
        try:
            published = []
            for round_ in range(run.rounds + 1):  # the first is a warm-up
                delivery = await posted_event(fleet, lambda: secretariat.publish(document))
                if round_:
                    published.append(delivery)
                await posted_event(fleet, lambda: secretariat.unpublish(document))
            lost, doubled = delivery_errors(fleet)
        finally:
            await fleet.close()
        if run.small:
            events = 2 * (run.rounds + 1)
            rows.append(correctness_row(TITLES["publish"], str(n), events, lost, doubled))
            continue
        post_stats = median_of_rounds([d.from_post for d in published])
        send_stats = median_of_rounds([d.from_send for d in published])
        met = post_stats["p95"] <= GOAL_PUBLISH_MS and not (lost or doubled)
        rows.append(
            Row(
                TITLES["publish"],
                str(n),
                "from the POST " + fmt_ms(post_stats) + "; from send " + fmt_ms(send_stats),
                goal=f"p95 <= {GOAL_PUBLISH_MS:g} ms from the POST",
                result=("met" if met else "MISSED")
                + (f"; {lost} lost, {doubled} doubled" if lost or doubled else ""),
                failed=bool(lost or doubled),
            )
        )
    return rows


async def scenario_producers(run: Run) -> list[Row]:
    """20 chair devices posting item changes at once; losses counted from seq gaps."""
    stack = run.stack()
    n = run.tablets
    posts, rounds = 10, (2 if run.small else 1)
    devices = [Device(stack.servers[0].http, session=c) for c in stack.data["chair_cookies"]]
    chairs = [Chair(d, stack.data["sitting_id"]) for d in devices]
    await asyncio.gather(*(asyncio.to_thread(c.open_console) for c in chairs))
    items = stack.data["items"]
    fleet = await stack.open_fleet(n, lean=True)
    try:
        first = fleet.common_seq()

        def produce(index: int, round_: int) -> int:
            rng = random.Random(index * 1000 + round_)
            sent = 0
            for _ in range(posts):
                if time.monotonic() > deadline:
                    break
                sent += 1
                chairs[index].set_item(rng.choice(items))
            return sent

        started = time.perf_counter()
        deadline = time.monotonic() + 45  # keep the scenario bounded
        posted = 0
        for round_ in range(rounds):
            posted += sum(
                await asyncio.gather(
                    *(asyncio.to_thread(produce, i, round_) for i in range(len(chairs)))
                )
            )
        elapsed = time.perf_counter() - started
        final = (await stack.fresh_snapshot())["seq"]
        with suppress(TimeoutError):
            await fleet.wait_all(final, timeout=20)
        lost, doubled = delivery_errors(fleet, final)
        await asyncio.sleep(0.5)  # a hole open now is one live.js would resync for
        late, resyncs = fleet.order_report()
    finally:
        await fleet.close()
    published = final - first
    ok = lost == 0 and doubled == 0 and published > 0
    return [
        Row(
            f"{len(chairs)} concurrent producers",
            str(n),
            f"{posted} posts, {published} events in {elapsed:.1f} s -> "
            f"{published * n} deliveries: "
            f"{lost} lost, {doubled} doubled; {late} arrived after a higher number, "
            f"{resyncs} resyncs (concurrent requests commit and send in different threads; "
            f"live.js holds an event up to 400 ms for a missing one, then resyncs)",
            goal="0 lost",
            result=("met" if not run.small else "ok") if ok else "FAILED",
            failed=not ok,
        )
    ]


async def scenario_memory(run: Run) -> list[Row]:
    """VmRSS of a fresh Daphne before/after N idle tablets, per connection."""
    if run.small:
        raise NotRun("not run in --small (a measurement, not a correctness check)")
    stack = run.stack()
    n = run.tablets
    per_connection = []
    for _ in range(3):
        server = stack.env.daphne()
        try:
            warm = await stack.open_fleet(5, [server])  # imports, templates, first queries
            await warm.close()
            await asyncio.sleep(1)
            before = server.rss_kb()
            fleet = await stack.open_fleet(n, [server])
            await asyncio.sleep(2)
            after = server.rss_kb()
            await fleet.close()
        finally:
            server.stop()
            stack.env.daphnes.remove(server)
        per_connection.append((after - before) / n)
    kb = statistics.median(per_connection)
    return [
        Row(
            "Resident memory per idle tablet",
            str(n),
            f"{kb:.1f} KB (rounds: {', '.join(f'{x:.1f}' for x in per_connection)})",
            goal=f"<= {GOAL_MEMORY_KB:g} KB",
            result="met" if kb <= GOAL_MEMORY_KB else "MISSED",
        )
    ]


SCENARIOS: dict[str, Callable[[Run], Awaitable[list[Row]]]] = {
    "fanout": scenario_fanout,
    "tally": scenario_tally,
    "publish": scenario_publish,
    "producers": scenario_producers,
    "memory": scenario_memory,
    "tap": scenario_tap,
    "ballots": scenario_ballot_burst,
    "sealed": scenario_sealed,
    "cross": scenario_cross_process,
    "ballots2": scenario_ballots_two,
}


async def run_scenario(name: str, run: Run) -> list[Row]:
    try:
        return await SCENARIOS[name](run)
    except NotRun as reason:
        return [Row(TITLES[name], "", "", result=str(reason))]
    except Exception as exc:  # a scenario that breaks is a failed row, not a lost table
        result = f"ERROR: {type(exc).__name__}: {exc}"
        for stack in (run._stack, run._cross):
            logged = stack.env.last_error() if stack is not None else ""
            if logged:
                result += f" (server log: {logged})"
        return [Row(TITLES[name], "", "", result=result, failed=True)]
