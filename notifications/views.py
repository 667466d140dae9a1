"""The notifications list, marking read, and a browser's Web Push subscription."""

import json
from typing import Any
from urllib.parse import urlsplit

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from notifications import services
from notifications.models import Notification, PushSubscription

PAGE_SIZE = 50
MAX_SUBSCRIPTION_BYTES = 4096


def _user_id(request: HttpRequest) -> int:
    return int(request.user.pk or 0)  # login_required: never 0


def _list_response(request: HttpRequest) -> HttpResponse:
    rows = Notification.objects.filter(user_id=_user_id(request)).only(
        "id", "kind", "text", "url", "read_at", "created_at"
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "unread_count": services.unread(request.user).count()}
    template = (
        "notifications/_list.html" if getattr(request, "htmx", False) else "notifications/list.html"
    )
    return render(request, template, context)


@login_required
@require_GET
def notification_list(request: HttpRequest) -> HttpResponse:
    return _list_response(request)


@login_required
@require_POST
def mark_read(request: HttpRequest, notification_id: int) -> HttpResponse:
    with transaction.atomic():
        services.mark_read(request.user, notification_id)
    return (
        _list_response(request)
        if getattr(request, "htmx", False)
        else redirect("notifications:list")
    )


@login_required
@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    with transaction.atomic():
        services.mark_read(request.user, None)
    return (
        _list_response(request)
        if getattr(request, "htmx", False)
        else redirect("notifications:list")
    )


def _subscription(request: HttpRequest) -> dict[str, Any] | None:
    if len(request.body) > MAX_SUBSCRIPTION_BYTES:
        return None
    try:
        data = json.loads(request.body)
        endpoint, keys = data["endpoint"], data.get("keys") or {}
        p256dh, auth = keys.get("p256dh", ""), keys.get("auth", "")
    except (ValueError, KeyError, TypeError, AttributeError):
        return None
    if not all(isinstance(v, str) for v in (endpoint, p256dh, auth)):
        return None
    parts = urlsplit(endpoint)
    # Push services are reached over HTTPS; plain http only for a local test endpoint.
    if parts.scheme not in ("https", "http") or not parts.netloc or len(endpoint) > 1000:
        return None
    if not (0 < len(p256dh) <= 200 and 0 < len(auth) <= 100):
        return None
    return {"endpoint": endpoint, "p256dh": p256dh, "auth": auth}


@login_required
@require_POST
def push_subscribe(request: HttpRequest) -> HttpResponse:
    found = _subscription(request)
    if found is None:
        return JsonResponse({"error": _("This is not a push subscription.")}, status=400)
    # The endpoint names a browser: if another user signed in on it, it is theirs now.
    PushSubscription.objects.update_or_create(
        endpoint=found["endpoint"],
        defaults={"user_id": _user_id(request), "p256dh": found["p256dh"], "auth": found["auth"]},
    )
    return JsonResponse({"ok": True}, status=201)


@login_required
@require_POST
def push_unsubscribe(request: HttpRequest) -> HttpResponse:
    found = _subscription(request)
    if found is None:
        return JsonResponse({"error": _("This is not a push subscription.")}, status=400)
    PushSubscription.objects.filter(user_id=_user_id(request), endpoint=found["endpoint"]).delete()
    return JsonResponse({"ok": True})
