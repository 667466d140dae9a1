"""A delegate's own panels (own ballot state, own check-in): rendered per viewer, never
inside a shared live region. They refetch themselves over htmx when their events arrive."""

from typing import Any

from council.models import Member
from sessions.models import Sitting
from voting.models import Attendance, AttendanceStatus, Ballot, BallotReceipt, Poll, PollState


def attendance_context(sitting: Sitting, member: Member) -> dict[str, Any]:
    row = Attendance.objects.filter(sitting=sitting, member=member).first()
    return {
        "sitting": sitting,
        "member": member,
        "attendance": row,
        "present": row is not None and row.status == AttendanceStatus.PRESENT,
    }


def cast_context(
    sitting: Sitting, member: Member, poll: Poll, receipt: BallotReceipt
) -> dict[str, Any]:
    """my_vote_context right after ``member`` voted in ``poll``, from what the cast knows.

    The panel then shows the receipt (and, on a named poll, the choice), so the open poll,
    the presence and the ballot need not be read again. A retry's receipt (answered from
    the first request) carries no choice: it is read as my_vote_context reads it."""
    labels = getattr(receipt, "chosen_labels", None)
    if labels is None or not poll.is_open:
        return my_vote_context(sitting, member)
    context: dict[str, Any] = {"sitting": sitting, "member": member, "poll": poll}
    context["receipt"] = receipt
    context["present"] = True  # shown only to a delegate without a receipt
    if not poll.secret:
        context["my_choices"] = labels
    return context


def my_vote_context(sitting: Sitting, member: Member) -> dict[str, Any]:
    poll = Poll.objects.filter(sitting=sitting, state=PollState.OPEN).first()
    context: dict[str, Any] = {"sitting": sitting, "member": member, "poll": poll}
    if poll is None:
        return context
    receipt = BallotReceipt.objects.filter(poll=poll, member=member).first()
    context["receipt"] = receipt
    context["present"] = Attendance.objects.filter(
        sitting=sitting, member=member, status=AttendanceStatus.PRESENT
    ).exists()
    if receipt is not None and not poll.secret:
        ballot = Ballot.objects.filter(poll=poll, member=member).first()
        if ballot is not None:
            labels = {str(o.pk): o.display_label for o in poll.options.all()}
            context["my_choices"] = [labels[option_id] for option_id in ballot.choices]
    return context
