"""The transition table on its own, without a database."""

import pytest

from followup.lifecycle import (
    TRANSITIONS,
    IllegalMove,
    Move,
    Side,
    Status,
    moves_from,
    next_status,
)
from followup.models import TaskStatus

LEGAL = {
    (move, source) for move, (_side, sources, _target) in TRANSITIONS.items() for source in sources
}
ILLEGAL = [(move, status) for move in Move for status in Status if (move, status) not in LEGAL]


def test_the_pure_statuses_are_the_models_statuses():
    assert {s.value for s in Status} == set(TaskStatus.values)


def test_the_life_of_a_task_from_assigned_to_done():
    status = Status.ASSIGNED
    for move in (Move.ACKNOWLEDGE, Move.PROGRESS, Move.REPORT, Move.ACCEPT):
        status = next_status(move, status)
    assert status is Status.DONE


def test_a_returned_task_is_worked_on_and_reported_again():
    assert next_status(Move.RETURN, Status.REPORTED) is Status.RETURNED
    assert next_status(Move.PROGRESS, Status.RETURNED) is Status.IN_PROGRESS
    assert next_status(Move.REPORT, Status.RETURNED) is Status.REPORTED


def test_an_extension_keeps_the_status():
    assert next_status(Move.REQUEST_EXTENSION, Status.IN_PROGRESS) is Status.IN_PROGRESS
    assert next_status(Move.DECIDE_EXTENSION, Status.REPORTED) is Status.REPORTED


@pytest.mark.parametrize(("move", "status"), ILLEGAL)
def test_every_move_outside_the_table_is_refused(move, status):
    with pytest.raises(IllegalMove):
        next_status(move, status)


def test_a_done_task_offers_nothing_to_anyone():
    assert moves_from(Status.DONE, Side.AGENCY) == []
    assert moves_from(Status.DONE, Side.ASSIGNER) == []


def test_a_reported_task_waits_for_the_assigner():
    assert moves_from(Status.REPORTED, Side.AGENCY) == []
    assert set(moves_from(Status.REPORTED, Side.ASSIGNER)) == {
        Move.ACCEPT,
        Move.RETURN,
        Move.DECIDE_EXTENSION,
    }
