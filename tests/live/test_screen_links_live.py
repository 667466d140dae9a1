"""Screen links on the WebSocket: only their council's sitting, read-only, revocable."""

import datetime
import json

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator

from council.asgi import application
from sessions import screen_links, services
from sessions.consumers import CLOSE_REVOKED
from sessions.models import Sitting, SittingState
from tests.live.helpers import ORIGIN

pytestmark = pytest.mark.django_db(transaction=True)


def screen_tablet(sitting_id: int, token: str, page: str = "screen") -> WebsocketCommunicator:
    cookie = f"{screen_links.SCREEN_COOKIE}={token}".encode()
    headers = [(b"origin", ORIGIN), (b"host", b"localhost"), (b"cookie", cookie)]
    path = f"/ws/sittings/{sitting_id}/?page={page}&screen=cookie"
    return WebsocketCommunicator(application, path, headers=headers)


async def open_screen(sitting_id: int, token: str, page: str = "screen"):
    communicator = screen_tablet(sitting_id, token, page)
    ok, code = await communicator.connect(timeout=5)
    snapshot = json.loads(await communicator.receive_from(timeout=5)) if ok else None
    return communicator, ok, code, snapshot


@pytest.fixture
def make_link(secretariat):
    def make(sitting=None, label="Màn hình trái"):
        return database_sync_to_async(screen_links.create_screen_link)(
            secretariat, label=label, sitting=sitting
        )

    return make


async def test_a_link_shows_its_sittings_screen_without_a_login(
    live_sitting, make_link, channel_layer
):
    _link, token = await make_link(live_sitting)
    communicator, ok, _code, snapshot = await open_screen(live_sitting.pk, token)
    assert ok
    assert snapshot["page"] == "screen" and "screen-main" in snapshot["regions"]
    await communicator.disconnect()


async def test_a_link_is_read_only_even_if_it_asks_for_the_chair_page(
    live_sitting, make_link, channel_layer
):
    _link, token = await make_link(live_sitting)
    communicator, ok, _code, snapshot = await open_screen(live_sitting.pk, token, page="chair")
    assert ok and snapshot["page"] == "screen"
    assert "speaker-queue" not in snapshot["regions"]
    await communicator.disconnect()


async def test_a_link_works_only_for_its_own_council(
    live_sitting, make_link, other_council, channel_layer
):
    other = await database_sync_to_async(Sitting.objects.create)(
        council=other_council,
        number=3,
        title="Kỳ họp khác",
        starts_on=datetime.date(2026, 12, 1),
        ends_on=datetime.date(2026, 12, 1),
        state=SittingState.IN_PROGRESS,
    )
    _link, token = await make_link(None)  # follows whatever its council holds
    _communicator, ok, _code, _snapshot = await open_screen(other.pk, token)
    assert not ok


async def test_a_link_for_one_sitting_does_not_open_another(
    live_sitting, make_link, secretariat, channel_layer
):
    other = await database_sync_to_async(services.create_sitting)(
        secretariat,
        number=16,
        title="Kỳ họp thứ 16",
        starts_on=datetime.date(2027, 6, 1),
        ends_on=datetime.date(2027, 6, 2),
    )
    await database_sync_to_async(services.change_sitting_state)(
        secretariat, other, SittingState.PUBLISHED
    )
    _link, token = await make_link(live_sitting)
    _communicator, ok, _code, _snapshot = await open_screen(other.pk, token)
    assert not ok
    _council_link, council_token = await make_link(None)
    communicator, ok, _code, _snapshot = await open_screen(other.pk, council_token)
    assert ok
    await communicator.disconnect()


async def test_a_wrong_or_revoked_token_is_refused(
    live_sitting, make_link, secretariat, channel_layer
):
    link, token = await make_link(live_sitting)
    _communicator, ok, _code, _snapshot = await open_screen(live_sitting.pk, token + "x")
    assert not ok
    await database_sync_to_async(screen_links.revoke_screen_link)(secretariat, link.pk)
    _communicator, ok, _code, _snapshot = await open_screen(live_sitting.pk, token)
    assert not ok


async def test_revoking_closes_a_connected_screen(
    live_sitting, make_link, secretariat, channel_layer
):
    link, token = await make_link(live_sitting)
    communicator, ok, _code, _snapshot = await open_screen(live_sitting.pk, token)
    assert ok
    await database_sync_to_async(screen_links.revoke_screen_link)(secretariat, link.pk)
    closed = await communicator.receive_output(timeout=5)
    assert closed == {"type": "websocket.close", "code": CLOSE_REVOKED}


async def test_a_revoked_screen_that_missed_the_close_is_refused_on_resync(
    live_sitting, make_link, secretariat, channel_layer
):
    link, token = await make_link(live_sitting)
    communicator, ok, _code, _snapshot = await open_screen(live_sitting.pk, token)
    assert ok
    # Revoked behind the consumer's back (say, the close message was lost).
    await database_sync_to_async(
        lambda: type(link).objects.filter(pk=link.pk).update(revoked_at=link.created_at)
    )()
    await communicator.send_json_to({"type": "resync"})
    closed = await communicator.receive_output(timeout=5)
    assert closed == {"type": "websocket.close", "code": CLOSE_REVOKED}


async def test_a_link_screen_gets_the_sittings_events(
    live_sitting, make_link, chair, channel_layer
):
    _link, token = await make_link(live_sitting)
    communicator, ok, _code, snapshot = await open_screen(live_sitting.pk, token)
    assert ok
    last = await database_sync_to_async(lambda: live_sitting.items.last())()
    await database_sync_to_async(services.set_current_item)(chair, live_sitting, last.pk)
    event = json.loads(await communicator.receive_from(timeout=5))
    assert event["event"] == "agenda.current_changed"
    assert event["seq"] == snapshot["seq"] + 1
    assert last.title in event["regions"]["screen-main"]
    await communicator.disconnect()
