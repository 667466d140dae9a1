"""Web Push (RFC 8030/8291) with VAPID (RFC 8292: "Authorization: vapid t=..., k=...")."""

import base64
import contextlib
import json
import logging
import os
import tempfile
from functools import cache
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from django.conf import settings
from py_vapid import Vapid02
from pywebpush import WebPushException, webpush

from notifications.models import Notification, PushSubscription

logger = logging.getLogger(__name__)
# A push service answers these for a subscription that no longer exists.
GONE = {404, 410}
TIMEOUT_SECONDS = 10


def _key_file() -> Path:
    configured = settings.VAPID_PRIVATE_KEY_FILE
    if configured:
        return Path(configured)
    path = Path(settings.VAR_DIR) / "vapid" / "private.pem"
    if not path.exists():
        # The demo: one key pair for every process, kept like the secret key. Written aside and
        # linked into place, so a concurrent first page never reads a half-written key (it
        # gave 500s), and of two processes that race here, the first link wins for both.
        path.parent.mkdir(parents=True, exist_ok=True)
        key = Vapid02()
        key.generate_keys()
        with tempfile.TemporaryDirectory(dir=path.parent) as aside:
            written = Path(aside) / path.name
            key.save_key(str(written))
            written.chmod(0o600)
            # If another process's key is in place already, everyone uses that one.
            with contextlib.suppress(FileExistsError):
                os.link(written, path)
    return path


@cache
def vapid() -> Vapid02:
    return Vapid02.from_file(str(_key_file()))


def public_key() -> str:
    """The application server key a browser subscribes with (base64url, no padding)."""
    raw = vapid().public_key.public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def payload(notification: Notification) -> str:
    first, _, rest = notification.text.partition("\n")
    url = notification.url
    if url.startswith("/"):
        url = settings.SITE_URL + url
    return json.dumps({"title": first, "body": rest.strip(), "url": url}, ensure_ascii=False)


def send(notification: Notification) -> int:
    """Push to each of the user's browsers; forget the gone ones. How many accepted it."""
    data = payload(notification)
    accepted = 0
    errors: list[WebPushException] = []
    for subscription in PushSubscription.objects.filter(user_id=notification.user_id):
        try:
            webpush(
                subscription_info={
                    "endpoint": subscription.endpoint,
                    "keys": {"p256dh": subscription.p256dh, "auth": subscription.auth},
                },
                data=data,
                vapid_private_key=vapid(),
                vapid_claims={"sub": settings.VAPID_SUBJECT},
                content_encoding="aes128gcm",
                timeout=TIMEOUT_SECONDS,
                ttl=24 * 3600,
            )
        except WebPushException as exc:
            status = getattr(exc.response, "status_code", None)
            if status in GONE:
                subscription.delete()
                continue
            logger.warning("push to %s failed: %s", subscription.endpoint[:60], exc)
            errors.append(exc)
            continue
        accepted += 1
    if errors and not accepted:
        raise errors[0]
    return accepted
