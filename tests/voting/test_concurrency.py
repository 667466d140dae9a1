"""Real concurrency: parallel connections and row locks, on PostgreSQL (see the postgres
fixture: skipped on a laptop without DATABASE_URL, mandatory in CI)."""

import threading
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections, transaction

from sessions.errors import ActionRefused
from tests.conftest import make_member
from tests.voting.conftest import open_motion, option, present
from voting import services
from voting.models import Ballot, BallotReceipt, Poll, PollState
from voting.services.common import locked_poll

pytestmark = pytest.mark.django_db(transaction=True)


def in_thread(fn, *args):
    """Run fn in its own thread and database connection; return (result, error)."""
    outcome: dict = {}

    def run():
        try:
            outcome["result"] = fn(*args)
        except Exception as error:  # handed back to the test
            outcome["error"] = error
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, outcome


def wait_until_blocked_on_a_lock(timeout_seconds: float = 10) -> None:
    """Return once another connection waits on a row lock (the race is then set up)."""
    waiting = threading.Event()
    for _ in range(int(timeout_seconds * 100)):
        with connections["default"].cursor() as cursor:
            # pg_locks is live; pg_stat_activity would be frozen for this transaction.
            cursor.execute("SELECT count(*) FROM pg_locks WHERE NOT granted")
            if cursor.fetchone()[0]:
                return
        waiting.wait(0.01)
    pytest.fail("the ballot never waited for the poll's lock")


def test_a_ballot_racing_the_close_is_refused_and_not_counted(
    postgres, live_sitting, chair, delegate
):
    present(live_sitting, chair, delegate)
    poll = open_motion(chair, live_sitting)
    yes = option(poll, "yes").pk
    with transaction.atomic():
        # The chair's close takes the poll's locks first (its sitting's, then its own)...
        locked_poll(poll, chair)
        thread, outcome = in_thread(services.cast_ballot, delegate, poll, {yes: "x"}, uuid.uuid4())
        # ...the ballot arrives meanwhile and waits for it...
        wait_until_blocked_on_a_lock()
        services.close_poll(chair, poll)
    # ...and once the close commits, the ballot sees a closed poll.
    thread.join(timeout=10)
    assert isinstance(outcome.get("error"), ActionRefused)
    poll = Poll.objects.get(pk=poll.pk)
    assert poll.state == PollState.CLOSED
    assert poll.result["cast"] == 0
    assert not Ballot.objects.filter(poll=poll).exists()
    assert not BallotReceipt.objects.filter(poll=poll).exists()


def test_a_ballot_and_a_close_at_once_agree_with_the_frozen_result(
    postgres, live_sitting, chair, delegate
):
    present(live_sitting, chair, delegate)
    poll = open_motion(chair, live_sitting)
    yes = option(poll, "yes").pk
    start = threading.Barrier(2)

    def cast():
        start.wait()
        return services.cast_ballot(delegate, poll, {yes: "x"}, uuid.uuid4())

    def close():
        start.wait()
        return services.close_poll(chair, poll)

    voter, voted = in_thread(cast)
    closer, closed = in_thread(close)
    voter.join(timeout=10)
    closer.join(timeout=10)
    assert "error" not in closed
    poll = Poll.objects.get(pk=poll.pk)
    counted = Ballot.objects.filter(poll=poll).count()
    if "error" in voted:
        assert isinstance(voted["error"], ActionRefused)
        assert counted == poll.result["cast"] == 0
    else:
        assert counted == poll.result["cast"] == 1


def test_95_delegates_voting_at_once_make_exactly_95_ballots_and_an_exact_tally(
    postgres, live_sitting, council, chair, delegate
):
    others = [make_member(council, f"delegate{i:02d}", "delegate") for i in range(93)]
    voters = [chair, delegate, *others]
    assert len(voters) == council.total_delegates == 95
    present(live_sitting, *voters)
    poll = open_motion(chair, live_sitting)
    codes = ["yes", "no", "abstain"]
    ids = {code: option(poll, code).pk for code in codes}
    start = threading.Barrier(24)

    def cast(index_and_member):
        index, member = index_and_member
        if index < 24:
            start.wait()  # the first wave leaves together
        try:
            # Each delegate's tablet also retries once: the retry must create nothing.
            submission_id = uuid.uuid4()
            choice = {ids[codes[index % 3]]: "x"}
            first = services.cast_ballot(member, poll, choice, submission_id)
            again = services.cast_ballot(member, poll, choice, submission_id)
            assert again.pk == first.pk
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=24) as pool:
        list(pool.map(cast, enumerate(voters)))

    assert Ballot.objects.filter(poll=poll).count() == 95
    assert BallotReceipt.objects.filter(poll=poll).count() == 95
    poll = services.close_poll(chair, poll)
    votes = {o["code"]: o["votes"] for o in poll.result["options"]}
    assert votes == {"yes": 32, "no": 32, "abstain": 31}
    assert poll.result["verdict"]["passed"] is False  # 32 of 95: more than half needs 48
    assert poll.result["verdict"]["params"]["needed"] == 48
