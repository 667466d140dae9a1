"""Promises after questioning (lời hứa sau chất vấn) in the follow-up review of the next
sitting: listed with their tasks' status, and kept live like every region (a tablet's
snapshot with the events applied equals a fresh snapshot)."""

import datetime

import pytest
from channels.db import database_sync_to_async

from followup.models import TaskStatus
from followup.services import agency_moves
from followup.services.conclusions import set_review_item
from questioning import answering
from questioning.answering import PromiseInput
from questioning.models import Promise
from sessions import regions, services
from sessions.models import Sitting, SittingState
from tests.conftest import make_sitting
from tests.followup.conftest import make_agency, make_officer
from tests.live.helpers import connected, next_message
from tests.questioning_record.conftest import make_official, make_question

DUE = datetime.date(2027, 3, 31)


def _earlier_promise(sitting, secretariat, delegate, *, tasked=False):
    """Sitting 14, closed, whose answer promised something (made a task if `tasked`)."""
    earlier = make_sitting(sitting.council, number=14, state=SittingState.CLOSED)
    agency = make_agency(sitting.council, "Sở Giao thông vận tải", "Sở GTVT")
    official = make_official(
        earlier, name="Đỗ Ngọc Lan", office="Giám đốc Sở Giao thông vận tải", agency=agency
    )
    question = make_question(earlier, official, delegate, text="Khi nào thông xe cầu?")
    answering.record_answer(
        secretariat,
        question.pk,
        gist="Thông xe trong quý I.",
        promise=PromiseInput("Thông xe cầu Rạch Chiếc", DUE),
    )
    promise = Promise.objects.get(question=question)
    if tasked:
        answering.promise_to_task(secretariat, promise.pk)
    return earlier, agency, promise


def _review_html(sitting):
    sitting = Sitting.objects.get(pk=sitting.pk)
    return regions.render_regions(sitting, ["followup-review"], "vi")["followup-review"]


@pytest.mark.django_db
def test_the_next_sittings_review_lists_earlier_promises_and_their_status(
    sitting, secretariat, delegate, chair
):
    set_review_item(secretariat, sitting, sitting.items.first().pk, True)
    _earlier, agency, promise = _earlier_promise(sitting, secretariat, delegate)
    html = _review_html(sitting)
    assert "Lời hứa sau chất vấn" in html
    assert "Thông xe cầu Rạch Chiếc" in html and "31/03/2027" in html
    assert "Chưa giao việc" in html
    assert "<th>Người hứa</th>" in html and "Đỗ Ngọc Lan, Giám đốc Sở Giao thông vận tải" in html
    task = answering.promise_to_task(secretariat, promise.pk)
    assert "Đã giao" in _review_html(sitting)
    officer = make_officer(agency, "sogtvt")
    agency_moves.acknowledge(officer, task.pk, task.version)
    task.refresh_from_db()
    assert task.status == TaskStatus.ACKNOWLEDGED
    assert "Đã nhận" in _review_html(sitting)


@pytest.mark.django_db
def test_a_later_sittings_promises_are_not_in_an_earlier_review(sitting, secretariat, delegate):
    set_review_item(secretariat, sitting, sitting.items.first().pk, True)
    later = make_sitting(sitting.council, number=16)
    official = make_official(later)
    question = make_question(later, official, delegate)
    answering.record_answer(
        secretariat, question.pk, gist="Trả lời", promise=PromiseInput("Hứa sau này", DUE)
    )
    assert "Hứa sau này" not in _review_html(sitting)
    assert "Lời hứa sau chất vấn" not in _review_html(sitting)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("page", ["room", "chair", "screen"])
@pytest.mark.parametrize("step", ["record", "rename", "task", "agency"])
async def test_snapshot_plus_events_equals_a_fresh_snapshot(
    page, step, sitting, chair, secretariat, screen, delegate, channel_layer
):
    """Recording a promise at an earlier sitting, renaming its official, making it a task,
    the agency moving it on:
    every tablet of the reviewing sitting ends where a fresh snapshot is."""

    def prepare():
        set_review_item(secretariat, sitting, sitting.items.first().pk, True)
        services.change_sitting_state(chair, sitting, SittingState.IN_PROGRESS)
        # The hall screen shows the review while its item is under way.
        services.set_current_item(chair, sitting, sitting.items.first().pk)
        if step != "record":
            return _earlier_promise(sitting, secretariat, delegate, tasked=step == "agency")
        return None

    prepared = await database_sync_to_async(prepare)()
    viewer = {"room": delegate, "chair": chair, "screen": screen}[page]
    communicator, state = await connected(viewer, sitting.pk, page=page)

    def act():
        if step == "record":
            _earlier_promise(sitting, secretariat, delegate)
        elif step == "task":
            answering.promise_to_task(secretariat, prepared[2].pk)
        elif step == "rename":
            official = prepared[2].official
            answering.edit_official(
                secretariat,
                official.pk,
                name="Đỗ Thị Ngọc Lan",
                office=official.office,
                agency_id=official.agency_id,
            )
        else:
            promise = Promise.objects.select_related("task").get(pk=prepared[2].pk)
            officer = make_officer(prepared[1], "sogtvt")
            agency_moves.acknowledge(officer, promise.task.pk, promise.task.version)

    await database_sync_to_async(act)()
    last_seq = await database_sync_to_async(
        lambda: Sitting.objects.values_list("event_seq", flat=True).get(pk=sitting.pk)
    )()
    changed = False
    while state["seq"] != last_seq:
        event = await next_message(communicator)
        for region_id, html in event["regions"].items():
            if region_id in state["regions"]:
                changed = changed or state["regions"][region_id] != html
                state["regions"][region_id] = html
        if event["seq"] is not None:
            state["seq"] = event["seq"]
    await communicator.send_json_to({"type": "resync"})
    while (fresh := await next_message(communicator))["type"] != "snapshot":
        pass
    assert state["regions"] == fresh["regions"]
    assert changed, "the promise's change reached no region of this page"
    review = "screen-followup" if page == "screen" else "followup-review"
    assert "Thông xe cầu Rạch Chiếc" in state["regions"][review]
    await communicator.disconnect()
