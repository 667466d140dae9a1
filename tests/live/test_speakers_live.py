"""The speakers' list and follow-me over the WebSocket: server time survives a reconnect."""

import re

import pytest
from channels.db import database_sync_to_async

from sessions import hall, speakers
from tests.live.helpers import connected, next_message
from tests.sessions.test_speakers import published_version

pytestmark = pytest.mark.django_db(transaction=True)


def ends_at(html: str) -> str:
    found = re.search(r'data-ends-at="(\d+)"', html)
    assert found, "no running timer in the region"
    return found.group(1)


async def test_the_timer_survives_a_reconnect(live_sitting, chair, delegate, screen, channel_layer):
    request = await database_sync_to_async(speakers.request_to_speak)(delegate, live_sitting)
    hall_screen, _snapshot = await connected(screen, live_sitting.pk)
    await database_sync_to_async(speakers.give_floor)(chair, live_sitting, request.pk)
    event = await next_message(hall_screen)
    assert event["event"] == "speakers.changed"
    assert isinstance(event["data"]["now"], int)
    given = ends_at(event["regions"]["screen-main"])
    await hall_screen.disconnect()

    # The screen comes back: the snapshot carries the same end and the server's clock.
    hall_screen, snapshot = await connected(screen, live_sitting.pk)
    assert ends_at(snapshot["regions"]["screen-main"]) == given
    assert isinstance(snapshot["now"], int)
    assert int(given) - snapshot["now"] <= 180_000
    await hall_screen.disconnect()


async def test_a_paused_timer_tells_the_time_left(live_sitting, chair, delegate, channel_layer):
    request = await database_sync_to_async(speakers.request_to_speak)(delegate, live_sitting)
    await database_sync_to_async(speakers.give_floor)(chair, live_sitting, request.pk)
    console, _snapshot = await connected(chair, live_sitting.pk)
    await database_sync_to_async(speakers.pause_timer)(chair, live_sitting, request.pk)
    event = await next_message(console)
    assert event["event"] == "speakers.timer"
    assert event["data"]["timer"] == "paused" and event["data"]["ends_at"] is None
    assert 0 < event["data"]["remaining_ms"] <= 180_000
    assert 'data-timer="paused"' in event["regions"]["speaker-queue"]
    await console.disconnect()


async def test_a_delegate_sees_their_place_in_the_queue(
    live_sitting, delegate, chair, channel_layer
):
    tablet, _snapshot = await connected(delegate, live_sitting.pk)
    await database_sync_to_async(speakers.request_to_speak)(chair, live_sitting)
    await database_sync_to_async(speakers.request_to_speak)(delegate, live_sitting)
    await next_message(tablet)
    event = await next_message(tablet)
    html = event["regions"]["speaker-current"]
    assert f'data-member-id="{delegate.pk}" data-place="2"' in html
    await tablet.disconnect()


async def test_following_tablets_hear_which_page_the_chair_presents(
    live_sitting, chair, delegate, channel_layer
):
    version = await database_sync_to_async(published_version)(live_sitting, pages=20)
    tablet, _snapshot = await connected(delegate, live_sitting.pk)
    await database_sync_to_async(hall.present_page)(chair, live_sitting, version.pk, 12)
    event = await next_message(tablet)
    assert event["event"] == "presentation.changed"
    assert event["data"] == {"version_id": version.pk, "page": 12}
    assert f'data-version-id="{version.pk}" data-page="12"' in event["regions"]["presentation"]
    await database_sync_to_async(hall.stop_presenting)(chair, live_sitting)
    event = await next_message(tablet)
    assert event["data"] == {"version_id": None, "page": None}
    await tablet.disconnect()
