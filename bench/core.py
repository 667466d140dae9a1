"""What every scenario shares: the running app (Stack, Run), rows, posting an event.

`run.stack()` gives a running app (one Daphne) with logged-in tablets' cookies and the
chair; `run.cross_stack()` two Daphne processes on one Redis; `Fleet` the tablets
(`lean=True`: bench.lean's reader); `Device` any delegate's HTTP client.
"""

import asyncio
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from websockets.exceptions import InvalidHandshake

from ballotbox.testing import BoxProcess
from bench.http import Chair, Device
from bench.infra import AppEnvironment, Daphne, RedisServer
from bench.tablets import Fleet, Tablet

CHAIR_LOGIN = ("chutoa", "demo1234")
PRODUCERS = 20


class NotRun(Exception):
    """A scenario that cannot run here; its row says why instead of showing a figure."""


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
    box: BoxProcess | None = None
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

    async def open_fleet(
        self, n: int, servers: list[Daphne] | None = None, *, lean: bool = False, **options
    ) -> Fleet:
        servers = servers or self.servers[:1]
        # Tablet i talks to server i % len(servers); it knows the others for failover.
        addresses = [
            [s.ws for s in servers[i % len(servers) :] + servers[: i % len(servers)]]
            for i in range(n)
        ]
        fleet = Fleet(lean=lean)
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
        if self.box is not None:
            self.box.kill()
            shutil.rmtree(self.box.folder, ignore_errors=True)


def build_stack(
    *, database_url: str | None, redis_url: str | None, delegates: int, processes: int = 1
) -> Stack:
    # A real ballot box for sealed polls; BENCH_CEILING serves bench.ceiling's one-INSERT
    # view (where the checkout has it) under the same Daphne, for the fan-out's reference.
    box = BoxProcess(Path(tempfile.mkdtemp(prefix="council-box-"))).start()
    env = AppEnvironment(
        database_url=database_url,
        redis_url=redis_url,
        extra_env={
            "BALLOT_BOX_URL": box.url,
            "BALLOT_BOX_TOKEN": box.token,
            "BENCH_CEILING": "true",
        },
    )
    try:
        env.__enter__()
        data = env.prepare(delegates=delegates, chair_devices=PRODUCERS)
        servers = [env.daphne() for _ in range(processes)]
        device = Device(servers[0].http)
        device.login(*CHAIR_LOGIN)
        chair = Chair(device, data["sitting_id"])
        chair.open_console()
        chair.start_sitting()  # makes the first item current
        return Stack(env, data, servers, chair, box)
    except BaseException:
        env.close()
        box.kill()
        raise


@dataclass
class Run:
    small: bool = False
    rounds: int = 5
    sizes: tuple[int, ...] = (100, 500)
    # The cross-process comparison: this many tablets on one process, twice as many on two.
    cross_per_process: int = 500
    database_url: str | None = field(default_factory=lambda: os.environ.get("DATABASE_URL"))
    redis_url: str | None = field(default_factory=lambda: os.environ.get("REDIS_URL"))
    _stack: Stack | None = None
    _cross: Stack | None = None
    _redis: RedisServer | None = None

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

    def cross_stack(self) -> Stack:
        """Two Daphne processes on one Redis (a private one when REDIS_URL is not set)."""
        if self._cross is None:
            redis_url = self.redis_url
            if not redis_url:
                if not RedisServer.available():
                    raise NotRun("not run: no REDIS_URL and no redis-server installed")
                self._redis = RedisServer(Path(tempfile.mkdtemp(prefix="council-redis-"))).start()
                redis_url = self._redis.url
            self._cross = build_stack(
                database_url=self.database_url,
                redis_url=redis_url,
                delegates=2 * self.cross_per_process,
                processes=2,
            )
        return self._cross

    def close_stack(self) -> None:
        """Stop the single-process app: the next scenario's servers get the cores alone."""
        if self._stack is not None:
            self._stack.close()
            self._stack = None

    def close(self) -> None:
        self.close_stack()
        if self._cross is not None:
            self._cross.close()
            self._cross = None
        if self._redis is not None:
            self._redis.stop()
            shutil.rmtree(self._redis.workdir, ignore_errors=True)
            self._redis = None


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


async def agenda_event(fleet: Fleet, chair: Chair, item: int, *, timeout: float = 30) -> Delivery:
    """POST an item change as the chair; when it reached each tablet."""
    return await posted_event(fleet, lambda: chair.set_item(item), timeout=timeout)


def delivery_errors(fleet: Fleet, up_to: int | None = None) -> tuple[int, int]:
    """(lost, doubled) numbered events over every tablet since its snapshot."""
    if up_to is None:
        up_to = max((t.last_seq or 0) for t in fleet.tablets)
    lost = sum(len(t.missing(up_to)) for t in fleet.tablets)
    doubled = sum(len(t.doubled()) for t in fleet.tablets)
    return lost, doubled


async def prepare_motions(
    stack: Stack,
    tablets: list[dict[str, Any]],
    *,
    polls: int,
    title: str,
    secret: bool = False,
) -> list[dict[str, Any]]:
    """Check the tablets' delegates in and create motions, through the services."""
    prepared = await asyncio.to_thread(
        stack.env.setup_step,
        "voting",
        payload={
            "action": "prepare",
            "sitting_id": stack.data["sitting_id"],
            "member_ids": [t["member_id"] for t in tablets],
            "polls": polls,
            "title": title,
            "secret": secret,
        },
    )
    return prepared["polls"]


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

    # The first page load alone: on a fresh var/ the app writes its VAPID key file on the
    # first render, not atomically, and concurrent first renders read it half-written and
    # answer 500 (notifications/push.py, reported with issue 19's bench work).
    first = await one(cookies[0]) if cookies else None
    rest = list(await asyncio.gather(*(one(c) for c in cookies[1:])))
    return [first, *rest] if first is not None else rest


def progress(message: str) -> None:
    print(f"    {time.strftime('%H:%M:%S')} {message}", file=sys.stderr, flush=True)
