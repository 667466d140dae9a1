"""A live audience per user (agency officers have no sitting): the group `user.<id>`.

The same per-process hub as the sittings' (sessions/fanout.py) carries it; a page joins it
through NotificationsConsumer (/ws/me/).
"""

import logging
from typing import Any

from django.template.loader import render_to_string

from sessions.layer_send import send_to_group

logger = logging.getLogger(__name__)

BADGE_ID = "notification-badge"


def user_group(user_id: int) -> str:
    return f"user.{user_id}"


def send_to_user(user_id: int, message: dict[str, Any]) -> None:
    """After commit: hand `message` ({"regions": {id: html}, ...}) to the user's pages."""
    group = user_group(user_id)
    try:
        send_to_group(group, {"type": "user.event", **message, "group": group})
    except Exception:
        # The row is committed: the page shows it on its next load or reconnect.
        logger.warning("could not push to %s", group, exc_info=True)


def badge_html(count: int) -> str:
    return render_to_string("notifications/_badge.html", {"unread_count": count})


def publish_unread(user_id: int) -> None:
    publish_unread_many([user_id])


def publish_unread_many(user_ids: list[int]) -> None:
    """After commit: each user's unread count to their open pages (one query for all)."""
    from django.db.models import Count

    from notifications.models import Notification

    if not user_ids:
        return
    counts = dict(
        Notification.objects.filter(user_id__in=user_ids, read_at__isnull=True)
        .values("user_id")
        .annotate(n=Count("id"))
        .values_list("user_id", "n")
    )
    for user_id in user_ids:
        count = counts.get(user_id, 0)
        send_to_user(user_id, {"unread": count, "regions": {BADGE_ID: badge_html(count)}})
