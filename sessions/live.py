"""publish(): the only way a state change reaches the tablets.

- Only inside a service's transaction, and sent only after commit: a rolled-back change
  never reaches a tablet.
- Numbered per sitting (`seq`) in the same transaction, under the sitting row's lock, so
  numbers follow commit order; a tablet that sees a gap asks for a fresh snapshot. This is
  also how a message the channel layer dropped past its capacity gets healed.
- Rendered once per event and language, then sent as ready JSON text: the consumer does no
  work per tablet but pick its language's frame (see sessions/consumers.py).
"""

import json
import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import close_old_connections, connection, transaction
from django.db.models import F

from sessions.events import Audience, EventType
from sessions.layer_send import daemon_timer, send_to_group
from sessions.member_events import MemberBatcher, member_frame
from sessions.models import Sitting
from sessions.regions import render_regions_in
from sessions.state import PAGE_REGIONS, SCREEN_PAGE, page_regions

logger = logging.getLogger(__name__)


def sitting_group(sitting_id: int) -> str:
    return f"sitting.{sitting_id}"


def screens_group(sitting_id: int) -> str:
    return f"sitting.{sitting_id}.screens"


def publish(
    sitting: Sitting,
    event: EventType,
    data: dict[str, Any],
    *,
    member_id: int | None = None,
    key: str | None = None,
) -> int | None:
    """Queue `event` for after commit; return its seq (None for member and coalesced events).

    `key` names what a coalesced event is the latest state of (e.g. "poll.7").
    """
    if not connection.in_atomic_block:
        raise RuntimeError("live.publish must be called inside the service's transaction")
    event.validate(data)
    if event.coalesce:
        if key is None:
            raise ValueError(f"{event.name} is coalesced: pass key")
        sitting_id = sitting.pk
        transaction.on_commit(
            lambda: coalescer.submit(
                f"{sitting_id}:{key}", sitting_id, sitting_group(sitting_id), event, data
            )
        )
        return None
    group = sitting_group(sitting.pk)
    if event.audience is Audience.MEMBER:
        if member_id is None:
            raise ValueError(f"{event.name} goes to one member: pass member_id")
        if event.regions:
            raise ValueError(f"{event.name} goes to one member: it cannot carry regions")
        # Through the sitting's group, keyed by member (sessions/member_events.py).
        transaction.on_commit(
            lambda: member_batcher.submit(
                group, member_id, member_frame(event, data), batched=event.batched
            )
        )
        return None
    Sitting.objects.filter(pk=sitting.pk).update(event_seq=F("event_seq") + 1)
    seq = Sitting.objects.values_list("event_seq", flat=True).get(pk=sitting.pk)
    sitting_id = sitting.pk
    transaction.on_commit(lambda: send_event(sitting_id, group, event, data, seq))
    return seq


def frame_key(language: str, page: str) -> str:
    return f"{language}:{page}"


def build_frames(
    sitting: Sitting, event: EventType, data: dict[str, Any], seq: int | None
) -> dict[str, str]:
    """The event's JSON text for each language and page, keyed by frame_key().

    A frame carries only the regions its page shows: a delegate's tablet is not sent the
    chair's controls or the hall screen's layout (an agenda event's frame is a third of the
    size), and 500 copies of it cost the server a third of the bytes.
    """
    languages = [language for language, _name in settings.LANGUAGES]
    regions = render_regions_in(sitting, event.regions, languages)
    # When the event left the server (epoch ms, server clock), after its render: the bench
    # times the fan-out from it, as the floor is timed from its broadcast.
    sent_at = round(time.time() * 1000, 1)
    frames = {}
    for language in languages:
        for page in PAGE_REGIONS:
            if page == SCREEN_PAGE:
                message = screen_frame(event, data, seq, sent_at, regions[language])
            else:
                shown = page_regions(page)
                message = {
                    "type": "event",
                    "event": event.name,
                    "seq": seq,
                    "sent_at": sent_at,
                    "data": data,
                    "regions": {
                        rid: html for rid, html in regions[language].items() if rid in shown
                    },
                }
            frames[frame_key(language, page)] = json.dumps(
                message, ensure_ascii=False, separators=(",", ":")
            )
    return frames


def screen_frame(
    event: EventType,
    data: dict[str, Any],
    seq: int | None,
    sent_at: float,
    rendered: dict[str, str],
) -> dict[str, Any]:
    """A hall screen's frame, built from an allow-list, never by filtering a tablet's.

    Screens hang in the hall and a screen link needs no login: they are sent the screen
    page's regions (whose partials show a confidential document by title and page number
    only) and the event's `screen_data` numbers, nothing else of the payload (a shared
    note's text and author, a document's title). A new event type or payload field is
    therefore off the screens until someone lists it (tests/live/test_screen_frames.py).
    """
    shown = page_regions(SCREEN_PAGE)
    return {
        "type": "event",
        "event": event.name,
        "seq": seq,
        "sent_at": sent_at,
        "data": {field: data[field] for field in event.screen_data},
        "regions": {rid: html for rid, html in rendered.items() if rid in shown},
    }


def send_event(
    sitting_id: int, group: str, event: EventType, data: dict[str, Any], seq: int | None
) -> None:
    sitting = Sitting.objects.select_related("current_item").get(pk=sitting_id)
    frames = build_frames(sitting, event, data, seq)
    try:
        # The group travels in the message: each process's hub (sessions/fanout.py) is
        # subscribed to many groups on one channel and hands the frame to that group's tablets.
        send_to_group(group, {"type": "live.event", "group": group, "frames": frames})
    except Exception:
        # The change is committed; a tablet that misses this event sees the seq gap on the
        # next one, or resyncs when it reconnects. Never fail the user's request for it.
        logger.exception("could not send %s #%s to %s", event.name, seq, group)


class Coalescer:
    """Send at most one event per key per burst; the newest data wins.

    500 delegates voting within two seconds would otherwise mean 500 renders and 500 x 500
    messages; a tablet needs the latest tally, not every intermediate one. A change waits
    until no other came for `quiet` seconds, and never longer than `window` after the first
    one pending: during a burst the hall sees a tally every `window`, and the final one
    `quiet` after the last ballot instead of up to a whole window later. The send renders
    the regions from the database then, so it shows everything committed before it.

    A render also keeps the next one of its key away for RENDER_SPACING times as long as it
    took (never more than a window): a render stalls the ballots' requests, and a stall of
    `quiet` looked like the end of the burst, so under load the tally was rendered after
    nearly every ballot, at a third of the process's CPU (issue 19: bench/ballot_cost.py).
    """

    MAX_ATTEMPTS = 5
    # A key's renders take at most 1 / (1 + RENDER_SPACING) of the process's time.
    RENDER_SPACING = 4

    def __init__(
        self,
        window_seconds: float,
        quiet_seconds: float | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
        start_timer: Callable[[float, Callable[[], None]], None] | None = None,
    ) -> None:
        self.window = window_seconds
        self.quiet = window_seconds if quiet_seconds is None else quiet_seconds
        # Injected by the tests, which drive the timers instead of sleeping.
        self.clock = clock
        self.start_timer = start_timer or daemon_timer
        self._lock = threading.Lock()
        self._pending: dict[str, tuple[int, str, EventType, dict[str, Any]]] = {}
        # key -> (first pending change, latest change), by self.clock
        self._times: dict[str, tuple[float, float]] = {}
        self._failures: dict[str, int] = {}
        # key -> no send before this time (self.clock): the last render's spacing.
        self._not_before: dict[str, float] = {}

    def submit(
        self, key: str, sitting_id: int, group: str, event: EventType, data: dict[str, Any]
    ) -> None:
        now = self.clock()
        with self._lock:
            first = key not in self._pending
            self._pending[key] = (sitting_id, group, event, data)
            self._times[key] = (now if first else self._times[key][0], now)
        if first:
            self._arm(key, min(self.quiet, self.window))

    def _arm(self, key: str, delay: float) -> None:
        self.start_timer(delay, lambda: self._due(key))

    def _due(self, key: str) -> None:
        with self._lock:
            times = self._times.get(key)
            if times is None:
                return  # flushed meanwhile
            now = self.clock()
            wait = min(self.quiet - (now - times[1]), self.window - (now - times[0]))
            wait = max(wait, self._not_before.get(key, now) - now)
        if wait > 0:
            self._arm(key, wait)  # a change came in meanwhile: still in the burst
            return
        self._send(key)

    def _send(self, key: str) -> None:
        with self._lock:
            pending = self._pending.pop(key, None)
            self._times.pop(key, None)
        if pending is None:
            return
        sitting_id, group, event, data = pending
        started = self.clock()
        try:
            send_event(sitting_id, group, event, data, None)
        except Exception:
            # A latest-state event has no seq, so a tablet cannot notice it missing: try
            # again (a busy database under a burst) before giving up until the next one.
            attempts = self._failures.get(key, 0) + 1
            if attempts < self.MAX_ATTEMPTS:
                self._failures[key] = attempts
                logger.warning("could not send coalesced %s (attempt %d)", key, attempts)
                self.submit(key, sitting_id, group, event, data)
            else:
                self._failures.pop(key, None)
                logger.exception("gave up sending coalesced %s", key)
        else:
            self._failures.pop(key, None)
        finally:
            ended = self.clock()
            spacing = min(self.window, self.RENDER_SPACING * (ended - started))
            with self._lock:
                self._not_before[key] = ended + spacing
            close_old_connections()

    def flush(self) -> None:
        """Send everything pending now (tests, and a clean shutdown)."""
        with self._lock:
            keys = list(self._pending)
        for key in keys:
            self._send(key)


coalescer = Coalescer(settings.LIVE_COALESCE_SECONDS, settings.LIVE_QUIET_SECONDS)
member_batcher = MemberBatcher(settings.LIVE_MEMBER_BATCH_SECONDS)
