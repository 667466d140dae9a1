"""Find objects through the viewer's memberships, so another council's objects do not exist.

A member of one council must not even learn that an id belongs to another council:
every lookup answers 404, never 403, across councils.
"""

from typing import Any

from django.db import models
from django.http import Http404

from council.models import Council, Member, Role


def memberships(user: Any) -> "models.QuerySet[Member]":
    """The viewer's memberships in the council's sittings (none for an anonymous visitor).

    An agency officer's membership is not one: agencies see their tasks (followup/), never a
    sitting's room, documents or ballots, so everything that looks a member up here or through
    member_of() treats them as an outsider (404).
    """
    if not user.is_authenticated:
        return Member.objects.none()
    return (
        Member.objects.filter(user_id=user.pk).exclude(role=Role.AGENCY).select_related("council")
    )


def is_agency_officer(user: Any) -> bool:
    return bool(
        user.is_authenticated and Member.objects.filter(user_id=user.pk, role=Role.AGENCY).exists()
    )


def member_of(user: Any, council: Council | int) -> Member:
    council_id = council if isinstance(council, int) else council.pk
    if not user.is_authenticated:
        raise Http404
    member = (
        Member.objects.select_related("council", "group", "user")
        .filter(user_id=user.pk, council_id=council_id)
        .exclude(role=Role.AGENCY)
        .first()
    )
    if member is None:
        raise Http404
    return member
