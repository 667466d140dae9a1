"""Questioning's services: each step locked, audited, refused cleanly when it must be."""

import uuid

import pytest

from council.audit import AuditEntry
from questioning.models import GroupState, Question, QuestionState
from questioning.services import drafting, floor, grouping
from sessions import speakers
from sessions.errors import ActionRefused, NotAllowed, StaleState
from sessions.models import SittingState, SpeakerKind, SpeakerState
from tests.questioning.conftest import grouped, registered

pytestmark = pytest.mark.django_db


def actions():
    return list(
        AuditEntry.objects.filter(action__startswith="questioning.")
        .order_by("id")
        .values_list("action", flat=True)
    )


def test_a_delegate_drafts_a_question_without_a_passage(delegate, sitting, official):
    question = drafting.draft_question(
        delegate, sitting, official_id=official.pk, text="  Vì sao chậm giải ngân? "
    )
    assert question.state == QuestionState.DRAFT
    assert question.text == "Vì sao chậm giải ngân?"
    assert question.version is None and question.quote == ""
    assert actions() == ["questioning.question.drafted"]


def test_a_question_sent_before_the_sitting_is_registered_in_order(
    delegate, second_delegate, sitting, official
):
    first = registered(delegate, sitting, official)
    second = registered(second_delegate, sitting, official)
    assert first.state == second.state == QuestionState.REGISTERED
    assert first.registered_at is not None
    assert second.position == first.position + 1
    entry = AuditEntry.objects.get(action="questioning.question.registered", object_id=first.pk)
    assert entry.data["before_sitting"] is True


def test_a_retry_with_the_same_client_id_makes_one_question(delegate, sitting, official):
    client_id = str(uuid.uuid4())
    made = [
        drafting.draft_question(
            delegate, sitting, official_id=official.pk, text="Hỏi", client_id=client_id
        )
        for _ in range(3)
    ]
    assert {q.pk for q in made} == {made[0].pk}
    assert Question.objects.count() == 1


def test_a_malformed_client_id_is_refused(delegate, sitting, official):
    with pytest.raises(ActionRefused):
        drafting.draft_question(
            delegate, sitting, official_id=official.pk, text="Hỏi", client_id="not-a-uuid"
        )


@pytest.mark.parametrize("text", ["", "   ", "x" * 2001])
def test_an_empty_or_too_long_question_is_refused_and_nothing_saved(
    delegate, sitting, official, text
):
    with pytest.raises(ActionRefused):
        drafting.draft_question(delegate, sitting, official_id=official.pk, text=text)
    assert not Question.objects.exists()


def test_an_official_of_another_sitting_is_refused(delegate, sitting, official):
    with pytest.raises(ActionRefused):
        drafting.draft_question(delegate, sitting, official_id=official.pk + 99, text="Hỏi")


def test_the_secretariat_cannot_ask_questions(secretariat, sitting, official):
    with pytest.raises(NotAllowed):
        drafting.draft_question(secretariat, sitting, official_id=official.pk, text="Hỏi")


def test_another_council_cannot_ask(outsider, sitting, official):
    with pytest.raises(ActionRefused):
        drafting.draft_question(outsider, sitting, official_id=official.pk, text="Hỏi")


def test_only_its_authors_edit_or_withdraw_a_draft(
    delegate, second_delegate, sitting, official, other_official
):
    question = drafting.draft_question(delegate, sitting, official_id=official.pk, text="Hỏi")
    with pytest.raises(NotAllowed):
        drafting.edit_question(
            second_delegate, sitting, question.pk, official_id=official.pk, text="Khác"
        )
    with pytest.raises(NotAllowed):
        drafting.withdraw_question(second_delegate, sitting, question.pk)
    edited = drafting.edit_question(
        delegate, sitting, question.pk, official_id=other_official.pk, text="Hỏi lại"
    )
    assert (edited.text, edited.official_id) == ("Hỏi lại", other_official.pk)
    drafting.withdraw_question(delegate, sitting, question.pk)
    assert Question.objects.get().state == QuestionState.WITHDRAWN
    with pytest.raises(StaleState):
        drafting.register_question(delegate, sitting, question.pk)


def test_a_co_author_may_send_the_draft(delegate, second_delegate, sitting, official):
    question = drafting.draft_question(delegate, sitting, official_id=official.pk, text="Hỏi")
    drafting.set_co_authors(delegate, sitting, question.pk, [second_delegate.pk])
    drafting.register_question(second_delegate, sitting, question.pk)
    assert Question.objects.get().state == QuestionState.REGISTERED


def test_co_authors_must_be_the_councils_delegates(delegate, secretariat, sitting, official):
    question = drafting.draft_question(delegate, sitting, official_id=official.pk, text="Hỏi")
    with pytest.raises(ActionRefused):
        drafting.set_co_authors(delegate, sitting, question.pk, [secretariat.pk])


def test_a_closed_sitting_takes_no_question(delegate, sitting, official):
    sitting.state = SittingState.CLOSED
    sitting.save()
    with pytest.raises(ActionRefused):
        drafting.draft_question(delegate, sitting, official_id=official.pk, text="Hỏi")


def test_groups_hold_only_their_officials_questions(
    delegate, secretariat, sitting, official, other_official
):
    question = registered(delegate, sitting, other_official)
    group = grouping.create_group(secretariat, sitting, official_id=official.pk, topic="Ngân sách")
    with pytest.raises(ActionRefused):
        grouping.put_in_group(secretariat, sitting, question.pk, group.pk)
    with pytest.raises(ActionRefused):  # the same topic twice
        grouping.create_group(secretariat, sitting, official_id=official.pk, topic="Ngân sách")


def test_a_delegate_cannot_group(delegate, sitting, official):
    with pytest.raises(NotAllowed):
        grouping.create_group(delegate, sitting, official_id=official.pk, topic="Ngân sách")


def test_a_draft_cannot_be_grouped(delegate, secretariat, sitting, official):
    draft = drafting.draft_question(delegate, sitting, official_id=official.pk, text="Hỏi")
    group = grouping.create_group(secretariat, sitting, official_id=official.pk, topic="Vốn")
    with pytest.raises(StaleState):
        grouping.put_in_group(secretariat, sitting, draft.pk, group.pk)


def test_merging_a_duplicate_keeps_every_author(
    delegate, second_delegate, chair, secretariat, sitting, official
):
    target = registered(delegate, sitting, official)
    duplicate = registered(second_delegate, sitting, official)
    drafting_third = registered(chair, sitting, official)
    grouping.merge(secretariat, sitting, drafting_third.pk, duplicate.pk)
    grouping.merge(secretariat, sitting, duplicate.pk, target.pk)
    target.refresh_from_db()
    assert set(target.co_authors.all()) == {second_delegate, chair}
    assert set(Question.objects.filter(merged_into=target)) == {duplicate, drafting_third}
    assert Question.objects.get(pk=duplicate.pk).state == QuestionState.MERGED


def test_merging_into_another_officials_question_is_refused(
    delegate, second_delegate, secretariat, sitting, official, other_official
):
    one = registered(delegate, sitting, official)
    other = registered(second_delegate, sitting, other_official)
    with pytest.raises(ActionRefused):
        grouping.merge(secretariat, sitting, one.pk, other.pk)
    with pytest.raises(ActionRefused):
        grouping.merge(secretariat, sitting, one.pk, one.pk)


def test_the_chair_orders_the_groups(chair, secretariat, sitting, official, other_official):
    first = grouping.create_group(secretariat, sitting, official_id=official.pk, topic="A")
    second = grouping.create_group(secretariat, sitting, official_id=other_official.pk, topic="B")
    grouping.move_group(chair, sitting, second.pk, -1)
    order = list(sitting.question_groups.order_by("position").values_list("pk", flat=True))
    assert order == [second.pk, first.pk]
    with pytest.raises(ActionRefused):
        grouping.move_group(chair, sitting, second.pk, -1)
    with pytest.raises(NotAllowed):
        grouping.move_group(secretariat, sitting, second.pk, 1)


@pytest.fixture
def questioning(delegate, second_delegate, secretariat, live_sitting, official):
    one = registered(delegate, live_sitting, official)
    two = registered(second_delegate, live_sitting, official)
    group = grouped(secretariat, live_sitting, official, one, two)
    return live_sitting, group, one, two


def test_the_floor_for_a_question_is_a_request_to_speak_with_its_addressee(chair, questioning):
    sitting, group, one, _two = questioning
    floor.open_group(chair, sitting, group.pk)
    question = floor.give_floor(chair, sitting, one.pk)
    assert question.state == QuestionState.ON_FLOOR
    request = question.floor
    assert request.kind == SpeakerKind.QUESTION
    assert request.addressee == str(one.official)
    assert request.state == SpeakerState.SPEAKING and request.timer_running
    assert request.item_id == sitting.current_item_id


def test_the_next_question_ends_the_one_before_and_its_speaker(chair, questioning):
    sitting, group, one, two = questioning
    floor.open_group(chair, sitting, group.pk)
    first = floor.give_floor(chair, sitting, one.pk)
    floor.give_floor(chair, sitting, two.pk)
    first.refresh_from_db()
    first.floor.refresh_from_db()
    assert first.state == QuestionState.ASKED
    assert first.floor.state == SpeakerState.DONE
    assert Question.objects.get(pk=two.pk).state == QuestionState.ON_FLOOR


def test_a_debate_reply_goes_through_the_speakers_list(chair, delegate, questioning, council):
    sitting, group, _one, two = questioning
    floor.open_group(chair, sitting, group.pk)
    floor.give_floor(chair, sitting, two.pk)
    reply = speakers.request_to_speak(delegate, sitting, kind=SpeakerKind.REPLY)
    speakers.give_floor(chair, sitting, reply.pk)
    # The question stays on the hall's screens during the debate until the chair marks it.
    assert Question.objects.get(pk=two.pk).state == QuestionState.ON_FLOOR
    floor.mark_asked(chair, sitting, two.pk)
    assert Question.objects.get(pk=two.pk).state == QuestionState.ASKED


def test_one_group_at_a_time_and_the_floor_only_from_it(
    chair, secretariat, delegate, questioning, other_official
):
    sitting, group, one, _two = questioning
    with pytest.raises(StaleState):
        floor.give_floor(chair, sitting, one.pk)  # not opened yet
    other = grouping.create_group(
        secretariat, sitting, official_id=other_official.pk, topic="Nhà ở"
    )
    floor.open_group(chair, sitting, group.pk)
    with pytest.raises(ActionRefused):
        floor.open_group(chair, sitting, other.pk)
    with pytest.raises(NotAllowed):
        floor.give_floor(delegate, sitting, one.pk)


def test_closing_the_group_marks_the_question_on_the_floor_asked(chair, questioning):
    sitting, group, one, two = questioning
    floor.open_group(chair, sitting, group.pk)
    floor.give_floor(chair, sitting, one.pk)
    floor.close_group(chair, sitting, group.pk)
    states = dict(Question.objects.values_list("pk", "state"))
    assert states == {one.pk: QuestionState.ASKED, two.pk: QuestionState.REGISTERED}
    group.refresh_from_db()
    assert group.state == GroupState.DONE and group.closed_at is not None
    assert "questioning.group.closed" in actions()


def test_the_floor_needs_the_groups_agenda_item(chair, questioning):
    sitting, group, one, _two = questioning
    floor.open_group(chair, sitting, group.pk)
    from sessions import services

    services.set_current_item(chair, sitting, sitting.items.last().pk)
    with pytest.raises(ActionRefused):
        floor.give_floor(chair, sitting, one.pk)


def test_an_author_waiting_to_speak_gets_the_floor_on_their_request(chair, delegate, questioning):
    sitting, group, one, _two = questioning
    waiting = speakers.request_to_speak(delegate, sitting)
    floor.open_group(chair, sitting, group.pk)
    question = floor.give_floor(chair, sitting, one.pk)
    assert question.floor_id == waiting.pk
    assert question.floor.kind == SpeakerKind.QUESTION


def test_a_question_on_the_floor_can_no_longer_be_withdrawn_or_edited(
    chair, delegate, questioning, official
):
    sitting, group, one, _two = questioning
    floor.open_group(chair, sitting, group.pk)
    floor.give_floor(chair, sitting, one.pk)
    with pytest.raises(StaleState):
        drafting.withdraw_question(delegate, sitting, one.pk)
    with pytest.raises(ActionRefused):
        drafting.edit_question(delegate, sitting, one.pk, official_id=official.pk, text="Khác")
