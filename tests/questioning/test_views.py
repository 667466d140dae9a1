"""The questioning pages and forms over HTTP: thin views, every bad input a clear answer."""

import uuid

import pytest

from questioning.models import Question, QuestionGroup, QuestionState
from tests.conftest import client_for
from tests.questioning.conftest import grouped, registered

pytestmark = pytest.mark.django_db

JSON = {"HTTP_ACCEPT": "application/json"}
HTMX = {"HTTP_HX_REQUEST": "true"}


def new_url(sitting):
    return f"/questioning/sittings/{sitting.pk}/new/"


def test_the_reader_sends_a_question_twice_and_one_is_made(delegate, sitting, official):
    client = client_for(delegate)
    form = {
        "official": official.pk,
        "text": "Hỏi về vốn",
        "send": "1",
        "client_id": str(uuid.uuid4()),
    }
    answers = [client.post(new_url(sitting), form, **JSON) for _ in range(2)]
    assert [a.status_code for a in answers] == [201, 201]
    assert answers[0].json() == answers[1].json()
    assert Question.objects.get().state == QuestionState.REGISTERED


@pytest.mark.parametrize(
    "bad",
    [
        {"text": ""},
        {"official": "x"},
        {"rects": "{not json", "version": "1", "page": "1"},
        {"client_id": "nope"},
        {"version": "999999", "page": "1", "rects": "[[0,0,0.1,0.1]]"},
    ],
)
def test_bad_input_is_a_translated_refusal_not_a_500(delegate, sitting, official, bad):
    form = {"official": official.pk, "text": "Hỏi", **bad}
    answer = client_for(delegate).post(new_url(sitting), form, **JSON)
    assert answer.status_code in (403, 404, 409)
    assert answer.json()["error"]
    assert not Question.objects.exists()


def test_the_rooms_form_answers_with_my_list(delegate, sitting, official):
    answer = client_for(delegate).post(
        new_url(sitting), {"official": official.pk, "text": "Câu hỏi của tôi"}, **HTMX
    )
    assert answer.status_code == 200
    assert 'id="questioning-own"' in answer.text and "Câu hỏi của tôi" in answer.text


def test_a_refused_form_shows_the_reason_in_the_flash(delegate, sitting, official):
    answer = client_for(delegate).post(
        new_url(sitting), {"official": official.pk, "text": " "}, **HTMX
    )
    assert answer.status_code == 409
    assert answer["HX-Retarget"] == "#flash"


def test_the_secretariat_groups_and_merges_over_http(
    delegate, second_delegate, secretariat, sitting, official
):
    one = registered(delegate, sitting, official)
    two = registered(second_delegate, sitting, official)
    client = client_for(secretariat)
    base = f"/questioning/sittings/{sitting.pk}"
    assert (
        client.post(
            f"{base}/groups/new/", {"official": official.pk, "topic": "Vốn"}, **HTMX
        ).status_code
        == 204
    )
    group = QuestionGroup.objects.get()
    assert client.post(f"{base}/q/{one.pk}/group/", {"group": group.pk}, **HTMX).status_code == 204
    assert client.post(f"{base}/q/{two.pk}/merge/", {"into": one.pk}, **HTMX).status_code == 204
    one.refresh_from_db()
    assert one.group_id == group.pk
    assert list(one.co_authors.all()) == [second_delegate]


def test_a_delegate_cannot_reach_the_desks_actions(delegate, sitting, official):
    answer = client_for(delegate).post(
        f"/questioning/sittings/{sitting.pk}/groups/new/",
        {"official": official.pk, "topic": "Vốn"},
        **HTMX,
    )
    assert answer.status_code == 404
    assert not QuestionGroup.objects.exists()


def test_the_chair_opens_and_gives_the_floor_over_http(
    delegate, secretariat, chair, live_sitting, official
):
    question = registered(delegate, live_sitting, official)
    group = grouped(secretariat, live_sitting, official, question)
    client = client_for(chair)
    base = f"/questioning/sittings/{live_sitting.pk}"
    assert client.post(f"{base}/groups/{group.pk}/open/", **HTMX).status_code == 204
    assert client.post(f"{base}/q/{question.pk}/floor/", **HTMX).status_code == 204
    console = client.get(f"/sittings/{live_sitting.pk}/chair/")
    assert 'id="questioning-floor"' in console.text
    assert Question.objects.get().state == QuestionState.ON_FLOOR
    # Twice: the second tap finds it on the floor already.
    assert client.post(f"{base}/q/{question.pk}/floor/", **HTMX).status_code == 409


def test_the_chairs_console_and_the_screen_show_the_regions(chair, screen, live_sitting):
    assert (
        'id="questioning-console"'
        in client_for(chair).get(f"/sittings/{live_sitting.pk}/chair/").text
    )
    screen_page = client_for(screen).get(f"/sittings/{live_sitting.pk}/screen/")
    assert 'id="questioning-floor"' in screen_page.text


def test_the_author_edits_and_names_co_authors_from_the_room(
    delegate, second_delegate, sitting, official, other_official
):
    from questioning.services import drafting

    question = drafting.draft_question(delegate, sitting, official_id=official.pk, text="Hỏi")
    client = client_for(delegate)
    room = client.get(f"/sittings/{sitting.pk}/")
    assert f"/questioning/sittings/{sitting.pk}/q/{question.pk}/co-authors/" in room.text
    base = f"/questioning/sittings/{sitting.pk}/q/{question.pk}"
    edited = client.post(
        f"{base}/edit/", {"official": other_official.pk, "text": "Hỏi lại"}, **HTMX
    )
    assert edited.status_code == 200 and "Hỏi lại" in edited.text
    named = client.post(f"{base}/co-authors/", {"co_author": [second_delegate.pk]}, **HTMX)
    assert named.status_code == 200
    assert list(Question.objects.get().co_authors.all()) == [second_delegate]
