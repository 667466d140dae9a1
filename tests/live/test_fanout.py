"""The process's hub: one layer membership per group, and recovery when the layer forgets it."""

import json

import pytest
from channels.db import database_sync_to_async

from council.models import Role
from sessions import fanout, services
from sessions.consumers import CLOSE_TRY_AGAIN
from sessions.live import sitting_group
from tests.conftest import make_member
from tests.live.helpers import connected, next_message

pytestmark = pytest.mark.django_db(transaction=True)


async def test_a_process_joins_the_sitting_group_once_for_all_its_tablets(
    live_sitting, council, chair, channel_layer, monkeypatch
):
    joined: list[str] = []
    group_add = channel_layer.group_add

    async def counting_group_add(group: str, channel: str) -> None:
        joined.append(group)
        await group_add(group, channel)

    monkeypatch.setattr(channel_layer, "group_add", counting_group_add)
    members = [
        await database_sync_to_async(make_member)(council, f"d{n}", Role.DELEGATE) for n in range(3)
    ]
    tablets = [(await connected(member, live_sitting.pk))[0] for member in members]

    assert joined.count(sitting_group(live_sitting.pk)) == 1
    last = await database_sync_to_async(lambda: live_sitting.items.last())()
    await database_sync_to_async(services.set_current_item)(chair, live_sitting, last.pk)
    for communicator in tablets:
        assert (await next_message(communicator))["event"] == "agenda.current_changed"
        await communicator.disconnect()


async def test_tablets_are_told_to_reconnect_when_the_layer_forgets_the_process(
    live_sitting, delegate, chair, channel_layer, monkeypatch
):
    monkeypatch.setattr(fanout, "PROBE_SECONDS", 0.05)
    monkeypatch.setattr(fanout, "PROBE_TIMEOUT_SECONDS", 0.3)
    communicator, _ = await connected(delegate, live_sitting.pk)
    hub = fanout.local_fanout()
    # What a restarted Redis does: every membership gone, no call failing.
    for group in [*hub.subscribed, hub.probe_group]:
        await channel_layer.group_discard(group, hub.channel)

    closed = await communicator.receive_output(timeout=5)
    assert closed == {"type": "websocket.close", "code": CLOSE_TRY_AGAIN}

    again, snapshot = await connected(delegate, live_sitting.pk)
    last = await database_sync_to_async(lambda: live_sitting.items.last())()
    await database_sync_to_async(services.set_current_item)(chair, live_sitting, last.pk)
    event = await next_message(again)
    assert event["event"] == "agenda.current_changed"
    assert event["seq"] == snapshot["seq"] + 1
    await again.disconnect()


async def test_under_daphne_the_hub_writes_an_event_straight_to_the_tablets_socket(
    live_sitting, delegate, chair, monkeypatch
):
    from tests.unit.test_wire import Factory, Protocol

    socket = Protocol(Factory())
    monkeypatch.setattr("sessions.wire.daphne_protocol", lambda send: socket)
    communicator, snapshot = await connected(delegate, live_sitting.pk)
    assert socket.wire == []  # the snapshot went the ASGI way, before any event

    last = await database_sync_to_async(lambda: live_sitting.items.last())()
    await database_sync_to_async(services.set_current_item)(chair, live_sitting, last.pk)

    assert await communicator.receive_nothing(timeout=0.5)
    (frame,) = socket.wire
    assert frame[0] == 0x81  # one unmasked text frame
    event = json.loads(frame[4:] if frame[1] == 126 else frame[2:])
    assert event["event"] == "agenda.current_changed"
    assert event["seq"] == snapshot["seq"] + 1
    assert set(event["regions"]) <= set(snapshot["regions"])  # the delegate's page's frame
    await communicator.disconnect()


async def test_the_process_that_made_a_change_hands_it_to_its_tablets_once(
    live_sitting, delegate, chair, channel_layer, monkeypatch
):
    through_layer: list[dict] = []
    group_send = channel_layer.group_send

    async def recording_group_send(group: str, message: dict) -> None:
        through_layer.append(message)
        await group_send(group, message)

    monkeypatch.setattr(channel_layer, "group_send", recording_group_send)
    communicator, snapshot = await connected(delegate, live_sitting.pk)
    hub = fanout.local_fanout()

    last = await database_sync_to_async(lambda: live_sitting.items.last())()
    await database_sync_to_async(services.set_current_item)(chair, live_sitting, last.pk)

    assert (await next_message(communicator))["seq"] == snapshot["seq"] + 1
    # Other processes still get it from the layer; this one skips the copy it already has.
    (sent,) = [m for m in through_layer if m["type"] == "live.event"]
    assert sent["handed_to"] == [hub.name]
    assert await communicator.receive_nothing(timeout=0.3)
    await communicator.disconnect()


async def test_an_event_from_another_process_arrives_through_the_layer(
    live_sitting, delegate, channel_layer
):
    communicator, snapshot = await connected(delegate, live_sitting.pk)
    frame = json.dumps({"type": "event", "event": "agenda.changed", "seq": snapshot["seq"] + 1})
    group = sitting_group(live_sitting.pk)
    await channel_layer.group_send(
        group,
        {"type": "live.event", "group": group, "frames": {"vi:room": frame}, "handed_to": ["b"]},
    )
    assert await communicator.receive_from(timeout=5) == frame
    await communicator.disconnect()
