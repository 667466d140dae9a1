"""Send what waits in the outbox (Dispatch rows): e-mail and Web Push, each at most once.

A row is claimed (pending -> sending, a conditional UPDATE) before anything leaves; a worker
killed between the claim and `sent` leaves it "sending" and nobody sends it again: a
reminder twice is the failure the council asked us to avoid, and the in-app notification
is there either way.
"""

import logging
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, mailers
from django.utils import timezone

from notifications import push
from notifications.models import Channel, Dispatch, DispatchState

logger = logging.getLogger(__name__)
BATCH = 200
MAX_ATTEMPTS = 3


def subject_and_body(dispatch: Dispatch) -> tuple[str, str]:
    """The first line is the subject; the link goes under the text."""
    notification = dispatch.notification
    url = notification.url
    if url.startswith("/"):
        url = settings.SITE_URL + url
    body = f"{notification.text}\n\n{url}" if url else notification.text
    return notification.text.partition("\n")[0][:200], body


class Mailer:
    """One mail connection for a whole run (opened at the first e-mail), not one per mail."""

    def __init__(self) -> None:
        self.backend: Any = None

    def send(self, message: EmailMessage) -> None:
        if self.backend is None:
            self.backend = mailers.default
            self.backend.open()
        try:
            if self.backend.send_messages([message]) != 1:
                raise RuntimeError("the mail backend did not send the message")
        except Exception:
            self.close()  # the connection may be broken: a fresh one for the next mail
            raise

    def close(self) -> None:
        if self.backend is not None:
            backend, self.backend = self.backend, None
            backend.close()


def send_one(dispatch: Dispatch, mailer: Mailer) -> None:
    if dispatch.channel == Channel.EMAIL:
        subject, body = subject_and_body(dispatch)
        mailer.send(EmailMessage(subject, body, to=[dispatch.notification.user.email]))
    elif dispatch.channel == Channel.PUSH:
        push.send(dispatch.notification)


def claim(dispatch_id: int) -> bool:
    return bool(
        Dispatch.objects.filter(pk=dispatch_id, state=DispatchState.PENDING).update(
            state=DispatchState.SENDING, claimed_at=timezone.now()
        )
    )


def send_pending(limit: int | None = None) -> int:
    """Send pending dispatches, oldest first; how many were sent."""
    mailer = Mailer()
    try:
        return _send_pending(limit, mailer)
    finally:
        mailer.close()


def _send_pending(limit: int | None, mailer: Mailer) -> int:
    sent = 0
    failed: set[int] = set()  # retried by the next run, not this one
    while limit is None or sent < limit:
        ids = list(
            Dispatch.objects.filter(state=DispatchState.PENDING)
            .exclude(pk__in=failed)
            .order_by("id")
            .values_list("id", flat=True)[:BATCH]
        )
        if not ids:
            break
        for dispatch_id in ids:
            if not claim(dispatch_id):
                continue  # another worker has it
            dispatch = Dispatch.objects.select_related("notification__user").get(pk=dispatch_id)
            try:
                send_one(dispatch, mailer)
            except Exception as exc:
                # Nothing left: safe to try again later (the push sends to each browser
                # and raises only when none took it).
                logger.warning("could not send %s", dispatch, exc_info=True)
                dispatch.attempts += 1
                dispatch.state = (
                    DispatchState.PENDING
                    if dispatch.attempts < MAX_ATTEMPTS
                    else DispatchState.FAILED
                )
                dispatch.error = str(exc)[:500]
                dispatch.save(update_fields=["state", "attempts", "error"])
                failed.add(dispatch.pk)
                continue
            dispatch.state, dispatch.sent_at = DispatchState.SENT, timezone.now()
            dispatch.save(update_fields=["state", "sent_at"])
            sent += 1
    return sent
