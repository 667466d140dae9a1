import datetime

import pytest
from django.db import transaction

from council.audit import AuditEntry
from sessions import services
from sessions.errors import ActionRefused, NotAllowed, StaleState
from sessions.models import SITTING_TRANSITIONS, Sitting, SittingState

pytestmark = pytest.mark.django_db


def test_secretariat_creates_a_sitting_with_an_audit_entry(secretariat):
    sitting = services.create_sitting(
        secretariat,
        number=16,
        title="Kỳ họp thứ 16",
        starts_on=datetime.date(2027, 1, 5),
        ends_on=datetime.date(2027, 1, 6),
    )
    assert sitting.state == SittingState.DRAFT
    assert AuditEntry.objects.filter(
        action="sessions.sitting.created", object_id=str(sitting.pk)
    ).exists()


def test_a_delegate_cannot_create_a_sitting(delegate):
    with pytest.raises(NotAllowed):
        services.create_sitting(
            delegate,
            number=16,
            title="x",
            starts_on=datetime.date(2027, 1, 5),
            ends_on=datetime.date(2027, 1, 6),
        )


def test_a_sitting_cannot_end_before_it_starts(secretariat):
    with pytest.raises(ActionRefused):
        services.create_sitting(
            secretariat,
            number=16,
            title="x",
            starts_on=datetime.date(2027, 1, 6),
            ends_on=datetime.date(2027, 1, 5),
        )
    assert not Sitting.objects.filter(number=16).exists()


ALL_STATES = list(SittingState.values)


@pytest.mark.parametrize("from_state", ALL_STATES)
@pytest.mark.parametrize("to_state", ALL_STATES)
def test_every_illegal_sitting_move_is_refused_and_changes_nothing(
    sitting, chair, secretariat, from_state, to_state
):
    Sitting.objects.filter(pk=sitting.pk).update(state=from_state)
    sitting.refresh_from_db()
    legal = to_state in SITTING_TRANSITIONS[from_state]
    actor = (
        chair
        if (from_state, to_state) in {("published", "in_progress"), ("in_progress", "closed")}
        else secretariat
    )
    if legal:
        services.change_sitting_state(actor, sitting, to_state)
        sitting.refresh_from_db()
        assert sitting.state == to_state
        assert AuditEntry.objects.filter(action=f"sessions.sitting.{to_state}").count() == 1
    else:
        with pytest.raises(ActionRefused):
            services.change_sitting_state(actor, sitting, to_state)
        sitting.refresh_from_db()
        assert sitting.state == from_state
        assert not AuditEntry.objects.exists()


def test_only_the_chair_starts_the_sitting(sitting, secretariat, delegate):
    for actor in (secretariat, delegate):
        with pytest.raises(NotAllowed):
            services.change_sitting_state(actor, sitting, SittingState.IN_PROGRESS)


def test_starting_the_sitting_makes_the_first_item_current(sitting, chair):
    services.change_sitting_state(chair, sitting, SittingState.IN_PROGRESS)
    sitting.refresh_from_db()
    assert sitting.current_item == sitting.items.order_by("position").first()


def test_the_chair_sets_the_current_item_and_it_is_audited(live_sitting, chair):
    third = live_sitting.items.order_by("position")[2]
    services.set_current_item(chair, live_sitting, third.pk)
    live_sitting.refresh_from_db()
    assert live_sitting.current_item == third
    entry = AuditEntry.objects.get(action="sessions.item.started")
    assert entry.actor == chair
    assert entry.data["to"] == third.pk


def test_a_delegate_cannot_set_the_current_item(live_sitting, delegate):
    with pytest.raises(NotAllowed):
        services.set_current_item(delegate, live_sitting, live_sitting.items.last().pk)


def test_the_chair_of_another_council_cannot_touch_this_sitting(live_sitting, other_council):
    from tests.conftest import make_member

    foreign_chair = make_member(other_council, "foreignchair", "chair")
    with pytest.raises(NotAllowed):
        services.set_current_item(foreign_chair, live_sitting, live_sitting.items.last().pk)


def test_an_item_of_another_sitting_is_refused(live_sitting, chair, secretariat):
    other = services.create_sitting(
        secretariat,
        number=99,
        title="x",
        starts_on=datetime.date(2027, 1, 5),
        ends_on=datetime.date(2027, 1, 5),
    )
    foreign_item = services.add_agenda_item(secretariat, other, title="Foreign")
    with pytest.raises(ActionRefused):
        services.set_current_item(chair, live_sitting, foreign_item.pk)


def test_the_current_item_cannot_be_set_before_the_sitting_starts(sitting, chair):
    with pytest.raises(ActionRefused):
        services.set_current_item(chair, sitting, sitting.items.first().pk)


def test_next_moves_one_item_from_what_the_chair_saw(live_sitting, chair):
    first, second, _third = live_sitting.items.order_by("position")
    services.step_item(chair, live_sitting, +1, seen_item_id=first.pk)
    live_sitting.refresh_from_db()
    assert live_sitting.current_item == second


def test_a_stale_next_from_a_second_device_does_not_skip_an_item(live_sitting, chair):
    first, second, _third = live_sitting.items.order_by("position")
    services.step_item(chair, live_sitting, +1, seen_item_id=first.pk)
    with pytest.raises(StaleState):
        services.step_item(chair, live_sitting, +1, seen_item_id=first.pk)
    live_sitting.refresh_from_db()
    assert live_sitting.current_item == second


def test_previous_on_the_first_item_is_refused(live_sitting, chair):
    with pytest.raises(ActionRefused):
        services.step_item(chair, live_sitting, -1, seen_item_id=live_sitting.items.first().pk)


def test_adding_an_item_numbers_it_last(sitting, secretariat):
    item = services.add_agenda_item(secretariat, sitting, title="  Chất vấn  ")
    assert item.title == "Chất vấn"
    assert list(sitting.items.values_list("position", flat=True)) == [1, 2, 3, 4]


def test_an_item_without_a_title_is_refused(sitting, secretariat):
    with pytest.raises(ActionRefused):
        services.add_agenda_item(secretariat, sitting, title="   ")
    assert sitting.items.count() == 3


@pytest.mark.django_db(transaction=True)
def test_publish_outside_a_transaction_is_a_programming_error(sitting):
    from sessions import events, live

    with pytest.raises(RuntimeError):
        live.publish(sitting, events.AGENDA_CHANGED, {"item_count": 3})


def test_events_are_numbered_per_sitting(sitting, live_sitting, chair):
    before = Sitting.objects.get(pk=live_sitting.pk).event_seq
    services.set_current_item(chair, live_sitting, live_sitting.items.last().pk)
    services.set_current_item(chair, live_sitting, live_sitting.items.first().pk)
    assert Sitting.objects.get(pk=live_sitting.pk).event_seq == before + 2


def test_a_rolled_back_change_sends_no_event(
    live_sitting, chair, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks() as callbacks,
        pytest.raises(ZeroDivisionError),
        transaction.atomic(),
    ):
        services.set_current_item(chair, live_sitting, live_sitting.items.last().pk)
        raise ZeroDivisionError
    assert callbacks == []


def test_an_agenda_item_dropped_before_another_takes_its_place(sitting, secretariat, delegate):
    """Drag and drop on the management page (issue 18, point 15), through its htmx form."""
    from council.audit import AuditEntry
    from tests.conftest import client_for

    first, second, third = sitting.items.order_by("position")
    url = f"/sittings/{sitting.pk}/manage/items/place/"
    answer = client_for(secretariat).post(
        url, {"item": third.pk, "before": first.pk}, HTTP_HX_REQUEST="true"
    )
    assert answer.status_code in (200, 302)
    assert list(sitting.items.order_by("position")) == [third, first, second]
    assert AuditEntry.objects.filter(action="sessions.item.moved").count() == 1
    assert client_for(delegate).post(url, {"item": first.pk}).status_code == 404
    refused = client_for(secretariat).post(url, {"item": "nope"}, HTTP_HX_REQUEST="true")
    assert refused.status_code == 409
    assert list(sitting.items.order_by("position")) == [third, first, second]
