"""The scenarios. Each is `async def scenario_x(run) -> list[Row]`, listed in SCENARIOS.

Adding one (the ballot burst, once voting/ exists) means writing its function and nothing
else: `run.stack()` gives a running app with logged-in tablets' cookies and the chair,
`Fleet` the tablets, `Device` any delegate's HTTP client.
"""

import asyncio
import json
import os
import random
import shutil
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from websockets.asyncio.client import connect
from websockets.exceptions import InvalidHandshake

from bench.floor import FloorServer
from bench.http import Chair, Device
from bench.infra import AppEnvironment, Daphne, RedisServer
from bench.stats import fmt_ms, fmt_ratio, median_of_rounds
from bench.tablets import Fleet, Tablet

CHAIR_LOGIN = ("chutoa", "demo1234")
GOAL_FANOUT_P95 = 2.0  # x floor
GOAL_MEMORY_KB = 40.0
GOAL_CROSS_P95 = 1.5  # x single process
PRODUCERS = 20


class NotRun(Exception):
    """A scenario that cannot run here; its row says why instead of showing a figure."""


class NeedsVoting(NotRun):
    pass


@dataclass
class Row:
    scenario: str
    tablets: str
    measured: str
    reference: str = ""
    ratio: str = ""
    goal: str = ""
    result: str = ""
    failed: bool = False  # a correctness failure: --small exits non-zero


@dataclass
class Stack:
    """A running app: its environment, Daphne processes, demo data and the chair."""

    env: AppEnvironment
    data: dict[str, Any]
    servers: list[Daphne]
    chair: Chair
    current_item: int = 0

    @property
    def path(self) -> str:
        return f"/ws/sittings/{self.data['sitting_id']}/"

    def cookies(self, n: int) -> list[str | None]:
        tablets = self.data["tablets"]
        if n > len(tablets):
            raise RuntimeError(f"only {len(tablets)} tablet sessions were made")
        return [t["cookie"] for t in tablets[:n]]

    def next_item(self) -> int:
        items = self.data["items"]
        self.current_item = (self.current_item + 1) % len(items)
        return items[self.current_item]

    def chair_at(self, server: Daphne) -> Chair:
        return Chair(self.chair.device.at(server.http), self.chair.sitting_id)

    async def open_fleet(self, n: int, servers: list[Daphne] | None = None, **options) -> Fleet:
        servers = servers or self.servers[:1]
        # Tablet i talks to server i % len(servers); it knows the others for failover.
        addresses = [
            [s.ws for s in servers[i % len(servers) :] + servers[: i % len(servers)]]
            for i in range(n)
        ]
        fleet = Fleet()
        await fleet.open(addresses, self.path, self.cookies(n), **options)
        return fleet

    async def fresh_snapshot(self, server: Daphne | None = None) -> dict[str, Any]:
        server = server or self.servers[0]
        cookie = self.data["tablets"][0]["cookie"]
        tablet = Tablet([server.ws], self.path, cookie, track_state=True)
        for attempt in range(3):
            # Daphne drops a handshake the app has not accepted within 5 s (a busy server).
            try:
                await tablet.open()
                break
            except (OSError, InvalidHandshake, TimeoutError):
                if attempt == 2:
                    raise
        snapshot = {"seq": tablet.last_seq, "regions": dict(tablet.regions)}
        await tablet.close()
        return snapshot

    def close(self) -> None:
        self.env.close()


def build_stack(
    *, database_url: str | None, redis_url: str | None, delegates: int, processes: int = 1
) -> Stack:
    env = AppEnvironment(database_url=database_url, redis_url=redis_url)
    env.__enter__()
    try:
        data = env.prepare(delegates=delegates, chair_devices=PRODUCERS)
        servers = [env.daphne() for _ in range(processes)]
        device = Device(servers[0].http)
        device.login(*CHAIR_LOGIN)
        chair = Chair(device, data["sitting_id"])
        chair.open_console()
        chair.start_sitting()  # makes the first item current
        return Stack(env, data, servers, chair)
    except BaseException:
        env.close()
        raise


@dataclass
class Run:
    small: bool = False
    rounds: int = 5
    sizes: tuple[int, ...] = (100, 500)
    cross_tablets: int = 1000
    database_url: str | None = field(default_factory=lambda: os.environ.get("DATABASE_URL"))
    redis_url: str | None = field(default_factory=lambda: os.environ.get("REDIS_URL"))
    _stack: Stack | None = None

    @property
    def tablets(self) -> int:
        return max(self.sizes)

    def stack(self) -> Stack:
        """The single-process app on the configured backends, shared by scenarios."""
        if self._stack is None:
            self._stack = build_stack(
                database_url=self.database_url, redis_url=self.redis_url, delegates=self.tablets
            )
        return self._stack

    def close(self) -> None:
        if self._stack is not None:
            self._stack.close()
            self._stack = None


# -- measurements ---------------------------------------------------------------------------


async def agenda_event(
    fleet: Fleet, chair: Chair, item: int, *, timeout: float = 30
) -> list[float]:
    """POST an item change as the chair; ms from just before the POST to each tablet."""
    seq = fleet.common_seq() + 1
    started = time.perf_counter()
    post = asyncio.create_task(asyncio.to_thread(chair.set_item, item))
    try:
        times = await fleet.wait_all(seq, timeout=timeout)
    finally:
        status = await post
    if status != 204:
        raise RuntimeError(f"set_item answered {status}")
    return [(t - started) * 1000 for t in times]


async def app_rounds(stack: Stack, fleet: Fleet, rounds: int, servers=None) -> list[list[float]]:
    chairs = [stack.chair_at(s) for s in (servers or stack.servers[:1])]
    await agenda_event(fleet, chairs[0], stack.next_item())  # warm-up, not counted
    return [
        await agenda_event(fleet, chairs[r % len(chairs)], stack.next_item()) for r in range(rounds)
    ]


def delivery_errors(fleet: Fleet, up_to: int | None = None) -> tuple[int, int]:
    """(lost, doubled) numbered events over every tablet since its snapshot."""
    if up_to is None:
        up_to = max((t.last_seq or 0) for t in fleet.tablets)
    lost = sum(len(t.missing(up_to)) for t in fleet.tablets)
    doubled = sum(len(t.doubled()) for t in fleet.tablets)
    return lost, doubled


async def floor_rounds(n: int, rounds: int, frame_bytes: int) -> list[list[float]]:
    server = FloorServer().start()
    fleet = Fleet()
    try:
        await fleet.open([[server.ws]] * n, "/", [None] * n)
        async with connect(server.ws + "/control", proxy=None, compression=None) as control:
            results = []
            for seq in range(1, rounds + 2):
                started = time.perf_counter()
                await control.send(json.dumps({"seq": seq, "size": frame_bytes}))
                times = await fleet.wait_all(seq)
                await control.recv()
                if seq > 1:  # the first is a warm-up
                    results.append([(t - started) * 1000 for t in times])
            return results
    finally:
        await fleet.close()
        server.stop()


# -- scenarios ------------------------------------------------------------------------------


async def scenario_fanout(run: Run) -> list[Row]:
    """One agenda event from the chair's POST to every tablet, against the floor."""
    stack = run.stack()
    rows = []
    for n in run.sizes:
        fleet = await stack.open_fleet(n)
        try:
            app = await app_rounds(stack, fleet, run.rounds)
            lost, doubled = delivery_errors(fleet)
            frame_bytes = fleet.frame_bytes or 1000
        finally:
            await fleet.close()
        events = run.rounds + 1
        if run.small:
            ok = lost == 0 and doubled == 0
            rows.append(
                Row(
                    "Agenda event to every tablet",
                    str(n),
                    f"{events} events: {lost} lost, {doubled} doubled",
                    goal="0 lost, 0 doubled",
                    result="ok" if ok else "FAILED",
                    failed=not ok,
                )
            )
            continue
        floor = await floor_rounds(n, run.rounds, frame_bytes)
        app_stats, floor_stats = median_of_rounds(app), median_of_rounds(floor)
        ratio = app_stats["p95"] / floor_stats["p95"]
        # The first tablet's time is what the POST, the transaction and the render cost
        # before any fan-out; the rest is the fan-out itself.
        first = statistics.median(min(r) for r in app)
        first_floor = statistics.median(min(r) for r in floor)
        rows.append(
            Row(
                f"Agenda event to every tablet ({frame_bytes} B frame)",
                str(n),
                fmt_ms(app_stats) + f" (first tablet {first:.0f})",
                "floor " + fmt_ms(floor_stats) + f" (first {first_floor:.0f})",
                fmt_ratio(app_stats, floor_stats),
                f"p95 <= {GOAL_FANOUT_P95:g}x floor",
                "met" if ratio <= GOAL_FANOUT_P95 else "MISSED",
                failed=bool(lost or doubled),
            )
        )
        if lost or doubled:
            rows[-1].result += f"; {lost} lost, {doubled} doubled"
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
    fleet = await stack.open_fleet(n)
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
        gaps = sum(t.gaps for t in fleet.tablets)
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
            f"{lost} lost, {doubled} doubled; {gaps} arrived out of order "
            f"(live.js resyncs on each)",
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


async def scenario_cross_process(run: Run) -> list[Row]:
    """Two Daphne processes on one Redis (and PostgreSQL when configured), N split."""
    n = 100 if run.small else run.cross_tablets
    private: RedisServer | None = None
    redis_url = run.redis_url
    stack = None
    try:
        if not redis_url:
            if not RedisServer.available():
                raise NotRun("not run: no REDIS_URL and no redis-server installed")
            redis_dir = Path(tempfile.mkdtemp(prefix="council-redis-"))
            private = RedisServer(redis_dir).start()
            redis_url = private.url
        stack = await asyncio.to_thread(
            build_stack,
            database_url=run.database_url,
            redis_url=redis_url,
            delegates=n,
            processes=2,
        )
        backends = stack.env.description
        rounds = 2 if run.small else run.rounds
        results: dict[str, Any] = {}
        for label, servers in (("single", stack.servers[:1]), ("cross", stack.servers)):
            fleet = await stack.open_fleet(n, servers)
            try:
                results[label] = await app_rounds(stack, fleet, rounds, servers)
                results[label + "_errors"] = delivery_errors(fleet)
            finally:
                await fleet.close()
    finally:
        if stack is not None:
            stack.close()
        if private is not None:
            private.stop()
            shutil.rmtree(private.workdir, ignore_errors=True)
    lost = results["single_errors"][0] + results["cross_errors"][0]
    doubled = results["single_errors"][1] + results["cross_errors"][1]
    if run.small:
        ok = lost == 0 and doubled == 0
        return [
            Row(
                f"Cross-process fan-out, 2 Daphne ({backends})",
                f"{n} ({n // 2} + {n - n // 2})",
                f"{rounds + 1} events each way: {lost} lost, {doubled} doubled",
                goal="0 lost, 0 doubled",
                result="ok" if ok else "FAILED",
                failed=not ok,
            )
        ]
    cross, single = median_of_rounds(results["cross"]), median_of_rounds(results["single"])
    ratio = cross["p95"] / single["p95"]
    row = Row(
        f"Cross-process fan-out, 2 Daphne ({backends})",
        f"{n} ({n // 2} + {n - n // 2})",
        fmt_ms(cross),
        "1 process " + fmt_ms(single),
        fmt_ratio(cross, single),
        f"p95 <= {GOAL_CROSS_P95:g}x single process",
        "met" if ratio <= GOAL_CROSS_P95 else "MISSED",
        failed=bool(lost or doubled),
    )
    if lost or doubled:
        row.result += f"; {lost} lost, {doubled} doubled"
    return [row]


async def scenario_ballot_burst(run: Run) -> list[Row]:
    """500 ballots over HTTP within two seconds -> every tablet shows the exact final tally.

    Measures the time from the last ballot's response until every tablet's tally region
    shows the final counts (`fleet.wait_state(predicate)` with track_state=True tablets),
    and ballots recorded (from a fresh snapshot or the poll's result) vs ballots sent;
    goals: 300 ms after the last ballot, tally to all 500 within 2x floor at p95, 0 ballots
    lost or doubled. Delegates' HTTP devices: `Device(server.http, session=cookie)` with
    `stack.data["tablets"]` cookies (500 distinct delegates, one ballot each).
    """
    raise NeedsVoting("needs voting")


SCENARIOS: dict[str, Callable[[Run], Awaitable[list[Row]]]] = {
    "fanout": scenario_fanout,
    "producers": scenario_producers,
    "memory": scenario_memory,
    "ballots": scenario_ballot_burst,
    "cross": scenario_cross_process,
}

TITLES = {
    "fanout": "Agenda event to every tablet",
    "producers": f"{PRODUCERS} concurrent producers",
    "memory": "Resident memory per idle tablet",
    "ballots": "Ballot burst: 500 ballots over HTTP in 2 s",
    "cross": "Cross-process fan-out, 2 Daphne",
}


async def run_scenario(name: str, run: Run) -> list[Row]:
    try:
        return await SCENARIOS[name](run)
    except NeedsVoting:
        return [Row(TITLES[name], "500", "", result="not run: voting not built yet")]
    except NotRun as reason:
        return [Row(TITLES[name], "", "", result=str(reason))]
    except Exception as exc:  # a scenario that breaks is a failed row, not a lost table
        result = f"ERROR: {type(exc).__name__}: {exc}"
        logged = run._stack.env.last_error() if run._stack is not None else ""
        if logged:
            result += f" (server log: {logged})"
        return [Row(TITLES[name], "", "", result=result, failed=True)]
