"""Who hears what over the WebSocket: an agency officer never enters a sitting's socket, and
on /ws/followup/ hears only of their agency's tasks."""

import datetime
import json

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.utils import timezone

from council.asgi import application
from followup.services import agency_moves
from followup.services.assign import assign_task
from tests.conftest import async_session_cookie_for
from tests.live.helpers import ORIGIN, tablet

pytestmark = pytest.mark.django_db(transaction=True)


async def followup_socket(member):
    headers = [(b"origin", ORIGIN), (b"host", b"localhost")]
    if member is not None:
        cookie = await async_session_cookie_for(member)
        headers.append((b"cookie", f"sessionid={cookie}".encode()))
    return WebsocketCommunicator(application, "/ws/followup/", headers=headers)


async def listening(member):
    communicator = await followup_socket(member)
    ok, _code = await communicator.connect(timeout=5)
    assert ok, "refused"
    assert json.loads(await communicator.receive_from(timeout=5)) == {"type": "hello"}
    return communicator


def assign(chair, conclusion, agency):
    return assign_task(
        chair,
        conclusion,
        agency_id=agency.pk,
        deadline=timezone.localdate() + datetime.timedelta(days=7),
        title="Báo cáo giải ngân",
    )


async def test_an_agency_officer_cannot_open_a_sittings_socket(
    live_sitting, officer, channel_layer
):
    communicator = await tablet(officer, live_sitting.pk)
    ok, code = await communicator.connect(timeout=5)
    assert not ok and code == 4404


async def test_an_officer_hears_a_new_task_of_their_agency_at_once(
    officer, chair, conclusion, agency, channel_layer
):
    communicator = await listening(officer)
    task = await database_sync_to_async(assign)(chair, conclusion, agency)
    message = json.loads(await communicator.receive_from(timeout=1))
    assert message == {
        "type": "task",
        "task_id": task.pk,
        "change": "assigned",
        "status": "assigned",
    }
    await communicator.disconnect()


async def test_an_officer_hears_nothing_of_another_agencys_task(
    officer, chair, conclusion, other_agency, channel_layer
):
    communicator = await listening(officer)
    await database_sync_to_async(assign)(chair, conclusion, other_agency)
    assert await communicator.receive_nothing(timeout=0.3)
    await communicator.disconnect()


async def test_the_secretariat_hears_an_agencys_report(
    secretariat, officer, chair, conclusion, agency, channel_layer
):
    task = await database_sync_to_async(assign)(chair, conclusion, agency)
    communicator = await listening(secretariat)
    await database_sync_to_async(agency_moves.acknowledge)(officer, task.pk, task.version)
    message = json.loads(await communicator.receive_from(timeout=1))
    assert message["task_id"] == task.pk and message["status"] == "acknowledged"
    await communicator.disconnect()


async def test_an_anonymous_page_is_refused(channel_layer):
    communicator = await followup_socket(None)
    ok, code = await communicator.connect(timeout=5)
    assert not ok and code == 4401


async def test_a_hall_screen_has_nothing_to_follow(screen, channel_layer):
    communicator = await followup_socket(screen)
    ok, code = await communicator.connect(timeout=5)
    assert not ok and code == 4404


async def test_another_council_hears_nothing(outsider, chair, conclusion, agency, channel_layer):
    communicator = await listening(outsider)
    await database_sync_to_async(assign)(chair, conclusion, agency)
    assert await communicator.receive_nothing(timeout=0.3)
    await communicator.disconnect()


async def test_a_foreign_origin_is_refused(officer, channel_layer):
    cookie = await async_session_cookie_for(officer)
    headers = [(b"origin", b"http://evil.example"), (b"host", b"localhost")]
    headers.append((b"cookie", f"sessionid={cookie}".encode()))
    communicator = WebsocketCommunicator(application, "/ws/followup/", headers=headers)
    ok, _code = await communicator.connect(timeout=5)
    assert not ok
