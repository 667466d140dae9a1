"""Who sees which question (questioning/queries.py), and the pages that read through it."""

import pytest

from questioning import queries
from questioning.services import drafting, floor
from tests.conftest import client_for
from tests.questioning.conftest import grouped, registered

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(delegate, sitting, official):
    return drafting.draft_question(delegate, sitting, official_id=official.pk, text="Bản nháp")


def seen(member, sitting):
    return set(queries.visible_to(member, sitting).values_list("pk", flat=True))


def test_a_draft_is_private_to_its_authors(
    draft, delegate, second_delegate, chair, secretariat, screen, sitting
):
    assert seen(delegate, sitting) == {draft.pk}
    for other in (second_delegate, chair, secretariat, screen):
        assert seen(other, sitting) == set()


def test_a_co_author_sees_the_draft(draft, delegate, second_delegate, sitting):
    drafting.set_co_authors(delegate, sitting, draft.pk, [second_delegate.pk])
    assert seen(second_delegate, sitting) == {draft.pk}


def test_a_registered_question_is_seen_by_the_sittings_delegates(
    delegate, second_delegate, chair, secretariat, sitting, official
):
    question = registered(delegate, sitting, official)
    for member in (delegate, second_delegate, chair, secretariat):
        assert seen(member, sitting) == {question.pk}


def test_a_withdrawn_question_is_its_authors_only(delegate, second_delegate, sitting, official):
    question = registered(delegate, sitting, official)
    drafting.withdraw_question(delegate, sitting, question.pk)
    assert seen(second_delegate, sitting) == set()
    assert seen(delegate, sitting) == {question.pk}


def test_an_official_sees_the_questions_addressed_to_their_agency_only(
    delegate, finance_officer, sitting, official, other_official
):
    to_them = registered(delegate, sitting, official)
    registered(delegate, sitting, other_official)
    drafting.draft_question(delegate, sitting, official_id=official.pk, text="Nháp")
    assert seen(finance_officer, sitting) == {to_them.pk}


def test_another_council_sees_nothing(outsider, delegate, sitting, official):
    registered(delegate, sitting, official)
    assert seen(outsider, sitting) == set()


def test_a_screen_sees_only_the_question_on_the_floor(
    delegate, second_delegate, chair, secretariat, screen, live_sitting, official
):
    one = registered(delegate, live_sitting, official)
    two = registered(second_delegate, live_sitting, official)
    group = grouped(secretariat, live_sitting, official, one, two)
    assert seen(screen, live_sitting) == set()
    floor.open_group(chair, live_sitting, group.pk)
    floor.give_floor(chair, live_sitting, two.pk)
    assert seen(screen, live_sitting) == {two.pk}


def test_the_agencys_page_lists_its_questions_only(
    delegate, finance_officer, sitting, official, other_official
):
    registered(delegate, sitting, official, text="Về vốn ngân sách")
    registered(delegate, sitting, other_official, text="Về nhà ở xã hội")
    page = client_for(finance_officer).get(f"/questioning/sittings/{sitting.pk}/addressed/")
    assert page.status_code == 200
    assert "Về vốn ngân sách" in page.text
    assert "Về nhà ở xã hội" not in page.text


def test_the_room_shows_my_draft_to_me_and_not_to_others(draft, delegate, second_delegate, sitting):
    assert "Bản nháp" in client_for(delegate).get(f"/sittings/{sitting.pk}/").text
    assert "Bản nháp" not in client_for(second_delegate).get(f"/sittings/{sitting.pk}/").text


def test_the_desk_is_the_secretariats(delegate, secretariat, sitting):
    url = f"/questioning/sittings/{sitting.pk}/desk/"
    assert client_for(delegate).get(url).status_code == 404
    assert client_for(secretariat).get(url).status_code == 200


def test_the_floors_page_file_is_served_only_while_on_the_floor(delegate, screen, sitting):
    url = f"/questioning/sittings/{sitting.pk}/floor/999.pdf"
    assert client_for(screen).get(url).status_code == 404
