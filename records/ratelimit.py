"""A per-client limit on the public verification page, counted in the database so that it
holds across processes: each client may check RECORDS_VERIFY_PER_WINDOW files per window."""

import hashlib
import time

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import HttpRequest

from records.models import VerificationBucket


def client_address(request: HttpRequest) -> str:
    """Behind our nginx (DJANGO_HTTPS) every request comes from the proxy: the client is the
    rightmost X-Forwarded-For entry, the one nginx appended (deploy/nginx.conf); entries to
    its left are whatever the client sent. Without the proxy, the socket's address."""
    if settings.HTTPS:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        rightmost = forwarded.rsplit(",", 1)[-1].strip()
        if rightmost:
            return rightmost[:64]
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def client_key(request: HttpRequest) -> str:
    # Hashed: the table is not a log of visitors' addresses.
    return hashlib.sha256(client_address(request).encode()).hexdigest()[:64]


def allow(request: HttpRequest) -> bool:
    """Count one attempt for the request's client; False once the window's budget is spent."""
    window = int(time.time()) // settings.RECORDS_VERIFY_WINDOW
    key = client_key(request)
    with transaction.atomic():
        updated = VerificationBucket.objects.filter(client=key, window=window).update(
            count=F("count") + 1
        )
        if not updated:
            try:
                with transaction.atomic():
                    VerificationBucket.objects.create(client=key, window=window, count=1)
            except IntegrityError:
                VerificationBucket.objects.filter(client=key, window=window).update(
                    count=F("count") + 1
                )
        count = VerificationBucket.objects.get(client=key, window=window).count
        # Old windows are of no use: keep the table small.
        VerificationBucket.objects.filter(window__lt=window - 1).delete()
    return count <= settings.RECORDS_VERIFY_PER_WINDOW
