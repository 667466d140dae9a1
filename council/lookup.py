"""Find objects through the viewer's memberships, so another council's objects do not exist.

A member of one council must not even learn that an id belongs to another council:
every lookup answers 404, never 403, across councils.
"""

from typing import Any

from django.db import models
from django.http import Http404

from council.models import Council, Member


def memberships(user: Any) -> "models.QuerySet[Member]":
    """The viewer's memberships (none for an anonymous visitor)."""
    if not user.is_authenticated:
        return Member.objects.none()
    return Member.objects.filter(user_id=user.pk).select_related("council")


def member_of(user: Any, council: Council | int) -> Member:
    council_id = council if isinstance(council, int) else council.pk
    if not user.is_authenticated:
        raise Http404
    member = (
        Member.objects.select_related("council", "group", "user")
        .filter(user_id=user.pk, council_id=council_id)
        .first()
    )
    if member is None:
        raise Http404
    return member
