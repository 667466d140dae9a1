import pytest
from django.core.management import call_command

from council.audit import AuditEntry
from sessions.errors import ActionRefused, NotAllowed
from sessions.models import SittingState
from tests.conftest import make_member
from voting import services
from voting.models import Attendance, AttendanceStatus, Poll, PollState
from voting.tally import quorum_state

pytestmark = pytest.mark.django_db


def test_a_delegate_checks_in_before_the_sitting_starts(sitting, delegate):
    row = services.check_in(delegate, sitting)
    assert row.status == AttendanceStatus.PRESENT
    assert row.checked_in_at is not None
    assert AuditEntry.objects.filter(action="voting.attendance.checked_in").count() == 1


def test_checking_in_twice_changes_nothing(live_sitting, delegate):
    services.check_in(delegate, live_sitting)
    services.check_in(delegate, live_sitting)
    assert Attendance.objects.count() == 1
    assert AuditEntry.objects.filter(action="voting.attendance.checked_in").count() == 1


def test_a_draft_or_closed_sitting_takes_no_attendance(sitting, delegate):
    for state in (SittingState.DRAFT, SittingState.CLOSED):
        sitting.state = state
        sitting.save()
        with pytest.raises(ActionRefused):
            services.check_in(delegate, sitting)


def test_only_delegates_check_in(live_sitting, secretariat, screen, outsider):
    for member in (secretariat, screen, outsider):
        with pytest.raises(NotAllowed):
            services.check_in(member, live_sitting)


def test_checking_out_needs_a_check_in(live_sitting, delegate):
    with pytest.raises(ActionRefused):
        services.check_out(delegate, live_sitting)
    services.check_in(delegate, live_sitting)
    row = services.check_out(delegate, live_sitting)
    assert row.status == AttendanceStatus.ABSENT
    assert row.checked_out_at is not None


def test_the_secretariat_marks_anyone_and_nobody_else_does(
    live_sitting, secretariat, chair, delegate
):
    row = services.mark_attendance(secretariat, live_sitting, delegate, AttendanceStatus.EXCUSED)
    assert row.status == AttendanceStatus.EXCUSED
    assert row.updated_by == secretariat
    entry = AuditEntry.objects.get(action="voting.attendance.marked")
    assert entry.data == {"member": delegate.pk, "from": "absent", "to": "excused"}
    with pytest.raises(NotAllowed):
        services.mark_attendance(chair, live_sitting, delegate, AttendanceStatus.PRESENT)
    with pytest.raises(NotAllowed):
        services.mark_attendance(delegate, live_sitting, delegate, AttendanceStatus.PRESENT)


def test_the_secretariat_cannot_mark_a_screen_or_an_outsider(
    live_sitting, secretariat, screen, outsider
):
    for member in (screen, outsider):
        with pytest.raises(ActionRefused):
            services.mark_attendance(secretariat, live_sitting, member, AttendanceStatus.PRESENT)


def test_the_quorum_is_two_thirds_of_the_statutory_total_by_default(live_sitting, council):
    members = [make_member(council, f"q{i}", "delegate") for i in range(64)]
    for member in members[:63]:
        services.check_in(member, live_sitting)
    quorum = quorum_state(live_sitting)
    assert (quorum.present, quorum.total, quorum.needed, quorum.reached) == (63, 95, 64, False)
    services.check_in(members[63], live_sitting)
    assert quorum_state(live_sitting).reached


def test_a_council_sets_its_own_quorum(live_sitting, council, delegate):
    council.quorum_numerator, council.quorum_denominator = 1, 95
    council.save()
    services.check_in(delegate, live_sitting)
    assert quorum_state(live_sitting).reached


def test_the_sweeper_command_closes_expired_polls(live_sitting, chair):
    import datetime

    from django.utils import timezone

    poll = services.open_poll(
        chair, services.create_poll(chair, live_sitting, services.PollSpec("motion", "M"))
    )
    Poll.objects.filter(pk=poll.pk).update(closes_at=timezone.now() - datetime.timedelta(seconds=1))
    call_command("close_expired_polls")
    assert Poll.objects.get(pk=poll.pk).state == PollState.CLOSED
