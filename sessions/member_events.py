"""Events for one delegate's own devices, through the sitting's group; receipts in batches.

Why not a group per member: a ballot burst is 500 ballots, and each ballot's receipt was
one channel-layer message to its voter's group. Measured on 2 cores (bench, PostgreSQL +
Redis), the process's hub (sessions/fanout.py) then spent the burst receiving receipts, one
layer round trip each, and the tally queued behind them: the last tally reached the hall
two seconds after the last ballot. Here the receipts of a short window travel together in
one message to the sitting's group, keyed by member; each tablet's consumer picks its own.
Events not marked `batched` (annotations) go at once, in order with the sitting's events.

Member events carry no regions (see voting/events.py), only data, so their frame is the
same for every language and page and is built once, when the change commits.
"""

import json
import logging
import threading
import time
from typing import Any

from sessions.events import EventType
from sessions.layer_send import daemon_timer, send_to_group

logger = logging.getLogger(__name__)


def member_frame(event: EventType, data: dict[str, Any]) -> str:
    message = {
        "type": "event",
        "event": event.name,
        "seq": None,
        "sent_at": round(time.time() * 1000, 1),
        "data": data,
        "regions": {},
    }
    return json.dumps(message, ensure_ascii=False, separators=(",", ":"))


class MemberBatcher:
    """Collect member frames per sitting for `window` seconds, then send them in one message."""

    def __init__(self, window_seconds: float) -> None:
        self.window = window_seconds
        self._lock = threading.Lock()
        # sitting group -> member id (str: the message crosses msgpack) -> frames in order
        self._pending: dict[str, dict[str, list[str]]] = {}

    def submit(self, group: str, member_id: int, frame: str, *, batched: bool = True) -> None:
        if not batched or self.window <= 0:
            # Now, in commit order with the sitting's own events.
            self._send(group, {str(member_id): [frame]})
            return
        with self._lock:
            first = group not in self._pending
            self._pending.setdefault(group, {}).setdefault(str(member_id), []).append(frame)
        if first:
            daemon_timer(self.window, lambda: self.flush_group(group))

    def flush_group(self, group: str) -> None:
        with self._lock:
            members = self._pending.pop(group, None)
        if members:
            self._send(group, members)

    def _send(self, group: str, members: dict[str, list[str]]) -> None:
        try:
            send_to_group(group, {"type": "live.members", "group": group, "members": members})
        except Exception:
            # A lost batch is not a lost ballot: the ballot's own HTTP answer is the
            # confirmation on the device that voted; these are for the voter's others.
            logger.exception("could not send %d members' events", len(members))

    def flush(self) -> None:
        """Send everything pending now (tests)."""
        with self._lock:
            groups = list(self._pending)
        for group in groups:
            self.flush_group(group)


def send_language(members: dict[int, int], language: str) -> None:
    """Tell the open tablets of `members` (member id -> council id) to speak `language`.

    Through the groups of the sittings a tablet can be in (published or in progress), keyed
    by member like their own events; each consumer switches its frames and sends itself a
    fresh snapshot in the new language (sessions/consumers.py).
    """
    from sessions.models import Sitting, SittingState

    sittings = Sitting.objects.filter(
        council_id__in=set(members.values()),
        state__in=(SittingState.PUBLISHED, SittingState.IN_PROGRESS),
    ).values_list("pk", "council_id")
    for sitting_id, council_id in sittings:
        group = f"sitting.{sitting_id}"
        addressed = {str(pk): language for pk, council in members.items() if council == council_id}
        try:
            send_to_group(group, {"type": "member.language", "group": group, "members": addressed})
        except Exception:
            # The choice is saved: the tablet speaks it from its next page load.
            logger.exception("could not push a language change to %s", group)
