"""The scenarios. Each is `async def scenario_x(run) -> list[Row]`, listed in SCENARIOS.

Adding one (the ballot burst, once voting/ exists) means writing its function and nothing
else: `run.stack()` gives a running app with logged-in tablets' cookies and the chair,
`Fleet` the tablets, `Device` any delegate's HTTP client.
"""

import asyncio
import json
import os
import random
import re
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable
from contextlib import suppress
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from websockets.asyncio.client import connect
from websockets.exceptions import InvalidHandshake

from bench.ballots import Ballot, Outcome, Tally, cast_one, outcomes_from, parse_tally
from bench.floor import FloorServer
from bench.http import Chair, Device, Secretariat
from bench.infra import PYTHON, ROOT, AppEnvironment, Daphne, RedisServer
from bench.stats import fmt_ms, fmt_ratio, median_of_rounds
from bench.tablets import EPOCH_OFFSET, Fleet, Tablet

CHAIR_LOGIN = ("chutoa", "demo1234")
GOAL_FANOUT_P95 = 2.0  # x floor
GOAL_MEMORY_KB = 40.0
GOAL_CROSS_P95 = 1.5  # x single process
GOAL_TALLY_MS = 300.0  # after the last ballot's answer
GOAL_PUBLISH_MS = 1000.0  # issue 3: "pushes to every tablet in the sitting within a second"
BURST_SECONDS = 2.0
# Concurrent HTTP clients casting the ballots (0: one per tablet). Bounded by default: with
# one per tablet, Daphne opens one PostgreSQL connection per in-flight request (thread per
# request, CONN_MAX_AGE=60) and exhausts max_connections (100) -- see the report.
BALLOT_CLIENTS = int(os.environ.get("BENCH_BALLOT_CLIENTS", "20"))
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


@dataclass
class Delivery:
    """One event's arrival at every tablet, in ms."""

    from_post: list[float]  # from just before the chair's POST
    from_send: list[float]  # from the server's send (after commit and render)


def correctness_row(title: str, tablets: str, events: int, lost: int, doubled: int) -> Row:
    """A --small row: nothing lost or doubled, no timing."""
    ok = lost == 0 and doubled == 0
    return Row(
        title,
        tablets,
        f"{events} events: {lost} lost, {doubled} doubled",
        goal="0 lost, 0 doubled",
        result="ok" if ok else "FAILED",
        failed=not ok,
    )


async def agenda_event(fleet: Fleet, chair: Chair, item: int, *, timeout: float = 30) -> Delivery:
    """POST an item change as the chair; when it reached each tablet."""
    return await posted_event(fleet, lambda: chair.set_item(item), timeout=timeout)


async def app_rounds(stack: Stack, fleet: Fleet, rounds: int, servers=None) -> list[Delivery]:
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


def floor_frame(sample: str, seq: int) -> str:
    """The app's frame as the floor sends it: numbered `seq`, without the server's sent_at."""
    unstamped = re.sub(r'"sent_at":[\d.]+,', "", sample)
    return re.sub(r'"seq":(\d+|null)', f'"seq":{seq}', unstamped, count=1)


async def floor_rounds(n: int, rounds: int, sample: str) -> list[list[float]]:
    server = FloorServer().start()
    fleet = Fleet()
    try:
        await fleet.open([[server.ws]] * n, "/", [None] * n)
        async with connect(server.ws + "/control", proxy=None, compression=None) as control:
            results = []
            for seq in range(1, rounds + 2):
                frame = floor_frame(sample, seq)
                started = time.perf_counter()
                await control.send(frame)
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
            sample = fleet.sample_frame
        finally:
            await fleet.close()
        events = run.rounds + 1
        if run.small:
            rows.append(
                correctness_row("Agenda event to every tablet", str(n), events, lost, doubled)
            )
            continue
        if sample is None:
            raise RuntimeError("no numbered event reached a tablet")
        floor = await floor_rounds(n, run.rounds, sample)
        # Like the floor, timed from the send (after commit and render); the chair's whole
        # request (HTTP, transaction, render) comes on top and is shown beside it.
        post_stats = median_of_rounds([d.from_post for d in app])
        title = f"Agenda event to every tablet ({len(sample.encode())} B frame)"
        rows.append(
            fanout_row(
                title,
                n,
                [d.from_send for d in app],
                floor,
                measured="; from the chair's POST " + fmt_ms(post_stats),
            )
        )
        rows[-1].failed = bool(lost or doubled)
        if lost or doubled:
            rows[-1].result += f"; {lost} lost, {doubled} doubled"
    return rows


async def prepare_motions(
    stack: Stack, tablets: list[dict[str, Any]], *, polls: int, title: str
) -> list[dict[str, Any]]:
    """Check the tablets' delegates in and create named motions, through the services."""
    prepared = await asyncio.to_thread(
        stack.env.setup_step,
        "voting",
        payload={
            "action": "prepare",
            "sitting_id": stack.data["sitting_id"],
            "member_ids": [t["member_id"] for t in tablets],
            "polls": polls,
            "title": title,
        },
    )
    return prepared["polls"]


def fanout_row(
    title: str, n: int, app: list[list[float]], floor: list[list[float]], measured: str = ""
) -> Row:
    app_stats, floor_stats = median_of_rounds(app), median_of_rounds(floor)
    ratio = app_stats["p95"] / floor_stats["p95"]
    return Row(
        title,
        str(n),
        "from send " + fmt_ms(app_stats) + measured,
        "floor " + fmt_ms(floor_stats),
        fmt_ratio(app_stats, floor_stats),
        f"p95 <= {GOAL_FANOUT_P95:g}x floor",
        "met" if ratio <= GOAL_FANOUT_P95 else "MISSED",
    )


async def scenario_tally(run: Run) -> list[Row]:
    """One ballot's live tally event to every tablet, against the floor sending the same frame.

    A named motion is open; for each round one delegate votes over HTTP. The tally is a
    coalesced latest-state event (sent once no ballot came for LIVE_QUIET_MS), so it is
    timed from its own send, like the floor from its broadcast; the coalescing wait is the
    ballot burst's business.
    """
    stack = run.stack()
    rounds = 1 if run.small else run.rounds
    voters_needed = (rounds + 1) * len(run.sizes)
    tablets = stack.data["tablets"][:voters_needed]
    poll = (await prepare_motions(stack, tablets, polls=1, title="Bench tally"))[0]
    voters = iter(await csrf_cookies(stack, [t["cookie"] for t in tablets]))
    if await asyncio.to_thread(stack.chair.open_poll, poll["id"]) != 204:
        raise RuntimeError(f"opening poll {poll['id']} failed")
    rows = []
    try:
        for n in run.sizes:
            fleet = await stack.open_fleet(n)
            app: list[list[float]] = []
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
                    times = fleet.unnumbered[("poll.tally", sent_at)]
                    sample = fleet.unnumbered_frames[("poll.tally", sent_at)]
                    if round_:  # the first is a warm-up
                        app.append([(t + EPOCH_OFFSET - sent_at) * 1000 for t in times])
            finally:
                await fleet.close()
            if run.small:
                rows.append(
                    Row(
                        "One ballot's tally event to every tablet",
                        str(n),
                        f"{rounds + 1} tallies reached all {n} tablets",
                        goal="every tally on every tablet",
                        result="ok",
                    )
                )
                continue
            floor = await floor_rounds(n, rounds, sample)
            title = f"Tally event to every tablet ({len(sample.encode())} B frame)"
            rows.append(fanout_row(title, n, app, floor))
    finally:
        await asyncio.to_thread(stack.chair.close_poll, poll["id"])
    return rows


async def posted_event(fleet: Fleet, post: Callable[[], int], *, timeout: float = 30) -> Delivery:
    """POST as some device; when the numbered event it causes reached each tablet."""
    seq = fleet.common_seq() + 1
    started = time.perf_counter()
    request = asyncio.create_task(asyncio.to_thread(post))
    try:
        times = await fleet.wait_all(seq, timeout=timeout)
    finally:
        status = await request
    if status >= 400:
        raise RuntimeError(f"the POST answered {status}")
    return Delivery([(t - started) * 1000 for t in times], fleet.since_sent(seq))


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
            f"{lost} lost, {doubled} doubled; {gaps} arrived before an earlier number "
            f"(concurrent requests commit and send in different threads; live.js holds such "
            f"an event up to 400 ms for the missing one, then resyncs)",
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
    cross = median_of_rounds([d.from_send for d in results["cross"]])
    single = median_of_rounds([d.from_send for d in results["single"]])
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


@dataclass
class Burst:
    """One ballot burst: what was sent, what the database holds, what the tablets showed."""

    sent: int
    confirmed: int
    retried: int
    recorded: int
    doubled: int
    lost: int
    burst_s: float
    http_ms: list[float]
    tally_ms: list[float]  # per tablet: final tally shown, after the last ballot's answer
    sent_ms: list[float]  # per tablet: the server's send of that frame, after the same
    final: dict[str, int]
    shown_right: bool
    errors: list[str]

    @property
    def correct(self) -> bool:
        return (
            self.recorded == self.sent == self.confirmed
            and self.doubled == 0
            and self.lost == 0
            and self.shown_right
        )


CHOICES = (("yes", 0.6), ("no", 0.25), ("abstain", 0.15))


def shows_tally(poll_id: int, counts: dict[str, int], cast: int) -> Callable[[Tablet], bool]:
    def predicate(tablet: Tablet) -> bool:
        tally = parse_tally(tablet.regions.get("poll-tally"))
        return (
            tally is not None
            and tally.poll_id == poll_id
            and tally.cast == cast
            and tally.counts == counts
        )

    return predicate


async def csrf_cookies(stack: Stack, cookies: list[str]) -> list[dict[str, str]]:
    """Each tablet loads the room page once, as it does before any vote: its CSRF cookie."""
    server = stack.servers[0]
    gate = asyncio.Semaphore(20)
    path = f"/sittings/{stack.data['sitting_id']}/"

    async def one(cookie: str) -> dict[str, str]:
        device = Device(server.http, session=cookie)
        async with gate:
            await asyncio.to_thread(device.ensure_csrf, path)
        return dict(device.cookies)

    return list(await asyncio.gather(*(one(c) for c in cookies)))


async def cast_in_subprocess(ballots: list[Ballot], poll_id: int, spread: float) -> list[Outcome]:
    """The voters in their own process: their threads must not slow the tablets' loop."""
    process = await asyncio.create_subprocess_exec(
        PYTHON,
        "-m",
        "bench.ballots",
        cwd=ROOT,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    request = {
        "poll_id": poll_id,
        "spread": spread,
        "workers": BALLOT_CLIENTS or None,
        "ballots": [asdict(b) for b in ballots],
    }
    out, err = await process.communicate(json.dumps(request).encode())
    if process.returncode:
        raise RuntimeError(f"bench.ballots failed: {err.decode()[-2000:]}")
    return outcomes_from(json.loads(out))


async def ballot_burst(
    stack: Stack, fleet: Fleet, poll: dict[str, Any], voters: list[dict[str, str]], seed: int
) -> Burst:
    poll_id = poll["id"]
    status = await asyncio.to_thread(stack.chair.open_poll, poll_id)
    if status != 204:
        raise RuntimeError(f"opening poll {poll_id} answered {status}")
    await fleet.wait_state(lambda t: shows_open(t, poll_id), timeout=30)
    progress(f"poll {poll_id} open on every tablet")

    rng = random.Random(seed)
    codes = rng.choices([c for c, _ in CHOICES], [w for _, w in CHOICES], k=len(voters))
    ballots = [
        Ballot(
            cookies=cookies,
            choice=poll["options"][code],
            submission_id=str(uuid.uuid4()),
            bases=[stack.servers[0].http],
            code=code,
        )
        for cookies, code in zip(voters, codes, strict=True)
    ]
    # When each tablet's tally changed to what: the final tally is known only once counted.
    shown: dict[int, list[tuple[float, Tally | None, float | None]]] = {
        id(t): [] for t in fleet.tablets
    }

    def note(tablet: Tablet, at: float) -> None:
        tally = parse_tally(tablet.regions.get("poll-tally"))
        history = shown[id(tablet)]
        if not history or history[-1][1] != tally:
            history.append((at, tally, tablet.last_sent_at))

    stop = fleet.record(note)
    try:
        outcomes = await cast_in_subprocess(ballots, poll_id, BURST_SECONDS)
        counted = await asyncio.to_thread(
            stack.env.setup_step, "voting", payload={"action": "count", "poll_id": poll_id}
        )
        final = {code: counted["counts"].get(code, 0) for code, _ in CHOICES}
        shown_right = True
        try:
            await fleet.wait_state(shows_tally(poll_id, final, counted["ballots"]), timeout=30)
        except TimeoutError as exc:
            shown_right = False
            progress(f"final tally not shown everywhere: {exc}")
    finally:
        stop()
    progress(f"burst done: {counted['ballots']} recorded")

    last_answer = max(o.answered_at for o in outcomes)
    tally_ms, sent_ms = [], []
    for tablet in fleet.tablets:
        # The first time it showed the final tally and kept showing it.
        history = shown[id(tablet)]
        reached = sent = None
        for at, tally, sent_at in reversed(history):
            if tally is None or tally.poll_id != poll_id or tally.counts != final:
                break
            reached, sent = at, sent_at
        if reached is not None:
            tally_ms.append((reached - last_answer) * 1000)
            if sent is not None:
                sent_ms.append((sent - EPOCH_OFFSET - last_answer) * 1000)
    confirmed = [b for b, o in zip(ballots, outcomes, strict=True) if o.confirmed]
    expected = {code: sum(1 for b in confirmed if b.code == code) for code, _ in CHOICES}
    lost = sum(max(0, expected[code] - final[code]) for code in expected)

    status = await asyncio.to_thread(stack.chair.close_poll, poll_id)
    if status != 204:
        raise RuntimeError(f"closing poll {poll_id} answered {status}")
    errors = [e for o in outcomes for e in o.errors]
    try:
        await fleet.wait_state(lambda t: shows_closed(t, poll_id), timeout=30)
    except TimeoutError as exc:
        errors.append(f"the close did not reach every tablet: {exc}")
        shown_right = False
    return Burst(
        sent=len(ballots),
        confirmed=len(confirmed),
        retried=sum(1 for o in outcomes if o.attempts > 1),
        recorded=counted["ballots"],
        doubled=counted["doubled"],
        lost=lost,
        burst_s=last_answer - min(o.sent_at for o in outcomes),
        http_ms=[(o.answered_at - o.sent_at) * 1000 for o in outcomes],
        tally_ms=tally_ms,
        sent_ms=sent_ms,
        final=final,
        shown_right=shown_right and len(tally_ms) == len(fleet.tablets),
        errors=errors,
    )


def progress(message: str) -> None:
    print(f"    {time.strftime('%H:%M:%S')} {message}", file=sys.stderr, flush=True)


def shows_open(tablet: Tablet, poll_id: int) -> bool:
    tally = parse_tally(tablet.regions.get("poll-tally"))
    return tally is not None and tally.poll_id == poll_id and tally.state == "open"


def shows_closed(tablet: Tablet, poll_id: int) -> bool:
    tally = parse_tally(tablet.regions.get("poll-tally"))
    return tally is not None and tally.poll_id == poll_id and tally.state == "closed"


async def scenario_ballot_burst(run: Run) -> list[Row]:
    """N delegates' ballots over HTTP within two seconds -> every tablet shows the final tally.

    Every tablet's delegate is checked in and a named motion created through the voting
    services (the setup step); the chair opens it over HTTP (its event goes out from the
    app); the delegates cast over HTTP from their own sessions with CSRF and a submission
    id, spread over 2 s, each failed request retried once with the same id. Measured: the
    time from the last ballot's answer until each tablet's tally region shows the counts
    the database holds; ballots sent vs recorded; doubled ones.
    """
    stack = run.stack()
    n = run.tablets
    rounds = 1 if run.small else run.rounds
    tablets = stack.data["tablets"][:n]
    polls = await prepare_motions(stack, tablets, polls=rounds, title="Bench motion")
    progress(f"{len(tablets)} delegates checked in; {rounds} motions created")
    voters = await csrf_cookies(stack, [t["cookie"] for t in tablets])
    progress("CSRF cookies fetched")
    fleet = await stack.open_fleet(n, track_state=True)
    progress(f"{n} tablets connected")
    try:
        bursts = [
            await ballot_burst(stack, fleet, poll, voters, seed) for seed, poll in enumerate(polls)
        ]
    finally:
        await fleet.close()

    sent = sum(b.sent for b in bursts)
    recorded = sum(b.recorded for b in bursts)
    doubled = sum(b.doubled for b in bursts)
    lost = sum(b.lost for b in bursts)
    retried = sum(b.retried for b in bursts)
    confirmed = sum(b.confirmed for b in bursts)
    correct = all(b.correct for b in bursts)
    errors = [e for b in bursts for e in b.errors]
    counts = f"{sent} sent, {confirmed} confirmed, {recorded} recorded, {doubled} doubled"
    failures = sum(1 for b in bursts for e in b.errors if not e.startswith("the close"))
    if failures:
        counts += f", {failures} failed requests ({' '.join(errors[0].split())[:80]})"
    if retried:
        counts += f", {retried} retried"
    if not all(b.shown_right for b in bursts):
        counts += "; NOT every tablet showed the database's tally"
    title = f"Ballot burst: {n} ballots over HTTP in {BURST_SECONDS:g} s"
    if run.small:
        row = Row(
            title,
            str(n),
            f"{counts}; every tablet on the final tally"
            if correct
            else counts + f" ({'; '.join(' '.join(e.split()) for e in errors[:3])})",
            goal="recorded = sent, 0 doubled, exact tally everywhere",
            result="ok" if correct else "FAILED",
            failed=not correct,
        )
        return [row]
    tally = median_of_rounds([b.tally_ms for b in bursts if b.tally_ms] or [[float("nan")]])
    sent_stats = median_of_rounds([b.sent_ms for b in bursts if b.sent_ms] or [[float("nan")]])
    http = median_of_rounds([b.http_ms for b in bursts])
    burst_s = statistics.median(b.burst_s for b in bursts)
    met = correct and tally["max"] <= GOAL_TALLY_MS
    result = "met" if met else "MISSED"
    if not correct:
        result += f"; {lost} lost, {doubled} doubled"
    return [
        Row(
            title,
            str(n),
            "final tally on all tablets after the last ballot's answer: "
            + fmt_ms(tally)
            + f" (sent by the server {sent_stats['p50']:.0f} ms after it); {counts}",
            f"ballots answered in {burst_s:.1f} s by {BALLOT_CLIENTS or n} clients; "
            f"per ballot {fmt_ms(http)}",
            goal=f"all tablets <= {GOAL_TALLY_MS:g} ms after the last ballot; 0 lost, 0 doubled",
            result=result,
            failed=not correct,
        )
    ]


SCENARIOS: dict[str, Callable[[Run], Awaitable[list[Row]]]] = {
    "fanout": scenario_fanout,
    "tally": scenario_tally,
    "publish": scenario_publish,
    "producers": scenario_producers,
    "memory": scenario_memory,
    "ballots": scenario_ballot_burst,
    "cross": scenario_cross_process,
}

TITLES = {
    "fanout": "Agenda event to every tablet",
    "tally": "Tally event to every tablet",
    "publish": "Publish a document -> every tablet",
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
