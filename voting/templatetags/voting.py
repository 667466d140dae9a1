"""Per-viewer voting panels for the sessions pages (outside the shared live regions)."""

from typing import Any

from django import template

from council.models import Member
from sessions.models import Sitting
from voting.personal import attendance_context, my_vote_context

register = template.Library()


@register.inclusion_tag("voting/_partials/my_vote.html")
def my_vote(sitting: Sitting, member: Member) -> dict[str, Any]:
    return my_vote_context(sitting, member)


@register.inclusion_tag("voting/_partials/my_attendance.html")
def my_attendance(sitting: Sitting, member: Member) -> dict[str, Any]:
    return attendance_context(sitting, member)


@register.inclusion_tag("voting/_partials/create_poll.html", takes_context=True)
def create_poll_form(context: template.Context, sitting: Sitting) -> dict[str, Any]:
    from voting.models import PollKind
    from voting.views import rule_choices

    return {
        "sitting": sitting,
        "items": list(sitting.items.all()),
        "kinds": PollKind.choices,
        "rules": rule_choices(),
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("voting/_partials/ballot_check.html")
def ballot_check(member: Member) -> dict[str, Any]:
    """The ballot box's main key, pinned in the page (not sent with the poll), and the line
    where the tablet says whether the signed count holds this delegate's ballot."""
    from voting.ballot_box import main_public_key_or_none

    return {"member": member, "main_key": main_public_key_or_none()}
