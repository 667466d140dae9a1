"""Voiding a sealed poll whose key the ballot box lost while it was open (issue 14).

Against the run's real ballot box process (tests/conftest.py: ballot_box_process); the key
is lost on its disk, as a wiped or restored folder would lose it.
"""

import re

import pytest
from django.urls import reverse

from council.audit import AuditEntry
from sessions.errors import ActionRefused, NotAllowed
from tests.conftest import client_for, make_member
from tests.sealing import lose_key
from tests.voting.conftest import open_motion, present, vote
from voting import services
from voting.models import (
    MAX_VOID_REASON_CHARS,
    BallotReceipt,
    ClosedPollError,
    Poll,
    PollState,
    SealedBallot,
)
from voting.services.polls import open_poll_keeps_sitting_open

pytestmark = pytest.mark.django_db

REASON = "Hòm phiếu mất khóa trong khi đang bỏ phiếu"


@pytest.fixture
def voters(live_sitting, chair, delegate, council):
    everyone = [chair, delegate, *(make_member(council, f"v{i}", "delegate") for i in range(3))]
    present(live_sitting, *everyone)
    return everyone


@pytest.fixture
def keyless(live_sitting, chair, voters):
    """An open sealed poll with three ballots, whose key the box has lost."""
    poll = open_motion(chair, live_sitting, secret=True)
    for member, code in zip(voters, ["yes", "no", "yes"], strict=False):
        vote(member, poll, code)
    lose_key(poll)
    return poll


def test_a_close_without_the_key_is_refused_noted_and_says_to_void(keyless, chair, voters):
    assert keyless.box_key_gone_at is None
    with pytest.raises(ActionRefused, match=r"(?i)void|hủy"):
        services.close_poll(chair, keyless)
    poll = Poll.objects.get(pk=keyless.pk)
    assert poll.state == PollState.OPEN and poll.result is None
    assert poll.box_key_gone_at is not None and poll.key_gone
    assert AuditEntry.objects.filter(action="voting.poll.key_gone").count() == 1
    # No ballot goes into a box nobody can open any more.
    with pytest.raises(ActionRefused, match=r"lost the key|mất khóa"):
        vote(voters[3], poll, "yes")
    # A second refused close notes nothing new.
    with pytest.raises(ActionRefused):
        services.close_poll(chair, poll)
    assert AuditEntry.objects.filter(action="voting.poll.key_gone").count() == 1


def test_the_sitting_cannot_close_and_is_told_to_void(keyless, chair, live_sitting):
    with pytest.raises(ActionRefused):
        services.close_poll(chair, keyless)
    assert re.search(r"(?i)void it|hủy cuộc biểu quyết", open_poll_keeps_sitting_open(live_sitting))
    services.void_poll(chair, keyless, REASON)
    assert open_poll_keeps_sitting_open(live_sitting) is None


def test_only_the_chair_voids(keyless, delegate):
    with pytest.raises(NotAllowed):
        services.void_poll(delegate, keyless, REASON)
    assert Poll.objects.get(pk=keyless.pk).state == PollState.OPEN


@pytest.mark.parametrize("reason", ["", "   \n ", "x" * (MAX_VOID_REASON_CHARS + 1)])
def test_a_reason_is_required_and_bounded(keyless, chair, reason):
    with pytest.raises(ActionRefused, match=r"(?i)reason|lý do"):
        services.void_poll(chair, keyless, reason)
    poll = Poll.objects.get(pk=keyless.pk)
    assert poll.state == PollState.OPEN and poll.void_reason == ""
    assert SealedBallot.objects.filter(poll=poll).count() == 3


def test_a_poll_the_box_can_count_is_never_voided(live_sitting, chair, voters):
    poll = open_motion(chair, live_sitting, secret=True)
    vote(voters[0], poll, "yes")
    # Even marked as gone in the database (a bad write, a stale note): the box decides.
    Poll.objects.filter(pk=poll.pk).update(box_key_gone_at=poll.opened_at)
    with pytest.raises(ActionRefused, match=r"can still count|vẫn có thể kiểm"):
        services.void_poll(chair, poll, REASON)
    poll = Poll.objects.get(pk=poll.pk)
    assert poll.state == PollState.OPEN
    assert SealedBallot.objects.filter(poll=poll).count() == 1


def test_a_named_poll_is_closed_not_voided(live_sitting, chair, voters):
    poll = open_motion(chair, live_sitting)
    with pytest.raises(ActionRefused):
        services.void_poll(chair, poll, REASON)
    assert Poll.objects.get(pk=poll.pk).state == PollState.OPEN


def test_without_the_box_nothing_is_voided(keyless, chair, settings):
    settings.BALLOT_BOX_URL = "http://127.0.0.1:9"  # nothing listens there
    with pytest.raises(ActionRefused, match=r"does not answer|không trả lời"):
        services.void_poll(chair, keyless, REASON)
    assert Poll.objects.get(pk=keyless.pk).state == PollState.OPEN


def test_voiding_deletes_the_sealed_ballots_unopened_and_keeps_who_voted(
    keyless, chair, live_sitting
):
    poll = services.void_poll(chair, keyless, f"  {REASON}  ")
    poll = Poll.objects.get(pk=poll.pk)
    assert poll.state == PollState.VOIDED and poll.is_voided
    assert poll.void_reason == REASON and poll.voided_by == chair and poll.voided_at
    assert poll.result is None and poll.box_key_gone_at is not None
    assert not SealedBallot.objects.filter(poll=poll).exists()
    assert BallotReceipt.objects.filter(poll=poll).count() == 3
    entry = AuditEntry.objects.get(action="voting.poll.voided")
    assert entry.data["reason"] == REASON and entry.data["sealed_ballots_deleted"] == 3
    assert entry.data["receipts"] == 3
    # Ended for good: nothing changes it, neither a close nor a second void nor a save.
    with pytest.raises(ActionRefused):
        services.close_poll(chair, poll)
    with pytest.raises(ActionRefused):
        services.void_poll(chair, poll, REASON)
    poll.title = "changed"
    with pytest.raises(ClosedPollError):
        poll.save()
    # The chair opens a new vote on the same item.
    again = open_motion(chair, live_sitting, secret=True, item_id=keyless.item_id)
    assert again.is_open and again.item_id == keyless.item_id


def test_the_chair_voids_from_the_console_and_the_record_shows_it(
    keyless, chair, delegate, live_sitting
):
    client = client_for(chair)
    client.post(reverse("voting:close", args=[keyless.pk]), HTTP_HX_REQUEST="true")
    console = client.get(reverse("sessions:chair", args=[live_sitting.pk])).content.decode()
    assert reverse("voting:void", args=[keyless.pk]) in console
    delegate_void = client_for(delegate).post(
        reverse("voting:void", args=[keyless.pk]), {"reason": REASON}
    )
    assert delegate_void.status_code == 404
    refused = client.post(reverse("voting:void", args=[keyless.pk]), {"reason": ""})
    assert refused.status_code < 500
    assert Poll.objects.get(pk=keyless.pk).state == PollState.OPEN
    client.post(reverse("voting:void", args=[keyless.pk]), {"reason": REASON})
    assert Poll.objects.get(pk=keyless.pk).state == PollState.VOIDED
    results = client.get(reverse("voting:sitting_results", args=[live_sitting.pk]))
    html = results.content.decode()
    assert keyless.title in html and REASON in html and 'data-voided="yes"' in html
    # Tablets that kept a token for it are told it is gone (they drop the token).
    count = client_for(delegate).get(reverse("voting:count_file", args=[keyless.pk]))
    assert count.status_code == 410
