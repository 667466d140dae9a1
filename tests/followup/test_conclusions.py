import pytest

from council.audit import AuditEntry
from followup.models import Conclusion
from followup.services.conclusions import record_conclusion, set_review_item
from sessions.errors import ActionRefused, NotAllowed
from sessions.models import SittingState
from tests.conftest import make_sitting

pytestmark = pytest.mark.django_db


def test_the_chair_records_a_conclusion_on_the_current_item(live_sitting, chair):
    conclusion = record_conclusion(chair, live_sitting, "Thống nhất thông qua tờ trình.")
    assert conclusion.number == 1
    assert conclusion.item_id == live_sitting.current_item_id
    entry = AuditEntry.objects.get(action="followup.conclusion.recorded")
    assert entry.object_id == str(conclusion.pk) and entry.actor == chair


def test_conclusions_are_numbered_within_the_sitting(live_sitting, chair, secretariat, council):
    record_conclusion(chair, live_sitting, "Một")
    second = record_conclusion(secretariat, live_sitting, "Hai")
    other = make_sitting(council, number=16, state=SittingState.PUBLISHED)
    first_of_other = record_conclusion(chair, other, "Một của kỳ 16")
    assert second.number == 2 and first_of_other.number == 1


def test_a_conclusion_can_be_added_after_the_sitting(sitting, secretariat):
    sitting.state = SittingState.CLOSED
    sitting.save()
    item = sitting.items.last()
    conclusion = record_conclusion(secretariat, sitting, "Bổ sung sau kỳ họp", item.pk)
    assert conclusion.item == item


def test_a_delegate_cannot_record_a_conclusion(live_sitting, delegate):
    with pytest.raises(NotAllowed):
        record_conclusion(delegate, live_sitting, "Không được")
    assert not Conclusion.objects.exists()


def test_an_agency_officer_cannot_record_a_conclusion(live_sitting, officer):
    with pytest.raises(NotAllowed):
        record_conclusion(officer, live_sitting, "Không được")


def test_another_councils_chair_cannot_record_here(live_sitting, outsider):
    with pytest.raises(NotAllowed):
        record_conclusion(outsider, live_sitting, "Không được")


def test_an_empty_conclusion_is_refused(live_sitting, chair):
    with pytest.raises(ActionRefused):
        record_conclusion(chair, live_sitting, "   ")


def test_an_item_of_another_sitting_is_refused(live_sitting, chair, council):
    other = make_sitting(council, number=16)
    item = other.items.create(title="Khác", position=1)
    with pytest.raises(ActionRefused):
        record_conclusion(chair, live_sitting, "Sai mục", item.pk)
    assert not Conclusion.objects.exists()


def test_a_draft_sitting_takes_no_conclusions(sitting, chair):
    sitting.state = SittingState.DRAFT
    sitting.save()
    with pytest.raises(ActionRefused):
        record_conclusion(chair, sitting, "Chưa công bố")


def test_the_secretariat_marks_an_item_as_a_follow_up_review(sitting, secretariat):
    item = sitting.items.first()
    set_review_item(secretariat, sitting, item.pk, True)
    assert hasattr(item, "followup_review") or item.followup_review
    set_review_item(secretariat, sitting, item.pk, False)
    item.refresh_from_db()
    assert not type(item).objects.filter(pk=item.pk, followup_review__isnull=False).exists()


def test_a_delegate_cannot_mark_a_review_item(sitting, delegate):
    with pytest.raises(NotAllowed):
        set_review_item(delegate, sitting, sitting.items.first().pk, True)


def test_a_new_conclusion_reaches_the_review_of_a_later_sitting(council, secretariat):
    earlier = make_sitting(council, number=14, state=SittingState.CLOSED)
    later = make_sitting(council, number=15, state=SittingState.IN_PROGRESS)
    item = later.items.create(title="Giám sát", position=1)
    set_review_item(secretariat, later, item.pk, True)
    later.refresh_from_db()
    before = later.event_seq
    record_conclusion(secretariat, earlier, "Bổ sung sau kỳ họp")
    later.refresh_from_db()
    # One numbered event on the reviewing sitting: its tablets redraw the review.
    assert later.event_seq == before + 1
