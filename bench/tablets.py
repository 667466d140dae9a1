"""Simulated tablets: WebSocket clients with a delegate's real session cookie.

A tablet behaves like static/js/live.js where that matters to a measurement: it reads the
snapshot, follows `seq`, and (when asked to) resyncs on a gap and reconnects, to any of the
server addresses it knows, when its socket drops. In benchmark mode it only notes when each
numbered event arrived, with as little work per frame as possible, so that the client side
costs the same for the app and for the floor.
"""

import asyncio
import contextlib
import json
import re
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from typing import Any

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidStatus
from websockets.typing import Origin

# Every frame starts {"type":...,"event":...,"seq":N,...}: read seq without parsing the rest.
_SEQ = re.compile(r'"seq":(\d+|null)')
_SENT_AT = re.compile(r'"sent_at":([\d.]+)')
_EVENT = re.compile(r'"event":"([\w.]+)"')
# perf_counter() + this = the epoch, to compare arrivals with the server's sent_at.
EPOCH_OFFSET = time.time() - time.perf_counter()
_HEAD = 160
_VERSION = re.compile(r'data-version="(\d+)"')


def origin_of(ws_base: str) -> Origin:
    return Origin(ws_base.replace("ws://", "http://", 1).replace("wss://", "https://", 1))


class Tablet:
    def __init__(
        self,
        addresses: Sequence[str],
        path: str,
        cookie: str | None,
        *,
        fleet: "Fleet | None" = None,
        track_state: bool = False,
        reconnect: bool = False,
        name: str = "",
    ) -> None:
        self.addresses = list(addresses)
        self.path = path
        self.cookie = cookie
        self.fleet = fleet
        self.track_state = track_state
        self.reconnect = reconnect
        self.name = name
        self.address_index = 0
        self.ws: ClientConnection | None = None
        self.task: asyncio.Task | None = None
        self.first_seq: int | None = None
        self.last_seq: int | None = None
        self.received: Counter[int] = Counter()
        self.gaps = 0
        self.out_of_order = 0  # numbered events that came after a higher number
        self.resyncs = 0  # snapshots asked for because a number was missing
        self.snapshots = 0
        self.disconnects = 0
        self.regions: dict[str, str] = {}
        self.last_sent_at: float | None = None
        self.awaiting_snapshot = True
        self.snapshot_event = asyncio.Event()
        self.closing = False
        self._resync_task: asyncio.Future | None = None

    @property
    def address(self) -> str:
        return self.addresses[self.address_index]

    async def open(self, *, timeout: float = 30) -> None:
        """Connect, read the snapshot, then keep reading in the background."""
        await asyncio.wait_for(self._connect(self.address), timeout)
        self.task = asyncio.create_task(self._run(), name=f"tablet {self.name}")

    async def _connect(self, base: str) -> None:
        headers = {"Cookie": f"sessionid={self.cookie}"} if self.cookie else {}
        ws = await connect(
            base + self.path,
            origin=origin_of(base),
            additional_headers=headers,
            compression=None,  # Daphne negotiates none, and neither does the floor
            proxy=None,
            max_size=None,
            ping_interval=None,
            open_timeout=30,
            close_timeout=2,
        )
        raw = await ws.recv()
        self.ws = ws
        self._on_message(raw, time.perf_counter())
        if self.snapshots == 0:
            await ws.close()
            raise RuntimeError(f"tablet {self.name}: first frame was not a snapshot: {raw[:80]!r}")

    async def _run(self) -> None:
        while True:
            assert self.ws is not None
            try:
                async for raw in self.ws:
                    self._on_message(raw, time.perf_counter())
            except ConnectionClosed:
                pass
            if self.closing or not self.reconnect:
                return
            self.disconnects += 1
            await self._reconnect()

    async def _reconnect(self) -> None:
        # Like live.js: jittered backoff, but try every known address in turn.
        self.awaiting_snapshot = True
        self.snapshot_event.clear()
        delay = 0.1
        while not self.closing:
            self.address_index = (self.address_index + 1) % len(self.addresses)
            try:
                await asyncio.wait_for(self._connect(self.address), 10)
                return
            except (OSError, TimeoutError, ConnectionClosed, InvalidStatus, RuntimeError):
                await asyncio.sleep(delay)
                delay = min(delay * 2, 2.0)

    def _on_message(self, raw: str | bytes, at: float) -> None:
        if isinstance(raw, bytes):
            raw = raw.decode()
        head = raw[:_HEAD]
        if head.startswith('{"type":"snapshot"'):
            message = json.loads(raw)
            self.regions = dict(message.get("regions") or {})
            self.last_seq = message["seq"]
            if self.first_seq is None:
                self.first_seq = message["seq"]
            self.snapshots += 1
            self.awaiting_snapshot = False
            self.snapshot_event.set()
            self._changed(at)
            return
        if not head.startswith('{"type":"event"'):
            return
        match = _SEQ.search(head)
        seq = int(match.group(1)) if match and match.group(1) != "null" else None
        if seq is None:
            # A latest-state event (a coalesced tally): when the server sent it, epoch s.
            if sent := _SENT_AT.search(head):
                self.last_sent_at = float(sent.group(1)) / 1000
                if self.fleet is not None and (name := _EVENT.search(head)):
                    self.fleet.arrived_unnumbered(name.group(1), self.last_sent_at, at, raw, self)
            if self.track_state:
                self._swap(json.loads(raw).get("regions") or {})
                self._changed(at)
            return
        self.received[seq] += 1
        if self.fleet is not None:
            if self.fleet.sample_frame is None:
                self.fleet.sample_frame = raw
            if seq not in self.fleet.sent_at and (sent := _SENT_AT.search(head)):
                self.fleet.sent_at[seq] = float(sent.group(1)) / 1000
            self.fleet.arrived(seq, at, self)
        if self.last_seq is not None and seq < self.last_seq:
            self.out_of_order += 1
        if not self.track_state:
            if self.last_seq is None or seq > self.last_seq:
                if self.last_seq is not None and seq != self.last_seq + 1:
                    self.gaps += 1
                self.last_seq = seq
            return
        if self.awaiting_snapshot or (self.last_seq is not None and seq <= self.last_seq):
            return
        if self.last_seq is not None and seq != self.last_seq + 1:
            self.gaps += 1
            self.resync()
            return
        self.last_seq = seq
        self._swap(json.loads(raw).get("regions") or {})
        self._changed(at)

    def _swap(self, regions: dict[str, str]) -> None:
        # As live.js: a region not on this tablet's page (its snapshot) has nowhere to go,
        # and a latest-state region (a tally) older than the one shown is dropped: two
        # processes each send their own, and one computed earlier may arrive later.
        for region, html in regions.items():
            if region not in self.regions:
                continue
            fresh = _VERSION.search(html[: _HEAD * 2])
            shown = _VERSION.search(self.regions[region][: _HEAD * 2])
            if fresh and shown and int(fresh.group(1)) < int(shown.group(1)):
                continue
            self.regions[region] = html

    def _changed(self, at: float) -> None:
        if self.fleet is not None:
            self.fleet.changed(self, at)

    def resync(self) -> None:
        self.resyncs += 1
        self.awaiting_snapshot = True
        self.snapshot_event.clear()
        if self.ws is not None:
            self._resync_task = asyncio.ensure_future(self._send({"type": "resync"}))

    async def _send(self, message: dict[str, Any]) -> None:
        try:
            assert self.ws is not None
            await self.ws.send(json.dumps(message))
        except ConnectionClosed:
            pass

    def unhealed(self) -> int:
        return 0  # a state-tracking tablet resyncs at once (counted in resyncs)

    def missing(self, up_to: int) -> list[int]:
        """Numbered events after the first snapshot that never arrived."""
        start = (self.first_seq or 0) + 1
        return [seq for seq in range(start, up_to + 1) if not self.received[seq]]

    def doubled(self) -> list[int]:
        return [seq for seq, count in self.received.items() if count > 1]

    async def close(self) -> None:
        self.closing = True
        if self.ws is not None:
            with contextlib.suppress(TimeoutError, ConnectionClosed, OSError):
                await asyncio.wait_for(self.ws.close(), 3)
        if self.task is not None:
            self.task.cancel()
            # The reader ends with the socket; how it ended was recorded already.
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self.task


class _Watch:
    def __init__(self, predicate: Callable[[Tablet], bool], count: int) -> None:
        self.predicate = predicate
        self.count = count
        self.times: dict[int, float] = {}
        self.done: asyncio.Future = asyncio.get_running_loop().create_future()

    def check(self, tablet: Tablet, at: float) -> None:
        if id(tablet) in self.times or not self.predicate(tablet):
            return
        self.times[id(tablet)] = at
        if len(self.times) >= self.count and not self.done.done():
            self.done.set_result(None)


class _Recorder:
    def __init__(self, callback: Callable[[Tablet, float], None]) -> None:
        self.check = callback


class Fleet:
    """Many tablets, and when each numbered event reached each of them."""

    def __init__(self, *, lean: bool = False) -> None:
        # lean: bench.lean's reader (numbered events only), for the fan-out's timings
        self.lean = lean
        self.tablets: list[Any] = []
        # seq -> {id(tablet): first arrival}: distinct tablets, never a doubled arrival twice
        self.arrivals: dict[int, dict[int, float]] = defaultdict(dict)
        self._waiters: dict[int, tuple[int, asyncio.Future]] = {}
        self._watches: list[_Watch | _Recorder] = []
        # The first numbered event's frame as a tablet got it: the floor broadcasts the same.
        self.sample_frame: str | None = None
        # (event name, sent_at) -> arrival times and one tablet's frame, for latest-state
        # events (a coalesced tally), which carry no seq
        self.unnumbered: dict[tuple[str, float], dict[int, float]] = defaultdict(dict)
        self.unnumbered_frames: dict[tuple[str, float], str] = {}
        self._unnumbered_waiter: tuple[str, asyncio.Future, float] | None = None
        self.connect_retries = 0
        # seq -> when the server sent it (epoch seconds, from the event's sent_at)
        self.sent_at: dict[int, float] = {}

    def __len__(self) -> int:
        return len(self.tablets)

    def arrived_unnumbered(
        self, event: str, sent_at: float, at: float, raw: str, tablet: object
    ) -> None:
        """A latest-state event (no seq), told apart by its event name and its sent_at."""
        times = self.unnumbered[(event, sent_at)]
        times.setdefault(id(tablet), at)
        self.unnumbered_frames.setdefault((event, sent_at), raw)
        waiter = self._unnumbered_waiter
        if (
            waiter is not None
            and event == waiter[0]
            and sent_at > waiter[2]
            and len(times) >= len(self.tablets)
            and not waiter[1].done()
        ):
            waiter[1].set_result(sent_at)

    def expect_unnumbered(self, event: str) -> asyncio.Future:
        """Start watching now for one `event` sent from now on that reaches every tablet.

        The future resolves to that event's sent_at; its arrivals are in `unnumbered`.
        Watching starts before the caller causes the event, so none can slip past.
        """
        future = asyncio.get_running_loop().create_future()
        self._unnumbered_waiter = (event, future, time.time())
        future.add_done_callback(lambda _done: setattr(self, "_unnumbered_waiter", None))
        return future

    def arrived(self, seq: int, at: float, tablet: object) -> None:
        times = self.arrivals[seq]
        times.setdefault(id(tablet), at)
        waiter = self._waiters.get(seq)
        if waiter and len(times) >= waiter[0] and not waiter[1].done():
            waiter[1].set_result(None)

    async def open(
        self,
        addresses_per_tablet: Sequence[Sequence[str]],
        path: str,
        cookies: Sequence[str | None],
        *,
        concurrency: int = 40,
        timeout: float = 120,
        **tablet_options: Any,
    ) -> None:
        """Connect tablets a few dozen at a time (a listen backlog is ~50) and await snapshots."""
        gate = asyncio.Semaphore(concurrency)
        kind: Any = Tablet
        if self.lean:
            from bench.lean import LeanTablet

            kind = LeanTablet
        new = [
            kind(addresses, path, cookie, fleet=self, name=str(i), **tablet_options)
            for i, (addresses, cookie) in enumerate(
                zip(addresses_per_tablet, cookies, strict=True), start=len(self.tablets)
            )
        ]
        self.tablets.extend(new)

        async def one(tablet: Tablet) -> None:
            async with gate:
                # A busy server may drop a handshake; a real tablet retries, so does this one.
                for attempt in range(3):
                    try:
                        await tablet.open()
                        return
                    except (OSError, InvalidHandshake, TimeoutError):
                        if attempt == 2:
                            raise
                        self.connect_retries += 1
                        await asyncio.sleep(0.2 * (attempt + 1))

        await asyncio.wait_for(asyncio.gather(*(one(t) for t in new)), timeout)

    def common_seq(self) -> int:
        seqs = {t.last_seq for t in self.tablets}
        if len(seqs) != 1:
            raise RuntimeError(f"tablets disagree on the last seq: {sorted(seqs, key=str)[:5]}")
        (seq,) = seqs
        return seq or 0

    def since_sent(self, seq: int) -> list[float]:
        """ms from the server's send of event `seq` until each tablet had it."""
        sent = self.sent_at[seq]
        return [(at + EPOCH_OFFSET - sent) * 1000 for at in self.arrivals[seq].values()]

    async def wait_all(self, seq: int, *, timeout: float = 30) -> list[float]:
        """Until every tablet has event `seq`; return the arrival times."""
        future = asyncio.get_running_loop().create_future()
        self._waiters[seq] = (len(self.tablets), future)
        if len(self.arrivals[seq]) >= len(self.tablets):
            future.set_result(None)
        try:
            await asyncio.wait_for(future, timeout)
        except TimeoutError:
            got = len(self.arrivals[seq])
            raise TimeoutError(
                f"event {seq} reached {got} of {len(self.tablets)} tablets"
            ) from None
        finally:
            self._waiters.pop(seq, None)
        return list(self.arrivals[seq].values())

    def changed(self, tablet: Tablet, at: float) -> None:
        for watch in self._watches:
            watch.check(tablet, at)

    async def wait_state(
        self, predicate: Callable[[Tablet], bool], *, timeout: float = 30
    ) -> list[float]:
        """Until every tablet's shown state (track_state=True) satisfies `predicate`.

        Returns when each tablet first did, e.g. the exact final tally of a ballot burst.
        """
        watch = _Watch(predicate, len(self.tablets))
        now = time.perf_counter()
        for tablet in self.tablets:
            watch.check(tablet, now)
        self._watches.append(watch)
        try:
            await asyncio.wait_for(watch.done, timeout)
        except TimeoutError:
            raise TimeoutError(
                f"{len(watch.times)} of {len(self.tablets)} tablets reached the state"
            ) from None
        finally:
            self._watches.remove(watch)
        return list(watch.times.values())

    def record(self, callback: Callable[[Tablet, float], None]) -> Callable[[], None]:
        """Call `callback(tablet, at)` whenever a tablet's shown state changes; returns undo.

        With track_state=True tablets: for when each tablet FIRST showed a state that is only
        known later (the final tally of a burst is known once the ballots are counted).
        """
        recorder = _Recorder(callback)
        self._watches.append(recorder)
        return lambda: self._watches.remove(recorder)

    def order_report(self) -> tuple[int, int]:
        """(arrivals after a higher number, resyncs they caused or live.js would have)."""
        late = sum(t.out_of_order for t in self.tablets)
        resyncs = sum(t.resyncs + t.unhealed() for t in self.tablets)
        return late, resyncs

    async def close(self) -> None:
        await asyncio.gather(*(t.close() for t in self.tablets), return_exceptions=True)
        self.tablets.clear()
        self.arrivals.clear()
