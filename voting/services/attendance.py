"""Check-in (điểm danh), check-out and the secretariat's marks.

Delegates check in once the sitting is published, before the chair opens it: the chair
needs the quorum before starting.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from council import permissions
from council.audit import log_action
from council.models import Member
from sessions import live
from sessions.errors import ActionRefused, NotAllowed
from sessions.models import Sitting, SittingState
from voting import events
from voting.models import Attendance, AttendanceStatus
from voting.services.common import tick
from voting.tally import quorum_state

_OPEN_STATES = (SittingState.PUBLISHED, SittingState.IN_PROGRESS)


def _locked_row(sitting: Sitting, member: Member) -> Attendance:
    try:
        with transaction.atomic():
            Attendance.objects.get_or_create(sitting=sitting, member=member)
    except IntegrityError:  # a second device of the same delegate created it meanwhile
        pass
    return Attendance.objects.select_for_update().get(sitting=sitting, member=member)


def _check_sitting(actor: Member, sitting: Sitting) -> Sitting:
    if sitting.council_id != actor.council_id:
        raise NotAllowed()
    sitting = Sitting.objects.select_related("council").get(pk=sitting.pk)
    if sitting.state not in _OPEN_STATES:
        raise ActionRefused(_("Attendance can only be taken while the sitting is open."))
    return sitting


def _publish(sitting: Sitting, row: Attendance) -> None:
    tick(sitting)
    quorum = quorum_state(sitting)
    live.publish(sitting, events.OWN_ATTENDANCE, {"status": row.status}, member_id=row.member_id)
    live.publish(
        sitting,
        events.ATTENDANCE_CHANGED,
        {"present": quorum.present, "total": quorum.total, "quorum": quorum.reached},
    )


@transaction.atomic
def check_in(actor: Member, sitting: Sitting) -> Attendance:
    if not actor.is_delegate:
        raise NotAllowed(_("Only delegates check in."))
    sitting = _check_sitting(actor, sitting)
    row = _locked_row(sitting, actor)
    if row.status == AttendanceStatus.PRESENT:
        return row  # a second tap, or a retried request: nothing changes
    previous = row.status
    row.status = AttendanceStatus.PRESENT
    row.checked_in_at = timezone.now()
    row.checked_out_at = None
    row.updated_by = actor
    row.save(
        update_fields=["status", "checked_in_at", "checked_out_at", "updated_by", "updated_at"]
    )
    log_action(actor, "voting.attendance.checked_in", row, {"from": previous})
    _publish(sitting, row)
    return row


@transaction.atomic
def check_out(actor: Member, sitting: Sitting) -> Attendance:
    if not actor.is_delegate:
        raise NotAllowed()
    sitting = _check_sitting(actor, sitting)
    row = _locked_row(sitting, actor)
    if row.status != AttendanceStatus.PRESENT:
        raise ActionRefused(_("You are not checked in."))
    row.status = AttendanceStatus.ABSENT
    row.checked_out_at = timezone.now()
    row.updated_by = actor
    row.save(update_fields=["status", "checked_out_at", "updated_by", "updated_at"])
    log_action(actor, "voting.attendance.checked_out", row)
    _publish(sitting, row)
    return row


@transaction.atomic
def mark_attendance(actor: Member, sitting: Sitting, member: Member, status: str) -> Attendance:
    if not permissions.can_manage_sittings(actor):
        raise NotAllowed()
    sitting = _check_sitting(actor, sitting)
    if member.council_id != sitting.council_id or not member.is_delegate:
        raise ActionRefused(_("Only the council's delegates have an attendance record."))
    if status not in AttendanceStatus.values:
        raise ActionRefused(_("Unknown attendance status."))
    row = _locked_row(sitting, member)
    if row.status == status:
        return row
    previous = row.status
    now = timezone.now()
    row.status = status
    if status == AttendanceStatus.PRESENT:
        row.checked_in_at, row.checked_out_at = now, None
    elif previous == AttendanceStatus.PRESENT:
        row.checked_out_at = now
    row.updated_by = actor
    row.save()
    log_action(
        actor,
        "voting.attendance.marked",
        row,
        {"member": member.pk, "from": previous, "to": status},
    )
    _publish(sitting, row)
    return row
