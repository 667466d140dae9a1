"""Actions for tests/live/test_event_consistency.py: one per follow-up event type."""

import datetime

from django.utils import timezone

from followup.models import Conclusion
from followup.services import agency_moves
from followup.services.assign import assign_task
from followup.services.conclusions import record_conclusion, set_review_item
from sessions import services
from sessions.models import SittingState
from tests.conftest import make_sitting
from tests.followup.conftest import make_agency, make_officer


def record_on_the_current_item(personas, sitting):
    services.change_sitting_state(personas["chair"], sitting, SittingState.IN_PROGRESS)
    record_conclusion(personas["chair"], sitting, "Thống nhất giao UBND thành phố rà soát.")


def mark_a_review_item(personas, sitting):
    set_review_item(personas["secretariat"], sitting, sitting.items.first().pk, True)


def an_agency_acknowledges_an_earlier_task(personas, sitting):
    """The review on this sitting's tablets shows an earlier sitting's task moving on."""
    chair = personas["chair"]
    set_review_item(personas["secretariat"], sitting, sitting.items.first().pk, True)
    services.change_sitting_state(chair, sitting, SittingState.IN_PROGRESS)
    earlier = make_sitting(sitting.council, number=14, state=SittingState.CLOSED)
    conclusion = Conclusion.objects.create(
        sitting=earlier, number=1, text="Đẩy nhanh giải ngân vốn đầu tư công.", created_by=chair
    )
    agency = make_agency(sitting.council, "Sở Tài chính", "Sở TC")
    officer = make_officer(agency, "sotc")
    task = assign_task(
        chair,
        conclusion,
        agency_id=agency.pk,
        deadline=timezone.localdate() + datetime.timedelta(days=10),
    )
    agency_moves.acknowledge(officer, task.pk, task.version)


ACTIONS = {
    "followup.conclusions_changed": record_on_the_current_item,
    "followup.review_changed": mark_a_review_item,
    "followup.tasks_changed": an_agency_acknowledges_an_earlier_task,
}
