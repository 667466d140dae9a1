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
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings
from django.db import connection, transaction
from django.db.models import F

from sessions.events import Audience, EventType
from sessions.models import Sitting
from sessions.regions import render_regions

logger = logging.getLogger(__name__)


def sitting_group(sitting_id: int) -> str:
    return f"sitting.{sitting_id}"


def screens_group(sitting_id: int) -> str:
    return f"sitting.{sitting_id}.screens"


def member_group(member_id: int) -> str:
    return f"member.{member_id}"


def publish(
    sitting: Sitting, event: EventType, data: dict[str, Any], *, member_id: int | None = None
) -> int | None:
    """Queue `event` for after commit; return its seq (None for member events)."""
    if not connection.in_atomic_block:
        raise RuntimeError("live.publish must be called inside the service's transaction")
    event.validate(data)
    if event.audience is Audience.MEMBER:
        if member_id is None:
            raise ValueError(f"{event.name} goes to one member: pass member_id")
        seq = None
        group = member_group(member_id)
    else:
        Sitting.objects.filter(pk=sitting.pk).update(event_seq=F("event_seq") + 1)
        seq = Sitting.objects.values_list("event_seq", flat=True).get(pk=sitting.pk)
        group = sitting_group(sitting.pk)
    sitting_id = sitting.pk
    transaction.on_commit(lambda: send_event(sitting_id, group, event, data, seq))
    return seq


def build_frames(sitting: Sitting, event: EventType, data: dict[str, Any], seq: int | None) -> dict[str, str]:
    frames = {}
    for language, _name in settings.LANGUAGES:
        message = {
            "type": "event",
            "event": event.name,
            "seq": seq,
            "data": data,
            "regions": render_regions(sitting, event.regions, language),
        }
        frames[language] = json.dumps(message, ensure_ascii=False, separators=(",", ":"))
    return frames


def send_event(
    sitting_id: int, group: str, event: EventType, data: dict[str, Any], seq: int | None
) -> None:
    sitting = Sitting.objects.select_related("current_item").get(pk=sitting_id)
    frames = build_frames(sitting, event, data, seq)
    layer = get_channel_layer()
    try:
        async_to_sync(layer.group_send)(group, {"type": "live.event", "frames": frames})
    except Exception:
        # The change is committed; a tablet that misses this event sees the seq gap on the
        # next one, or resyncs when it reconnects. Never fail the user's request for it.
        logger.exception("could not send %s #%s to %s", event.name, seq, group)
