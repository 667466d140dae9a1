"""Actions for tests/live/test_event_consistency.py: one per questioning event type."""

from questioning.services import drafting, floor, grouping
from sessions import services
from sessions.models import SittingState
from tests.questioning.conftest import make_official


def _question(personas, sitting, text="Tiến độ giải ngân vốn đầu tư công?"):
    official = make_official(sitting)
    return drafting.draft_question(
        personas["delegate"], sitting, official_id=official.pk, text=text, send=True
    )


def register_a_question(personas, sitting):
    _question(personas, sitting)


def group_it(personas, sitting):
    question = _question(personas, sitting)
    grouping.create_group(
        personas["secretariat"], sitting, official_id=question.official_id, topic="Đầu tư công"
    )


def give_the_floor(personas, sitting):
    """The hall screen, the chair's console and every tablet show the question."""
    chair, secretariat = personas["chair"], personas["secretariat"]
    services.change_sitting_state(chair, sitting, SittingState.IN_PROGRESS)
    question = _question(personas, sitting)
    group = grouping.create_group(
        secretariat, sitting, official_id=question.official_id, topic="Đầu tư công"
    )
    grouping.put_in_group(secretariat, sitting, question.pk, group.pk)
    floor.open_group(chair, sitting, group.pk)
    floor.give_floor(chair, sitting, question.pk)


ACTIONS = {
    "questioning.questions_changed": register_a_question,
    "questioning.groups_changed": group_it,
    "questioning.floor_changed": give_the_floor,
}
