"""The twelve inputs that gave a server error (issue 13, point 7), one test each.

Each is refused with a clear answer (a 4xx or the page's translated message) and saves
nothing, on SQLite as on PostgreSQL: the row check (council/bounds.py) holds on both.
"""

import json

import pytest
from channels.testing import WebsocketCommunicator

from annotations.models import Annotation
from council.asgi import application
from sessions.models import ScreenLink, Sitting, SittingSettings
from tests.annotations.conftest import document_version, stroke
from tests.conftest import client_for
from tests.live.helpers import ORIGIN, connected
from voting.models import Poll


@pytest.fixture
def chair_client(chair, live_sitting):
    return client_for(chair)


def test_a_nul_character_in_a_screen_label_is_refused(secretariat, sitting):
    response = client_for(secretariat).post(
        f"/sittings/{sitting.pk}/manage/screens/", {"label": "Màn\x00hình"}
    )
    assert response.status_code < 500  # 302 back with the refusal, as every refusal
    assert not ScreenLink.objects.exists()


def test_a_nul_character_in_a_url_encoded_form_is_refused_before_the_view(secretariat, sitting):
    response = client_for(secretariat).post(
        f"/sittings/{sitting.pk}/manage/screens/",
        "label=M%00n",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 400
    assert not ScreenLink.objects.exists()


def test_a_nul_character_in_a_search_is_refused(delegate, sitting):
    response = client_for(delegate).get(f"/documents/sittings/{sitting.pk}/search/", {"q": "a\x00"})
    assert response.status_code == 400


def test_a_nul_character_in_an_annotation_is_refused(delegate, sitting, settings, tmp_path):
    version = document_version(sitting)
    body = stroke(kind="note")
    body["data"] = {"x": 0.5, "y": 0.5, "text": "a\x00b"}
    response = client_for(delegate).post(
        f"/annotations/v/{version.pk}/{body['id']}/",
        json.dumps(body),
        content_type="application/json",
    )
    assert 400 <= response.status_code < 500
    assert not Annotation.objects.exists()


def test_an_over_long_poll_title_is_refused(chair_client, live_sitting):
    response = chair_client.post(
        f"/voting/sittings/{live_sitting.pk}/polls/", {"kind": "motion", "title": "x" * 501}
    )
    assert response.status_code < 500
    assert not Poll.objects.exists()


def test_an_over_long_candidate_label_is_refused(chair_client, live_sitting):
    response = chair_client.post(
        f"/voting/sittings/{live_sitting.pk}/polls/",
        {"kind": "election", "title": "Bầu", "labels": "Nguyễn Văn A\n" + "y" * 301, "seats": "1"},
    )
    assert response.status_code < 500
    assert not Poll.objects.exists()


@pytest.mark.parametrize("minutes", ["inf", "1e308", "nan", "-inf"])
def test_an_infinite_or_huge_speaking_time_is_refused(chair_client, live_sitting, minutes):
    before = (
        SittingSettings.objects.filter(sitting=live_sitting)
        .values_list("speech_seconds", flat=True)
        .first()
    )
    response = chair_client.post(
        f"/sittings/{live_sitting.pk}/chair/speaking-time/", {"minutes": minutes}
    )
    assert response.status_code < 500
    after = (
        SittingSettings.objects.filter(sitting=live_sitting)
        .values_list("speech_seconds", flat=True)
        .first()
    )
    assert after == before


def test_a_sitting_number_of_ten_to_the_twelfth_is_refused(secretariat, council):
    response = client_for(secretariat).post(
        "/sittings/manage/",
        {
            "number": str(10**12),
            "title": "Kỳ họp",
            "starts_on": "2027-01-05",
            "ends_on": "2027-01-06",
        },
    )
    assert response.status_code == 200  # the form again, with its error
    assert not Sitting.objects.exists()


def test_an_id_past_any_row_in_an_address_is_a_404(delegate, sitting):
    response = client_for(delegate).get(f"/documents/sittings/{10**20}/presented/1.pdf")
    assert response.status_code == 404


def test_a_deeply_nested_annotation_is_refused(delegate, sitting):
    version = document_version(sitting)
    body = stroke()
    text = json.dumps(body).replace('"data": {', '"data": ' + '{"a": ' * 5000 + "{", 1)
    text = text.replace(', "colour"', "}" * 5000 + ', "colour"', 1)
    response = client_for(delegate).post(
        f"/annotations/v/{version.pk}/{body['id']}/", text, content_type="application/json"
    )
    assert 400 <= response.status_code < 500
    assert not Annotation.objects.exists()


@pytest.mark.django_db(transaction=True)
async def test_a_deeply_nested_websocket_frame_is_dropped(live_sitting, delegate, channel_layer):
    communicator, _snapshot = await connected(delegate, live_sitting.pk)
    await communicator.send_to(text_data="[" * 100_000 + "]" * 100_000)
    await communicator.send_to(text_data='{"type": "ping"}')
    assert json.loads(await communicator.receive_from(timeout=5)) == {"type": "pong"}
    await communicator.disconnect()


@pytest.mark.parametrize("path", ["/ws/sittings/-1/", f"/ws/sittings/{10**20}/", "/ws/x/"])
@pytest.mark.django_db(transaction=True)
async def test_a_websocket_address_without_a_sitting_is_refused(path, channel_layer):
    communicator = WebsocketCommunicator(
        application, path, headers=[(b"origin", ORIGIN), (b"host", b"localhost")]
    )
    ok, _code = await communicator.connect(timeout=5)
    assert not ok
