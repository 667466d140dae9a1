"""One lock order across apps, the sitting first (issue 13, point 11), on PostgreSQL.

Opening a vote and closing the sitting race from two connections, each way round; the
sitting's row lock orders them, so a vote never ends up open in a closed sitting. A
poll's lock takes its sitting's row and its own, nothing wider: two sittings of one
council (two halls) do not wait on each other.
"""

import pytest
from django.db import connections, transaction

from sessions import services as sitting_services
from sessions.errors import ActionRefused
from sessions.models import Sitting, SittingState
from tests.conftest import make_sitting
from tests.voting.conftest import motion, open_motion
from tests.voting.test_concurrency import in_thread, wait_until_blocked_on_a_lock
from voting.models import Poll, PollState
from voting.services.common import locked_poll

pytestmark = pytest.mark.django_db(transaction=True)


def never_open_in_a_closed_sitting(sitting_id: int) -> None:
    sitting = Sitting.objects.get(pk=sitting_id)
    open_polls = Poll.objects.filter(sitting_id=sitting_id, state=PollState.OPEN).count()
    assert not (sitting.state == SittingState.CLOSED and open_polls), "open vote, closed sitting"


def test_a_vote_opening_while_the_sitting_closes_is_refused(postgres, live_sitting, chair):
    from voting import services

    poll = motion(chair, live_sitting)
    with transaction.atomic():
        sitting_services.change_sitting_state(chair, live_sitting, SittingState.CLOSED)
        thread, outcome = in_thread(services.open_poll, chair, poll)
        wait_until_blocked_on_a_lock()
    thread.join(timeout=10)
    assert isinstance(outcome.get("error"), ActionRefused)
    never_open_in_a_closed_sitting(live_sitting.pk)


def test_the_sitting_closing_while_a_vote_opens_is_refused(postgres, live_sitting, chair):
    from voting import services

    poll = motion(chair, live_sitting)
    with transaction.atomic():
        services.open_poll(chair, poll)
        thread, outcome = in_thread(
            sitting_services.change_sitting_state, chair, live_sitting, SittingState.CLOSED
        )
        wait_until_blocked_on_a_lock()
    thread.join(timeout=10)
    assert isinstance(outcome.get("error"), ActionRefused)
    never_open_in_a_closed_sitting(live_sitting.pk)


def test_a_vote_in_one_hall_does_not_wait_for_a_vote_in_another(
    postgres, live_sitting, council, chair
):
    other = make_sitting(council, state=SittingState.IN_PROGRESS, number=16)
    here = open_motion(chair, live_sitting)
    there = open_motion(chair, other)
    with transaction.atomic():
        locked_poll(here, chair)

        def lock_the_other_hall():
            with transaction.atomic():
                locked_poll(there, chair)
                return True

        thread, outcome = in_thread(lock_the_other_hall)
        thread.join(timeout=5)
        blocked = thread.is_alive()
    thread.join(timeout=10)
    connections.close_all()
    assert not blocked, "the other sitting's poll waited for this one's lock"
    assert outcome.get("result") is True
