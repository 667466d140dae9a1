import pytest
from django.db import IntegrityError, transaction

from council.audit import AuditEntry
from sessions.errors import ActionRefused, NotAllowed
from tests.voting.conftest import cast, motion, open_motion, present, vote
from voting import rules, services
from voting.models import ClosedPollError, Poll, PollKind, PollState

pytestmark = pytest.mark.django_db


def test_a_motion_gets_the_three_fixed_choices_and_the_resolution_rule(live_sitting, chair):
    poll = motion(chair, live_sitting)
    assert list(poll.options.values_list("code", flat=True)) == ["yes", "no", "abstain"]
    assert poll.rule == rules.RESOLUTION_RULE
    assert poll.state == PollState.DRAFT
    assert AuditEntry.objects.filter(action="voting.poll.created", object_id=str(poll.pk)).exists()


def test_only_the_chair_prepares_and_opens_votes(live_sitting, delegate, secretariat, chair):
    for member in (delegate, secretariat):
        with pytest.raises(NotAllowed):
            motion(member, live_sitting)
    poll = motion(chair, live_sitting)
    with pytest.raises(NotAllowed):
        services.open_poll(delegate, poll)


def test_the_chair_of_another_council_cannot_touch_a_poll(live_sitting, chair, other_council):
    from tests.conftest import make_member

    stranger = make_member(other_council, "otherchair", "chair")
    poll = motion(chair, live_sitting)
    with pytest.raises(NotAllowed):
        services.open_poll(stranger, poll)


def test_elections_and_confidence_polls_are_always_secret(live_sitting, chair):
    for kind in (PollKind.ELECTION, PollKind.CONFIDENCE):
        with pytest.raises(ActionRefused):
            motion(chair, live_sitting, kind=kind, labels=["A"], secret=False)


def test_a_secret_vote_cannot_allow_changes(live_sitting, chair):
    with pytest.raises(ActionRefused):
        motion(chair, live_sitting, secret=True, allow_change=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        Poll.objects.filter(pk=motion(chair, live_sitting, secret=True).pk).update(
            allow_change=True
        )


def test_an_election_needs_candidates_and_sensible_seats(live_sitting, chair):
    with pytest.raises(ActionRefused):
        motion(chair, live_sitting, kind=PollKind.ELECTION, secret=True, labels=[])
    with pytest.raises(ActionRefused):
        motion(chair, live_sitting, kind=PollKind.ELECTION, secret=True, labels=["A"], seats=2)
    with pytest.raises(ActionRefused):
        motion(chair, live_sitting, kind=PollKind.ELECTION, secret=True, labels=["A", "A"])


def test_a_poll_opens_only_in_a_sitting_under_way(sitting, chair):
    poll = motion(chair, sitting)
    with pytest.raises(ActionRefused, match=r"not started|chưa bắt đầu"):
        services.open_poll(chair, poll)


def test_only_one_poll_is_open_at_a_time(live_sitting, chair):
    open_motion(chair, live_sitting)
    second = motion(chair, live_sitting, title="Second")
    with pytest.raises(ActionRefused):
        services.open_poll(chair, second)
    with pytest.raises(IntegrityError), transaction.atomic():
        Poll.objects.filter(pk=second.pk).update(state=PollState.OPEN)


@pytest.mark.parametrize(
    ("start", "target"),
    [
        (PollState.DRAFT, PollState.CLOSED),
        (PollState.OPEN, PollState.OPEN),
        (PollState.CLOSED, PollState.OPEN),
        (PollState.CLOSED, PollState.CLOSED),
    ],
)
def test_every_illegal_move_is_refused(live_sitting, chair, start, target):
    poll = motion(chair, live_sitting)
    if start != PollState.DRAFT:
        services.open_poll(chair, poll)
    if start == PollState.CLOSED:
        services.close_poll(chair, poll)
    move = services.open_poll if target == PollState.OPEN else services.close_poll
    with pytest.raises(ActionRefused):
        move(chair, poll)
    assert Poll.objects.get(pk=poll.pk).state == start


def test_a_countdown_is_bounded(live_sitting, chair):
    poll = motion(chair, live_sitting)
    with pytest.raises(ActionRefused):
        services.open_poll(chair, poll, countdown_seconds=3)
    services.open_poll(chair, poll, countdown_seconds=60)
    assert Poll.objects.get(pk=poll.pk).closes_at is not None


def test_opening_is_refused_when_accounts_exceed_the_statutory_total(live_sitting, chair, council):
    council.total_delegates = 0
    council.save()
    with pytest.raises(ActionRefused):
        open_motion(chair, live_sitting)


def test_closing_freezes_counts_rule_verdict_entitled_and_times(
    live_sitting, chair, delegate, council
):
    council.total_delegates = 3
    council.save()
    present(live_sitting, chair, delegate)
    poll = open_motion(chair, live_sitting)
    vote(chair, poll, "yes")
    vote(delegate, poll, "yes")
    poll = services.close_poll(chair, poll)
    poll.refresh_from_db()
    result = poll.result
    assert result["cast"] == 2
    assert result["rule"] == {
        "base": "total",
        "numerator": 1,
        "denominator": 2,
        "comparison": "more_than",
    }
    assert result["verdict"]["passed"] is True
    assert result["verdict"]["params"]["needed"] == 2
    assert result["closed_at"] and result["opened_at"]
    assert {entry["id"] for entry in poll.entitled} == {chair.pk, delegate.pk}
    assert all(entry["voted"] for entry in poll.entitled)
    audit = AuditEntry.objects.get(action="voting.poll.closed", object_id=str(poll.pk))
    assert audit.data["passed"] is True


def test_absence_counts_against_a_resolution(live_sitting, chair, delegate):
    # 95 delegates by law: two votes in favour are far from "more than half of all".
    present(live_sitting, chair, delegate)
    poll = open_motion(chair, live_sitting)
    vote(chair, poll, "yes")
    vote(delegate, poll, "yes")
    poll = services.close_poll(chair, poll)
    assert poll.result["verdict"]["passed"] is False
    assert poll.result["verdict"]["params"]["needed"] == 48


def test_a_closed_poll_is_immutable(live_sitting, chair):
    poll = open_motion(chair, live_sitting)
    services.close_poll(chair, poll)
    poll = Poll.objects.get(pk=poll.pk)
    poll.title = "rewritten"
    with pytest.raises(ClosedPollError):
        poll.save()


def test_an_election_elects_by_the_rule(live_sitting, chair, delegate, council):
    council.total_delegates = 3
    council.save()
    present(live_sitting, chair, delegate)
    poll = services.create_poll(
        chair,
        live_sitting,
        services.PollSpec(
            kind=PollKind.ELECTION, title="Bầu Phó Chủ tịch", secret=True, labels=["An", "Bình"]
        ),
    )
    services.open_poll(chair, poll)
    vote(chair, poll, "An")
    vote(delegate, poll, "An")
    poll = services.close_poll(chair, poll)
    elected = [c["label"] for c in poll.result["candidates"] if c["elected"]]
    assert elected == ["An"]


def test_a_confidence_poll_reports_the_shares_the_law_looks_at(
    live_sitting, chair, delegate, council
):
    council.total_delegates = 3
    council.save()
    present(live_sitting, chair, delegate)
    poll = services.create_poll(
        chair,
        live_sitting,
        services.PollSpec(
            kind=PollKind.CONFIDENCE, title="Lấy phiếu tín nhiệm", secret=True, labels=["Ông A"]
        ),
    )
    services.open_poll(chair, poll)
    official = poll.options.get()
    for member in (chair, delegate):
        cast(member, poll, {official.pk: "low"})
    poll = services.close_poll(chair, poll)
    assessed = poll.result["officials"][0]
    assert assessed["low"] == 2
    assert assessed["low_more_than_half"] is True
    assert assessed["low_at_least_two_thirds"] is True


def test_a_sitting_with_an_open_vote_cannot_be_closed(live_sitting, chair):
    from sessions.models import Sitting, SittingState
    from sessions.services import change_sitting_state

    poll = open_motion(chair, live_sitting)
    with pytest.raises(ActionRefused, match=r"Nghị quyết ngân sách 2027"):
        change_sitting_state(chair, live_sitting, SittingState.CLOSED)
    assert Sitting.objects.get(pk=live_sitting.pk).state == SittingState.IN_PROGRESS
    assert not AuditEntry.objects.filter(action="sessions.sitting.closed").exists()

    services.close_poll(chair, poll)
    change_sitting_state(chair, live_sitting, SittingState.CLOSED)
    assert Sitting.objects.get(pk=live_sitting.pk).state == SittingState.CLOSED


def test_a_draft_vote_does_not_keep_the_sitting_open(live_sitting, chair):
    from sessions.models import SittingState
    from sessions.services import change_sitting_state

    motion(chair, live_sitting)
    assert change_sitting_state(chair, live_sitting, SittingState.CLOSED).state == "closed"
