"""Secret ballots sealed on the tablet and counted once by the ballot box (issue 14).

The ballot box here is a real process (tests/conftest.py: ballot_box_process); the tablet's
sealing is PyNaCl's sealed box, the same libsodium construction as static/js/ballot-seal.js.
"""

import json
import uuid

import pytest

from ballotbox import protocol
from ballotbox.testing import BoxProcess
from council.audit import AuditEntry
from sessions.errors import ActionRefused
from tests.conftest import make_member
from tests.sealing import seal, seal_text
from tests.voting.conftest import cast, open_motion, option, present, vote
from voting import ballot_box, services
from voting.models import Ballot, BallotReceipt, Poll, PollKind, PollState, SealedBallot

pytestmark = pytest.mark.django_db


@pytest.fixture
def voters(live_sitting, chair, delegate, council):
    others = [make_member(council, f"d{i}", "delegate") for i in range(6)]
    everyone = [chair, delegate, *others]
    present(live_sitting, *everyone)
    return everyone


@pytest.fixture
def secret(live_sitting, chair, voters):
    return open_motion(chair, live_sitting, secret=True)


def _poll_of_kind(chair, sitting, kind, labels, seats=1):
    spec = services.PollSpec(kind=kind, title="Bầu", secret=True, labels=labels, seats=seats)
    return services.open_poll(chair, services.create_poll(chair, sitting, spec))


def test_opening_a_secret_poll_takes_a_key_signed_by_the_main_key(secret):
    main_key = ballot_box.main_public_key()
    document = protocol.verify(
        secret.box_key_document, secret.box_key_signature, main_key, protocol.POLL_KEY_KIND
    )
    assert document["poll"] == secret.box_poll_id
    assert secret.box_poll_id.startswith(f"{secret.pk}-")


def test_a_named_poll_asks_the_ballot_box_for_nothing(live_sitting, chair, voters):
    poll = open_motion(chair, live_sitting)
    vote(voters[0], poll, "yes")
    poll = services.close_poll(chair, poll)
    assert not poll.sealed and poll.box_poll_id == "" and poll.count_document == ""
    assert Ballot.objects.get(poll=poll).member == voters[0]


def test_while_open_the_database_holds_receipts_and_ciphertexts_only(secret, voters):
    for member, code in zip(voters, ["yes", "no", "yes", "abstain", "yes", "no"], strict=False):
        vote(member, secret, code)
    assert not Ballot.objects.filter(poll=secret).exists()
    assert BallotReceipt.objects.filter(poll=secret).count() == 6
    sealed = list(SealedBallot.objects.filter(poll=secret).values())
    assert len(sealed) == 6
    assert {f.name for f in SealedBallot._meta.get_fields()} == {"id", "poll", "ciphertext"}
    yes = str(option(secret, "yes").pk)
    for row in sealed:
        assert row["id"].version == 4
        assert "choices" not in row["ciphertext"] and f'"{yes}"' not in row["ciphertext"]
    assert AuditEntry.objects.filter(action="voting.ballot.cast").values_list("data", flat=True)
    assert all(
        d == {}
        for d in AuditEntry.objects.filter(action="voting.ballot.cast").values_list(
            "data", flat=True
        )
    )


def test_the_open_tally_shows_the_turnout_only(secret, voters):
    vote(voters[0], secret, "yes")
    vote(voters[1], secret, "no")
    from voting.tally import compute_result

    result = compute_result(Poll.objects.get(pk=secret.pk), closed=False)
    assert result["cast"] == 2
    assert all(o["votes"] == 0 for o in result["options"])


def test_closing_counts_the_box_s_signed_list_with_the_rules(secret, voters, chair):
    for member, code in zip(voters, ["yes", "yes", "no", "abstain", "yes"], strict=False):
        vote(member, secret, code)
    poll = services.close_poll(chair, secret)
    assert {o["code"]: o["votes"] for o in poll.result["options"]} == {
        "yes": 3,
        "no": 1,
        "abstain": 1,
    }
    assert poll.result["cast"] == 5 and poll.result["invalid"] == 0
    count = protocol.verify(
        poll.count_document, poll.count_signature, ballot_box.main_public_key(), protocol.COUNT_KIND
    )
    assert count["poll"] == poll.box_poll_id and len(count["plaintexts"]) == 5
    assert Ballot.objects.filter(poll=poll, member__isnull=True).count() == 5


def test_a_ballot_that_is_not_a_valid_choice_counts_as_invalid(secret, voters, chair):
    vote(voters[0], secret, "yes")
    two = {option(secret, "yes").pk: "x", option(secret, "no").pk: "x"}
    cast(voters[1], secret, two)
    services.cast_sealed_ballot(
        voters[2], secret, seal_text(secret, "not json at all"), uuid.uuid4()
    )
    # Sealed to some other key: the box cannot open it.
    other = Poll.objects.get(pk=secret.pk)
    other.box_key_document = json.dumps({"public_key": protocol.b64(bytes(32 * [7]))})
    services.cast_sealed_ballot(voters[3], secret, seal_text(other, "{}"), uuid.uuid4())
    poll = services.close_poll(chair, secret)
    assert poll.result["invalid"] == 3
    assert poll.result["cast"] == 1
    assert {o["code"]: o["votes"] for o in poll.result["options"]}["yes"] == 1


def test_an_election_ballot_over_the_seats_and_a_partial_rating_are_invalid(
    live_sitting, chair, voters
):
    election = _poll_of_kind(chair, live_sitting, PollKind.ELECTION, ["A", "B"])
    both = {o.pk: "x" for o in election.options.all()}
    cast(voters[0], election, both)
    cast(voters[1], election, {election.options.first().pk: "x"})
    cast(voters[2], election, {})  # a blank ballot is valid
    election = services.close_poll(chair, election)
    assert election.result["invalid"] == 1 and election.result["cast"] == 2
    confidence = _poll_of_kind(chair, live_sitting, PollKind.CONFIDENCE, ["A", "B"])
    first, second = confidence.options.all()
    cast(voters[0], confidence, {first.pk: "high"})
    cast(voters[1], confidence, {first.pk: "low", second.pk: "confidence"})
    confidence = services.close_poll(chair, confidence)
    assert confidence.result["invalid"] == 1 and confidence.result["cast"] == 1


def test_a_plain_choice_is_refused_on_a_sealed_poll(secret, voters):
    with pytest.raises(ActionRefused, match=r"not sealed|chưa được niêm phong"):
        services.cast_ballot(voters[0], secret, {option(secret, "yes").pk: "x"}, uuid.uuid4())
    assert not BallotReceipt.objects.filter(poll=secret).exists()


@pytest.mark.parametrize("ciphertext", ["", "abc", "!" * 100, "A" * 5000])
def test_a_ciphertext_that_is_not_one_is_refused_and_nothing_is_saved(secret, voters, ciphertext):
    with pytest.raises(ActionRefused):
        services.cast_sealed_ballot(voters[0], secret, ciphertext, uuid.uuid4())
    assert not SealedBallot.objects.filter(poll=secret).exists()
    assert not BallotReceipt.objects.filter(poll=secret).exists()


def test_one_sealed_ballot_per_delegate_and_a_retry_writes_nothing(secret, voters):
    ciphertext, _ = seal(secret, {option(secret, "yes").pk: "x"})
    submission = uuid.uuid4()
    first = services.cast_sealed_ballot(voters[0], secret, ciphertext, submission)
    again = services.cast_sealed_ballot(voters[0], secret, ciphertext, submission)
    assert first.pk == again.pk
    with pytest.raises(ActionRefused, match=r"already voted|đã biểu quyết"):
        vote(voters[0], secret, "no")
    assert SealedBallot.objects.filter(poll=secret).count() == 1


def test_a_sealed_ballot_on_a_named_poll_is_refused(live_sitting, chair, voters):
    poll = open_motion(chair, live_sitting)
    with pytest.raises(ActionRefused):
        services.cast_sealed_ballot(voters[0], poll, "A" * 100, uuid.uuid4())


def test_elections_and_confidence_polls_are_sealed_too(live_sitting, chair, voters):
    for kind in (PollKind.ELECTION, PollKind.CONFIDENCE):
        poll = _poll_of_kind(chair, live_sitting, kind, ["A", "B"])
        assert poll.sealed
        services.close_poll(chair, poll)


class TestTheBallotBoxDown:
    @pytest.fixture
    def own_box(self, tmp_path, settings):
        box = BoxProcess(tmp_path / "box").start()
        # A port may be reused by another test's box with another main key.
        ballot_box._main_key_cache.clear()
        settings.BALLOT_BOX_URL = box.url
        settings.BALLOT_BOX_TOKEN = box.token
        yield box
        box.kill()

    def test_a_secret_poll_does_not_open_without_the_box(
        self, live_sitting, chair, voters, own_box
    ):
        own_box.kill()
        poll = services.create_poll(
            chair, live_sitting, services.PollSpec(kind=PollKind.MOTION, title="M", secret=True)
        )
        with pytest.raises(ActionRefused, match=r"(?i)ballot box|hòm phiếu"):
            services.open_poll(chair, poll)
        assert Poll.objects.get(pk=poll.pk).state == PollState.DRAFT

    def test_killed_and_restarted_during_a_poll_the_box_loses_nothing(
        self, live_sitting, chair, voters, own_box
    ):
        poll = open_motion(chair, live_sitting, secret=True)
        for member, code in zip(voters, ["yes", "no", "yes"], strict=False):
            vote(member, poll, code)
        own_box.kill()
        with pytest.raises(ActionRefused, match=r"does not answer|không trả lời"):
            services.close_poll(chair, poll)
        poll.refresh_from_db()
        assert poll.state == PollState.OPEN and poll.result is None
        vote(voters[3], poll, "yes")  # voting goes on: ballots wait sealed in the database
        own_box.start()
        poll = services.close_poll(chair, poll)
        assert {o["code"]: o["votes"] for o in poll.result["options"]} == {
            "yes": 3,
            "no": 1,
            "abstain": 0,
        }

    def test_a_poll_whose_key_is_gone_says_so_and_is_not_frozen(
        self, live_sitting, chair, voters, own_box
    ):
        poll = open_motion(chair, live_sitting, secret=True)
        vote(voters[0], poll, "yes")
        own_box.kill()
        (own_box.folder / "polls" / f"{poll.box_poll_id}.key").unlink()
        own_box.start()
        with pytest.raises(ActionRefused, match=r"no longer holds|không còn giữ"):
            services.close_poll(chair, poll)
        poll.refresh_from_db()
        assert poll.state == PollState.OPEN and poll.result is None
        assert not Ballot.objects.filter(poll=poll).exists()

    def test_a_countdown_that_cannot_be_counted_leaves_the_poll_open(
        self, live_sitting, chair, voters, own_box
    ):
        poll = services.create_poll(
            chair, live_sitting, services.PollSpec(kind=PollKind.MOTION, title="M", secret=True)
        )
        poll = services.open_poll(chair, poll, countdown_seconds=10)
        Poll.objects.filter(pk=poll.pk).update(closes_at=poll.opened_at)
        own_box.kill()
        assert services.close_if_expired(poll.pk) is False
        assert Poll.objects.get(pk=poll.pk).state == PollState.OPEN
        with pytest.raises(ActionRefused):
            vote(voters[0], poll, "yes")
        assert not BallotReceipt.objects.filter(poll=poll).exists()


def test_the_chair_is_told_when_the_box_cannot_count(live_sitting, chair, voters, settings):
    from django.urls import reverse

    from tests.conftest import client_for

    poll = open_motion(chair, live_sitting, secret=True)
    vote(voters[1], poll, "yes")
    settings.BALLOT_BOX_URL = "http://127.0.0.1:9"  # nothing listens there
    response = client_for(chair).post(
        reverse("voting:close", args=[poll.pk]), headers={"HX-Request": "true"}
    )
    assert response.status_code == 409
    assert "ballot box" in response.content.decode().lower() or "hòm phiếu" in (
        response.content.decode().lower()
    )
    assert Poll.objects.get(pk=poll.pk).state == PollState.OPEN


def test_the_audit_of_a_sealed_close_counts_the_invalid_ballots(secret, voters, chair):
    vote(voters[0], secret, "yes")
    services.cast_sealed_ballot(voters[1], secret, seal_text(secret, "[]"), uuid.uuid4())
    services.close_poll(chair, secret)
    entry = AuditEntry.objects.get(action="voting.poll.closed")
    assert entry.data["invalid"] == 1 and entry.data["cast"] == 1
