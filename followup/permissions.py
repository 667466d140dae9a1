"""Who may do what in the follow-up: plain functions over (member, object)."""

from council.models import Member
from followup.models import Task


def is_staff(member: Member) -> bool:
    """The chair's side: records conclusions, assigns, accepts or returns, sees the dashboard."""
    return member.is_chair or member.is_secretariat


def agency_id_of(member: Member) -> int | None:
    if not member.is_agency:
        return None
    from followup.models import AgencyMembership

    return (
        AgencyMembership.objects.filter(member=member).values_list("agency_id", flat=True).first()
    )


def may_read_task(member: Member, task: Task) -> bool:
    """Delegates, the chair and the secretariat read any task of their council; an agency
    user only their agency's; a hall screen none (it shows the follow-up review only)."""
    if member.council_id != task.council_id:
        return False
    if member.is_agency:
        return agency_id_of(member) == task.agency_id
    return not member.is_screen


def may_act_for_agency(member: Member, task: Task) -> bool:
    return member.council_id == task.council_id and agency_id_of(member) == task.agency_id
