"""Who is looking, and what they may see: another council's or another agency's object is 404."""

from typing import Any

from django.http import Http404

from council.models import Member
from followup.models import Conclusion, Task
from followup.permissions import is_staff, may_read_task


def viewer(user: Any) -> Member:
    """The viewer's membership, agency officers included (their first, as the home page)."""
    if not user.is_authenticated:
        raise Http404
    member = (
        Member.objects.filter(user_id=user.pk)
        .select_related("council", "user", "agency_link__agency")
        .order_by("id")
        .first()
    )
    if member is None:
        raise Http404
    return member


def staff_viewer(user: Any) -> Member:
    member = viewer(user)
    if not is_staff(member):
        raise Http404
    return member


def task_for(user: Any, task_id: int) -> tuple[Task, Member]:
    member = viewer(user)
    task = (
        Task.objects.select_related(
            "agency", "assignee", "assigned_by", "conclusion__sitting", "conclusion__item"
        )
        .filter(pk=task_id, council_id=member.council_id)
        .first()
    )
    if task is None or not may_read_task(member, task):
        raise Http404
    return task, member


def conclusion_for(user: Any, conclusion_id: int) -> tuple[Conclusion, Member]:
    """A conclusion for the council's members; an agency officer reads only a conclusion
    behind one of their agency's tasks."""
    member = viewer(user)
    conclusion = (
        Conclusion.objects.select_related("sitting", "item")
        .filter(pk=conclusion_id, sitting__council_id=member.council_id)
        .first()
    )
    if conclusion is None or member.is_screen:
        raise Http404
    if (
        member.is_agency
        and not conclusion.tasks.filter(agency__memberships__member=member).exists()
    ):
        raise Http404
    return conclusion, member
