"""The follow-up pages under hostile or stale input: a clear message, nothing saved, never a 500."""

import pytest
from django.urls import reverse

from followup.models import Conclusion, Task, TaskStatus
from followup.queries import review_of
from followup.services.conclusions import set_review_item
from sessions.models import SittingState
from tests.conftest import client_for, make_sitting
from tests.followup.conftest import make_task

pytestmark = pytest.mark.django_db


def move(client, task, name, data, **headers):
    return client.post(reverse("followup:move", args=[task.pk, name]), data, **headers)


def test_an_officer_acknowledges_from_the_page(officer, task):
    client = client_for(officer)
    response = move(client, task, "acknowledge", {"version": task.version})
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.status == TaskStatus.ACKNOWLEDGED


def test_a_stale_page_is_told_so_and_nothing_is_saved(officer, task):
    client = client_for(officer)
    move(client, task, "acknowledge", {"version": task.version})
    stale = move(client, task, "progress", {"version": 1, "progress": 50}, HTTP_HX_REQUEST="true")
    assert stale.status_code == 409 and stale["HX-Retarget"] == "#flash"
    assert "thiết bị khác" in stale.content.decode()
    task.refresh_from_db()
    assert task.progress == 0


@pytest.mark.parametrize(
    "data",
    [
        {"version": "abc", "progress": "lots"},
        {"version": "9" * 40, "progress": "50"},
        {"progress": "-5"},
        {"progress": "1e9"},
        {},
    ],
)
def test_hostile_progress_is_refused_without_a_500(officer, conclusion, agency, chair, data):
    task = make_task(conclusion, agency, chair, status=TaskStatus.IN_PROGRESS)
    response = move(client_for(officer), task, "progress", data, HTTP_HX_REQUEST="true")
    assert response.status_code in (409, 204, 200)
    task.refresh_from_db()
    assert task.progress == 0 or data.get("progress") == "50"


def test_an_unknown_move_is_404(officer, task):
    assert move(client_for(officer), task, "delete", {}).status_code == 404


def test_a_get_never_moves_a_task(officer, task):
    url = reverse("followup:move", args=[task.pk, "acknowledge"])
    assert client_for(officer).get(url).status_code == 405
    task.refresh_from_db()
    assert task.status == TaskStatus.ASSIGNED


def test_a_malformed_extension_date_is_refused(officer, task):
    response = move(
        client_for(officer),
        task,
        "request_extension",
        {"version": task.version, "deadline": "31/02/2027", "reason": "x"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 409
    assert not task.extensions.exists()


def test_the_chair_records_a_conclusion_over_htmx(chair, live_sitting):
    response = client_for(chair).post(
        reverse("followup:record", args=[live_sitting.pk]),
        {"text": "Thống nhất giao UBND thành phố."},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 204
    assert Conclusion.objects.get().item == live_sitting.current_item


def test_the_secretariat_assigns_from_the_conclusions_page(secretariat, conclusion, agency):
    client = client_for(secretariat)
    page = client.get(reverse("followup:conclusion", args=[conclusion.pk])).content.decode()
    assert "Giao nhiệm vụ" in page
    response = client.post(
        reverse("followup:assign", args=[conclusion.pk]),
        {"agency": agency.pk, "deadline": "2099-01-31", "priority": "3", "title": "Rà soát"},
    )
    assert response.status_code == 302
    assert Task.objects.get().priority == 3


def test_a_bad_assignment_shows_why_and_saves_nothing(secretariat, conclusion, agency):
    client = client_for(secretariat)
    response = client.post(
        reverse("followup:assign", args=[conclusion.pk]),
        {"agency": "999999", "deadline": "not a date"},
        follow=True,
    )
    assert response.status_code == 200
    assert not Task.objects.exists()


def test_the_review_counts_earlier_sittings_tasks(council, secretariat, chair, agency):
    earlier = make_sitting(council, number=14, state=SittingState.CLOSED)
    conclusion = Conclusion.objects.create(
        sitting=earlier, number=1, text="Kết luận cũ", created_by=chair
    )
    make_task(conclusion, agency, chair, status=TaskStatus.DONE)
    make_task(conclusion, agency, chair, status=TaskStatus.IN_PROGRESS, days=-4)
    later = make_sitting(council, number=15)
    item = later.items.create(title="Giám sát", position=1)
    assert review_of(later) == {"review": False}
    set_review_item(secretariat, later, item.pk, True)
    review = review_of(later)
    row = review["sittings"][0]["rows"][0]
    assert (row["total"], row["done"], row["late"], row["percent"]) == (2, 1, 1, 50)
    assert review["totals"] == {"tasks": 2, "done": 1, "late": 1}
