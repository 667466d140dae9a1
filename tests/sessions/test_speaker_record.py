"""The speakers' record: who had the floor on which item, for the minutes."""

import csv
import io

import pytest

from council.models import Role
from sessions import services, speakers
from sessions.models import SpeakerKind
from tests.conftest import client_for, make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def spoken(live_sitting, chair, delegate):
    """Delegate spoke on item 1; Other put a question on item 2 and still has the floor;
    Third asked on item 1 and withdrew; Fourth is still waiting on item 2."""
    other = make_member(live_sitting.council, "other", Role.DELEGATE)
    third = make_member(live_sitting.council, "third", Role.DELEGATE)
    fourth = make_member(live_sitting.council, "fourth", Role.DELEGATE)
    first = speakers.request_to_speak(delegate, live_sitting)
    withdrawn = speakers.request_to_speak(third, live_sitting)
    speakers.withdraw(third, live_sitting, withdrawn.pk)
    speakers.give_floor(chair, live_sitting, first.pk)
    speakers.mark_done(chair, live_sitting, first.pk)
    second_item = live_sitting.items.order_by("position")[1]
    services.set_current_item(chair, live_sitting, second_item.pk)
    question = speakers.request_to_speak(
        other, live_sitting, kind=SpeakerKind.QUESTION, addressee="Giám đốc Sở Tài chính"
    )
    speakers.request_to_speak(fourth, live_sitting)
    speakers.give_floor(chair, live_sitting, question.pk)
    return live_sitting


def test_the_record_lists_who_had_the_floor_per_item_in_order(spoken, secretariat):
    response = client_for(secretariat).get(f"/sittings/{spoken.pk}/speakers/record/")
    html = response.content.decode()
    assert response.status_code == 200
    first, second, third = (item.title for item in spoken.items.order_by("position")[:3])
    assert html.index(first) < html.index("Delegate") < html.index(second) < html.index("Other")
    assert "Giám đốc Sở Tài chính" in html
    assert "Third" not in html and "Fourth" not in html  # withdrew; still waiting
    assert third not in html  # nobody spoke on it


def test_the_record_opens_as_csv_for_the_minutes(spoken, secretariat):
    response = client_for(secretariat).get(
        f"/sittings/{spoken.pk}/speakers/record/", {"format": "csv"}
    )
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:])))
    assert [row[2] for row in rows[1:]] == ["Delegate", "Other"]
    assert rows[1][0] == "1" and rows[1][8] == "0:00"  # done: spoken time as min:s
    assert rows[2][0] == "2" and rows[2][5] == "Giám đốc Sở Tài chính" and rows[2][8] == ""


def test_delegates_read_the_record_screens_and_outsiders_do_not(spoken, delegate, screen, outsider):
    url = f"/sittings/{spoken.pk}/speakers/record/"
    assert client_for(delegate).get(url).status_code == 200
    assert client_for(screen).get(url).status_code == 404
    assert client_for(outsider).get(url).status_code == 404


def test_the_csv_is_named_in_vietnamese_for_a_vietnamese_reader(spoken, secretariat):
    response = client_for(secretariat).get(
        f"/sittings/{spoken.pk}/speakers/record/", {"format": "csv"}
    )
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    # RFC 6266: the Vietnamese name travels percent-encoded as filename*.
    assert "filename*=utf-8''" in disposition
    from urllib.parse import unquote

    assert unquote(disposition.split("''", 1)[1]) == f"Danh sách phát biểu - {spoken.title}.csv"
