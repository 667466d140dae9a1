"""One channel-layer subscription per process; the process hands each event to its tablets.

Why not one layer channel per tablet (Channels' usual group_add per consumer): a broadcast
to 500 tablets then means 500 queued copies, 500 task wake-ups and, on Redis, 500 receive
calls kept pending. Measured on 2 cores (bench/, issue 7) that was 3-5x a plain websockets
broadcast, the goal is 2x. Here the layer delivers one message per process and group, and
this module writes the already-rendered frame to each local socket in one loop: the same
work the plain broadcast does. Several Daphne processes still work unchanged: each one's
hub channel is in the group, so each receives the event once.

A tablet's consumer has no layer channel of its own (SittingConsumer.channel_layer_alias is
None); everything addressed to it arrives through `deliver()`.

The process that made a change does not wait for the layer to bring it back: the request's
thread hands the message to its own hub at once (`hand_to_local_hubs`) and tags the layer
copy, which every other process receives as before and this one skips. On Redis that round
trip (three commands to send, a blocking pop to receive, msgpack both ways) was about 2 ms
of an event's way to the tablets of the process the chair's request landed on.
"""

import asyncio
import logging
import threading
import time
import uuid
import weakref
from collections import defaultdict
from collections.abc import Iterable
from typing import Any, Protocol

from channels.layers import BaseChannelLayer, get_channel_layer

from sessions import snapshots

logger = logging.getLogger(__name__)

# Redis forgets a group member after the layer's group_expiry (a day here); a hall PC stays
# connected for weeks, so the process renews its memberships well within that.
RENEW_SECONDS = 3600.0
RETRY_SECONDS = 1.0
# A layer can lose every membership without one call failing: redis-py reconnects to a
# restarted Redis by itself, and a restarted Redis holds no groups. The hub therefore sends
# itself a probe through a group of its own every PROBE_SECONDS; one that has not come back
# within PROBE_TIMEOUT_SECONDS means the memberships are gone. The timeout is generous:
# under a ballot burst the probe queues behind the tally events, and a false alarm would
# make the whole hall reconnect at once.
PROBE_SECONDS = 5.0
PROBE_TIMEOUT_SECONDS = 15.0
# Frames handed to Twisted the usual way leave only when the loop next runs: let it run
# every so many such tablets, so the first are on the wire while the rest are handed theirs.
# Frames written on the spot (sessions/wire.py) need no turn of the loop.
YIELD_EVERY = 50


class Receiver(Protocol):
    # Whose own events this tablet shows (str(member id)), None for a screen link.
    member_key: str | None

    def deliver_now(self, message: dict[str, Any]) -> bool: ...

    async def deliver(self, message: dict[str, Any]) -> None: ...

    async def layer_lost(self) -> None: ...


class LocalFanout:
    def __init__(self, layer: BaseChannelLayer, loop: asyncio.AbstractEventLoop) -> None:
        self.layer = layer
        self.loop = loop
        # Every message this hub hands out, from the layer or from this process's threads,
        # in the order it came: one delivery at a time keeps each tablet's events in order.
        self.inbox: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self.name = uuid.uuid4().hex
        self.members: dict[str, set[Receiver]] = defaultdict(set)
        self.subscribed: set[str] = set()
        self.channel: str | None = None
        # Serialises group_add / group_discard so that a join racing the last leave of the
        # same group cannot end with the process unsubscribed while a tablet waits.
        self._lock = asyncio.Lock()
        self._tasks: list[asyncio.Task[None]] = []
        # The group only this process's hub is in, and the probe it waits for.
        self.probe_group = f"fanout.{self.name}"
        self._probe: tuple[str, asyncio.Event] | None = None

    async def join(self, receiver: Receiver, groups: Iterable[str]) -> None:
        groups = list(groups)
        async with self._lock:
            if self.channel is None:
                self.channel = await self.layer.new_channel()
                self._tasks = [
                    asyncio.create_task(self._receive_forever()),
                    asyncio.create_task(self._deliver_forever()),
                    asyncio.create_task(self._watch_forever()),
                ]
            try:
                for group in groups:
                    if group not in self.subscribed:
                        await self.layer.group_add(group, self.channel)
                        self.subscribed.add(group)
                        # Events of the group before now were not seen here.
                        snapshots.cache.invalidate(group)
            except BaseException:
                # Not joined at all: the tablet's connect fails and it retries later.
                self._drop(receiver, groups)
                raise
            for group in groups:
                self.members[group].add(receiver)

    async def leave(self, receiver: Receiver, groups: Iterable[str]) -> None:
        async with self._lock:
            for group in self._drop(receiver, groups):
                self.subscribed.discard(group)
                try:
                    await self.layer.group_discard(group, self.channel)
                except Exception:
                    # The membership then lapses by group_expiry; events the process still
                    # gets for the group meet no local member and are dropped.
                    logger.warning("could not leave %s", group, exc_info=True)

    def forget(self, receiver: Receiver, groups: Iterable[str]) -> None:
        """leave() for a consumer that is being killed: its sockets go from the hub now.

        The layer memberships of the groups it emptied are given up later, in a task, if
        the loop still runs (else they lapse by group_expiry): a group another tablet has
        joined meanwhile is kept.
        """
        emptied = self._drop(receiver, groups)
        if emptied and self.loop.is_running():
            self.loop.create_task(self._discard_if_empty(emptied))

    async def _discard_if_empty(self, groups: list[str]) -> None:
        async with self._lock:
            for group in groups:
                if group in self.members or group not in self.subscribed:
                    continue
                self.subscribed.discard(group)
                try:
                    await self.layer.group_discard(group, self.channel)
                except Exception:
                    logger.warning("could not leave %s", group, exc_info=True)

    def _drop(self, receiver: Receiver, groups: Iterable[str]) -> list[str]:
        """Forget receiver in groups; return the groups left with no local member."""
        emptied = []
        for group in groups:
            local = self.members.get(group)
            if local is None:
                continue
            local.discard(receiver)
            if not local:
                del self.members[group]
                emptied.append(group)
        return emptied

    async def _receive_forever(self) -> None:
        assert self.channel is not None
        while True:
            try:
                message = await self.layer.receive(self.channel)
            except asyncio.CancelledError:
                raise
            except Exception:
                logger.exception("the channel layer failed; closing this process's tablets")
                await self._layer_lost()
                await asyncio.sleep(RETRY_SECONDS)
                continue
            if self.name not in message.get("handed_to", ()):
                self.inbox.put_nowait(message)

    async def _deliver_forever(self) -> None:
        while True:
            message = await self.inbox.get()
            await self._deliver(message)

    def hand(self, message: dict[str, Any]) -> bool:
        """From any thread: deliver `message` soon; False if this hub is not running."""
        if self.channel is None or not self.loop.is_running():
            return False
        try:
            self.loop.call_soon_threadsafe(self.inbox.put_nowait, message)
        except RuntimeError:  # the loop closed meanwhile
            return False
        return True

    async def _deliver(self, message: dict[str, Any]) -> None:
        group = message.get("group")
        if group == self.probe_group:
            if self._probe is not None and message.get("token") == self._probe[0]:
                self._probe[1].set()
            return
        receivers = list(self.members.get(group, ())) if isinstance(group, str) else []
        if message.get("type") == "live.event" and isinstance(group, str):
            snapshots.cache.invalidate(group)  # before any tablet can ask for a snapshot
        if message.get("type") in ("live.members", "member.language"):
            # A few delegates' own events: pick their tablets here, without one await per
            # tablet of the hall (sessions/member_events.py).
            addressed = message.get("members") or {}
            receivers = [r for r in receivers if r.member_key in addressed]
        queued = 0
        for receiver in receivers:
            try:
                # Most tablets take the event synchronously, straight onto their socket;
                # the rest (a snapshot in flight, another server, a member event) await.
                if receiver.deliver_now(message):
                    continue
                await receiver.deliver(message)
            except Exception:
                # One broken socket must not keep the event from the rest of the hall.
                logger.exception("could not deliver %s to a tablet", message.get("type"))
            queued += 1
            if queued % YIELD_EVERY == 0:
                await asyncio.sleep(0)

    async def _layer_lost(self) -> None:
        """Memberships may be gone (a Redis restart keeps nothing): start over.

        Every local tablet is closed with a retryable code; it reconnects, joins again and
        gets a fresh snapshot, so whatever was published meanwhile reaches it.
        """
        async with self._lock:
            receivers = {r for local in self.members.values() for r in local}
            self.members.clear()
            self.subscribed.clear()
            snapshots.cache.clear()
        for receiver in receivers:
            try:
                await receiver.layer_lost()
            except Exception:
                logger.exception("could not close a tablet")

    async def _watch_forever(self) -> None:
        """Probe the layer; start over when the probe is lost; renew memberships."""
        joined_probe = await self._join_probe_group()
        renewed = time.monotonic()
        while True:
            await asyncio.sleep(PROBE_SECONDS)
            if not joined_probe or not await self._probe_returns():
                logger.warning("the channel layer lost this process; closing its tablets")
                await self._layer_lost()
                joined_probe = await self._join_probe_group()
                continue
            if time.monotonic() - renewed >= RENEW_SECONDS:
                await self._renew()
                renewed = time.monotonic()

    async def _join_probe_group(self) -> bool:
        try:
            await self.layer.group_add(self.probe_group, self.channel)
        except Exception:
            logger.warning("could not join the probe group", exc_info=True)
            return False
        return True

    async def _probe_returns(self) -> bool:
        token, arrived = uuid.uuid4().hex, asyncio.Event()
        self._probe = (token, arrived)
        try:
            await self.layer.group_send(
                self.probe_group,
                {"type": "fanout.probe", "group": self.probe_group, "token": token},
            )
            await asyncio.wait_for(arrived.wait(), PROBE_TIMEOUT_SECONDS)
        except Exception:  # TimeoutError included: the probe did not come back
            return False
        finally:
            self._probe = None
        return True

    async def _renew(self) -> None:
        async with self._lock:
            for group in [self.probe_group, *self.subscribed]:
                try:
                    await self.layer.group_add(group, self.channel)
                except Exception:
                    logger.warning("could not renew %s", group, exc_info=True)

    def stop(self) -> None:
        for task in self._tasks:
            task.cancel()


# One hub per event loop: Daphne runs one loop per process; tests run one loop per test.
_hubs: "weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, LocalFanout]" = (
    weakref.WeakKeyDictionary()
)
# Request threads read _hubs while the loop's thread may add to it.
_hubs_lock = threading.Lock()


def local_fanout() -> LocalFanout:
    loop = asyncio.get_running_loop()
    layer = get_channel_layer()
    if layer is None:
        raise RuntimeError("CHANNEL_LAYERS has no default layer")
    with _hubs_lock:
        hub = _hubs.get(loop)
        if hub is None or hub.layer is not layer:
            if hub is not None:
                hub.stop()
            hub = _hubs[loop] = LocalFanout(layer, loop)
    return hub


def hand_to_local_hubs(message: dict[str, Any]) -> dict[str, Any]:
    """Give `message` to this process's running hubs now; return the copy for the layer.

    Called from a thread (a request's, after commit), never from a hub's loop. The layer
    copy names the hubs that have it, so that they skip it when the layer brings it back.
    """
    with _hubs_lock:
        hubs = list(_hubs.values())
    # Each hub gets its own dict: it caches framed bytes in it (sessions/wire.py), which
    # must not end up in the copy the layer serialises.
    handed = [hub.name for hub in hubs if hub.hand(dict(message))]
    return {**message, "handed_to": handed} if handed else message
