"""The council's identity on every page: its name in the top bar, on the login page and
on the idle hall screen. A template context processor, lazy: pages that never show it
pay no query."""

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from council.models import Council, Member


def _council_for(request: HttpRequest) -> Council | None:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        member = Member.objects.filter(user_id=user.pk).select_related("council").first()
        return member.council if member else None
    # Before login: a deployment serves one council; with several, none is named.
    councils = list(Council.objects.all()[:2])
    return councils[0] if len(councils) == 1 else None


def identity(request: HttpRequest) -> dict[str, Any]:
    return {"council_identity": SimpleLazyObject(lambda: _council_for(request) or "")}
