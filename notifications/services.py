"""Telling a person something: the in-app notification now, e-mail and Web Push by a worker.

Other apps call `notify()` inside their own transaction (followup's services on assignment,
report, acceptance...); nothing leaves the process before commit.
"""

from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from notifications.models import Channel, Dispatch, Notification, PushSubscription


def channels_for(user: Any) -> list[str]:
    """E-mail where the user has an address, Web Push where a browser of theirs allowed it."""
    channels: list[str] = []
    if getattr(user, "email", ""):
        channels.append(Channel.EMAIL)
    if PushSubscription.objects.filter(user=user).exists():
        channels.append(Channel.PUSH)
    return channels


def notify(
    user: Any,
    kind: str,
    text: str,
    url: str = "",
    dedupe_key: str | None = None,
) -> Notification | None:
    """Write a notification for `user`; None if `dedupe_key` was already used.

    After commit the user's open pages get the unread count live, and a worker sends the
    e-mail and the push (never in the request).
    """
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                user_id=user.pk, kind=kind, text=text[:20000], url=url[:500], dedupe_key=dedupe_key
            )
    except IntegrityError:
        if dedupe_key is None:
            raise
        return None
    queue_channels(notification, channels_for(user))
    return notification


def queue_channels(
    notification: Notification, channels: list[str], *, enqueue: bool = True
) -> None:
    """Dispatch rows for `channels`, then, after commit, the live count and (unless the
    caller sends them itself, as the reminder sweep does) a delivery job."""
    Dispatch.objects.bulk_create(
        [Dispatch(notification=notification, channel=c) for c in channels],
        ignore_conflicts=True,
    )
    user_id = notification.user_id
    transaction.on_commit(lambda: after_commit(user_id, enqueue and bool(channels)))


def after_commit(user_id: int, dispatch: bool) -> None:
    from notifications.live import publish_unread
    from notifications.tasks import enqueue_delivery

    publish_unread(user_id)
    if dispatch:
        enqueue_delivery()


def unread(user: Any) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user, read_at__isnull=True)


def mark_read(user: Any, notification_id: int | None) -> int:
    """Mark one of the user's notifications (or all of them, None) read; how many changed."""
    rows = unread(user)
    if notification_id is not None:
        rows = rows.filter(pk=notification_id)
    changed = rows.update(read_at=timezone.now())
    if changed:
        user_id = user.pk
        transaction.on_commit(lambda: after_commit(user_id, False))
    return changed
