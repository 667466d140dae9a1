"""A per-client limit on the public verification page, counted in the database so that it
holds across processes: each client may check RECORDS_VERIFY_PER_WINDOW files per window."""

import hashlib
import time

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import HttpRequest

from records.models import VerificationBucket


def client_key(request: HttpRequest) -> str:
    # REMOTE_ADDR: behind nginx it is the proxy unless nginx sets the real address
    # (deploy/nginx.conf). Hashed: the table is not a log of visitors' addresses.
    address = request.META.get("REMOTE_ADDR", "") or "unknown"
    return hashlib.sha256(address.encode()).hexdigest()[:64]


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
