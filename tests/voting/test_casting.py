import datetime
import uuid

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from council.audit import AuditEntry
from sessions.errors import ActionRefused, NotAllowed
from tests.voting.conftest import motion, open_motion, option, present, vote
from voting import services
from voting.models import Ballot, BallotReceipt, Poll, PollState

pytestmark = pytest.mark.django_db


@pytest.fixture
def poll(live_sitting, chair, delegate):
    present(live_sitting, chair, delegate)
    return open_motion(chair, live_sitting)


def test_a_delegate_votes_once_and_gets_a_receipt(poll, delegate):
    receipt = vote(delegate, poll, "yes")
    assert receipt.member == delegate
    assert Ballot.objects.filter(poll=poll).count() == 1
    assert Poll.objects.get(pk=poll.pk).version > poll.version


def test_a_second_ballot_is_refused(poll, delegate):
    vote(delegate, poll, "yes")
    with pytest.raises(ActionRefused, match=r"already voted|đã biểu quyết"):
        vote(delegate, poll, "no")
    assert Ballot.objects.filter(poll=poll).count() == 1


def test_the_database_refuses_a_second_receipt_even_past_the_code(poll, delegate):
    vote(delegate, poll, "yes")
    with pytest.raises(IntegrityError), transaction.atomic():
        BallotReceipt.objects.create(poll=poll, member=delegate, submission_id=uuid.uuid4())


def test_the_database_refuses_a_second_named_ballot(poll, delegate):
    vote(delegate, poll, "yes")
    with pytest.raises(IntegrityError), transaction.atomic():
        Ballot.objects.create(poll=poll, member=delegate, secret=False, choices={})


def test_a_retried_submission_returns_the_same_receipt_and_creates_nothing(poll, delegate):
    submission_id = uuid.uuid4()
    first = vote(delegate, poll, "yes", submission_id)
    again = vote(delegate, poll, "no", submission_id)
    assert again.pk == first.pk
    assert Ballot.objects.get(poll=poll).choices == {str(option(poll, "yes").pk): "x"}
    assert AuditEntry.objects.filter(action="voting.ballot.cast").count() == 1


def test_a_retry_is_confirmed_even_after_the_close(poll, delegate, chair):
    submission_id = uuid.uuid4()
    first = vote(delegate, poll, "yes", submission_id)
    services.close_poll(chair, poll)
    assert vote(delegate, poll, "yes", submission_id).pk == first.pk


def test_an_outsider_cannot_vote(poll, outsider):
    with pytest.raises(NotAllowed):
        vote(outsider, poll, "yes")
    assert not Ballot.objects.exists()


def test_the_secretariat_and_screens_do_not_vote(poll, secretariat, screen):
    for member in (secretariat, screen):
        with pytest.raises(NotAllowed):
            vote(member, poll, "yes")


def test_a_delegate_not_checked_in_cannot_vote(live_sitting, chair, council):
    from tests.conftest import make_member

    absent = make_member(council, "absent", "delegate")
    poll = open_motion(chair, live_sitting)
    with pytest.raises(ActionRefused, match=r"Check in|điểm danh"):
        vote(absent, poll, "yes")


def test_presence_is_not_needed_when_the_poll_says_so(live_sitting, chair, council):
    from tests.conftest import make_member

    absent = make_member(council, "absent", "delegate")
    poll = open_motion(chair, live_sitting, require_presence=False)
    vote(absent, poll, "yes")
    assert Ballot.objects.filter(poll=poll).count() == 1


def test_a_ballot_after_the_close_is_refused(poll, chair, delegate):
    services.close_poll(chair, poll)
    with pytest.raises(ActionRefused, match=r"closed|đã kết thúc"):
        vote(delegate, poll, "yes")
    assert not Ballot.objects.filter(poll=poll).exists()


def test_a_ballot_on_a_draft_is_refused(live_sitting, chair, delegate):
    present(live_sitting, delegate)
    poll = motion(chair, live_sitting)
    with pytest.raises(ActionRefused):
        vote(delegate, poll, "yes")


def test_a_ballot_after_the_countdown_closes_the_poll_and_is_refused(poll, delegate, chair):
    vote(chair, poll, "yes")
    Poll.objects.filter(pk=poll.pk).update(closes_at=timezone.now() - datetime.timedelta(seconds=1))
    with pytest.raises(ActionRefused):
        vote(delegate, poll, "yes")
    poll = Poll.objects.get(pk=poll.pk)
    assert poll.state == PollState.CLOSED
    assert poll.result["closed_by"] == "countdown"
    assert poll.result["cast"] == 1


def test_expired_polls_are_closed_by_the_sweeper(poll):
    Poll.objects.filter(pk=poll.pk).update(closes_at=timezone.now())
    assert services.close_expired_polls() == 1
    assert Poll.objects.get(pk=poll.pk).state == PollState.CLOSED
    assert services.close_expired_polls() == 0


def test_a_choice_from_another_poll_is_refused(live_sitting, poll, chair, delegate):
    services.close_poll(chair, poll)
    other = open_motion(chair, live_sitting, title="Other")
    with pytest.raises(ActionRefused):
        services.cast_ballot(delegate, other, {option(poll, "yes").pk: "x"}, uuid.uuid4())


def test_a_named_vote_may_change_when_the_poll_allows_it(live_sitting, chair, delegate):
    present(live_sitting, delegate)
    poll = open_motion(chair, live_sitting, allow_change=True)
    vote(delegate, poll, "yes")
    services.change_ballot(delegate, poll, {option(poll, "no").pk: "x"}, uuid.uuid4())
    assert Ballot.objects.get(poll=poll).choices == {str(option(poll, "no").pk): "x"}
    assert BallotReceipt.objects.filter(poll=poll).count() == 1
    changed = AuditEntry.objects.get(action="voting.ballot.changed")
    assert changed.data["to"] == {str(option(poll, "no").pk): "x"}


def test_a_retried_change_changes_nothing_more(live_sitting, chair, delegate):
    present(live_sitting, delegate)
    poll = open_motion(chair, live_sitting, allow_change=True)
    vote(delegate, poll, "yes")
    change = uuid.uuid4()
    vote(delegate, poll, "no", change)
    vote(delegate, poll, "abstain", change)
    assert Ballot.objects.get(poll=poll).choices == {str(option(poll, "no").pk): "x"}
    assert AuditEntry.objects.filter(action="voting.ballot.changed").count() == 1


def test_a_vote_cannot_change_when_the_poll_does_not_allow_it(poll, delegate):
    vote(delegate, poll, "yes")
    with pytest.raises(ActionRefused):
        services.change_ballot(delegate, poll, {option(poll, "no").pk: "x"}, uuid.uuid4())


class TestSecretBallots:
    @pytest.fixture
    def secret(self, live_sitting, chair, delegate, council):
        from tests.conftest import make_member

        others = [make_member(council, f"d{i}", "delegate") for i in range(6)]
        voters = [chair, delegate, *others]
        present(live_sitting, *voters)
        poll = open_motion(chair, live_sitting, secret=True)
        return poll, voters

    def test_the_database_refuses_a_secret_ballot_that_names_its_voter(self, secret):
        poll, voters = secret
        with pytest.raises(IntegrityError), transaction.atomic():
            Ballot.objects.create(poll=poll, member=voters[0], secret=True, choices={})

    def test_a_secret_vote_cannot_be_changed(self, secret):
        poll, voters = secret
        vote(voters[0], poll, "yes")
        with pytest.raises(ActionRefused):
            vote(voters[0], poll, "no")
