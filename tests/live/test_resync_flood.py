"""Resync flood (issue 13, point 8) and an unknown message (point 15).

One delegate looping resyncs over 20-30 sockets slowed every connect in the hall: each
snapshot was rendered anew on the consumers' one database thread. Resyncs are now rate
limited per socket and per member (a refused one is deferred and merged, never lost), a
snapshot at an unchanged seq is served from the process's cache, and a consumer killed at
shutdown leaves nothing in the hub.
"""

import asyncio
import json
import logging

import pytest
from channels.db import database_sync_to_async

from sessions import services, snapshots
from sessions.fanout import local_fanout
from sessions.live import sitting_group
from tests.live.helpers import connected, next_message

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def renders(monkeypatch):
    """How many times a snapshot's regions were rendered."""
    count = [0]
    original = snapshots.render_regions

    def counting(*args, **kwargs):
        count[0] += 1
        return original(*args, **kwargs)

    monkeypatch.setattr(snapshots, "render_regions", counting)
    snapshots.cache.clear()
    return count


async def test_snapshots_at_the_same_seq_are_rendered_once(
    live_sitting, delegate, chair, channel_layer, renders
):
    tablets = [await connected(delegate, live_sitting.pk) for _ in range(5)]
    assert renders[0] == 1
    assert len({json.dumps(s["regions"]) for _t, s in tablets}) == 1
    # A new event: the next snapshot is rendered again, and shows it.
    last = await database_sync_to_async(lambda: live_sitting.items.last())()
    await database_sync_to_async(services.set_current_item)(chair, live_sitting, last.pk)
    for communicator, _snapshot in tablets:
        await next_message(communicator)
    _late, snapshot = await connected(delegate, live_sitting.pk)
    assert renders[0] == 2
    assert snapshot["seq"] == tablets[0][1]["seq"] + 1
    for communicator, _snapshot in [*tablets, (_late, None)]:
        await communicator.disconnect()


async def test_a_flood_of_resyncs_is_deferred_and_merged_not_lost(
    live_sitting, delegate, channel_layer, renders, monkeypatch
):
    monkeypatch.setattr(snapshots, "SOCKET_BURST", 2)
    monkeypatch.setattr(snapshots, "SOCKET_PER_SECOND", 2.0)
    built = [0]
    original = snapshots.build_snapshot

    def counting(*args, **kwargs):
        built[0] += 1
        return original(*args, **kwargs)

    monkeypatch.setattr(snapshots, "build_snapshot", counting)
    communicator, _first = await connected(delegate, live_sitting.pk)
    for _ in range(50):
        await communicator.send_json_to({"type": "resync"})
    answers = [await next_message(communicator) for _ in range(3)]
    assert [a["type"] for a in answers] == ["snapshot"] * 3
    assert await communicator.receive_nothing(timeout=0.3)
    assert built[0] <= 4  # the connect's, two in the burst, one merged for the other 48
    await communicator.disconnect()


async def test_the_members_resyncs_are_limited_across_sockets(
    live_sitting, delegate, channel_layer, monkeypatch
):
    monkeypatch.setattr(snapshots, "MEMBER_BURST", 3)
    monkeypatch.setattr(snapshots, "MEMBER_PER_SECOND", 0.001)
    snapshots.member_limits.clear()
    sockets = [(await connected(delegate, live_sitting.pk))[0] for _ in range(6)]
    for communicator in sockets:
        await communicator.send_json_to({"type": "resync"})
    answered = 0
    for communicator in sockets:
        if not await communicator.receive_nothing(timeout=0.3):
            answered += 1
            await next_message(communicator)
    assert answered == 3
    for communicator in sockets:
        await communicator.disconnect()


async def test_consumers_killed_at_shutdown_leave_nothing_in_the_hub(
    live_sitting, delegate, screen, channel_layer
):
    tablets = [(await connected(m, live_sitting.pk))[0] for m in (delegate, delegate, screen)]
    hub = local_fanout()
    assert len(hub.members[sitting_group(live_sitting.pk)]) == 3
    # What Daphne does to every application instance when it shuts down.
    for communicator in tablets:
        communicator.future.cancel()
    await asyncio.gather(*(c.future for c in tablets), return_exceptions=True)
    assert dict(hub.members) == {}


async def test_an_unknown_message_type_is_logged(live_sitting, delegate, channel_layer, caplog):
    communicator, _snapshot = await connected(delegate, live_sitting.pk)
    with caplog.at_level(logging.WARNING, logger="sessions.consumers"):
        await communicator.send_json_to({"type": "sudo", "x": 1})
        await communicator.send_to(text_data="not json")
        await communicator.send_json_to({"type": "x" * 5000})
        assert await communicator.receive_nothing(timeout=0.3)
    messages = [r.getMessage() for r in caplog.records if r.name == "sessions.consumers"]
    assert any("'sudo'" in m for m in messages)
    assert any("not JSON" in m for m in messages)
    assert all(len(m) < 500 for m in messages)
    await communicator.disconnect()
