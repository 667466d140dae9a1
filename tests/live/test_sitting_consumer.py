import json

import pytest
from channels.db import database_sync_to_async

from sessions import services
from sessions.models import SittingState
from tests.live.helpers import connected, next_message, tablet

pytestmark = pytest.mark.django_db(transaction=True)


async def refused(member, sitting_id, **kwargs) -> bool:
    communicator = await tablet(member, sitting_id, **kwargs)
    ok, _ = await communicator.connect(timeout=5)
    if ok:
        await communicator.disconnect()
    return not ok


async def test_an_anonymous_tablet_is_refused(live_sitting, channel_layer):
    assert await refused(None, live_sitting.pk)


async def test_a_member_of_another_council_is_refused(live_sitting, outsider, channel_layer):
    assert await refused(outsider, live_sitting.pk)


async def test_a_foreign_origin_is_refused(live_sitting, delegate, channel_layer):
    assert await refused(delegate, live_sitting.pk, origin=b"http://evil.example")


async def test_an_unknown_sitting_is_refused(live_sitting, delegate, channel_layer):
    assert await refused(delegate, live_sitting.pk + 1000)


async def test_a_delegate_cannot_enter_a_draft_sitting(sitting, delegate, channel_layer):
    sitting.state = SittingState.DRAFT
    await database_sync_to_async(sitting.save)()
    assert await refused(delegate, sitting.pk)


async def test_a_member_gets_a_snapshot_then_events(live_sitting, delegate, chair, channel_layer):
    communicator, snapshot = await connected(delegate, live_sitting.pk)
    assert "agenda" in snapshot["regions"]
    last = await database_sync_to_async(lambda: live_sitting.items.last())()
    await database_sync_to_async(services.set_current_item)(chair, live_sitting, last.pk)
    event = await next_message(communicator)
    assert event["event"] == "agenda.current_changed"
    assert event["seq"] == snapshot["seq"] + 1
    assert f'data-item-id="{last.pk}" aria-current="step"' in event["regions"]["agenda"]
    await communicator.disconnect()


async def test_events_of_one_sitting_never_reach_another(
    live_sitting, council, delegate, chair, secretariat, channel_layer
):
    import datetime

    other = await database_sync_to_async(services.create_sitting)(
        secretariat,
        number=77,
        title="Khác",
        starts_on=datetime.date(2027, 1, 1),
        ends_on=datetime.date(2027, 1, 1),
    )
    await database_sync_to_async(services.change_sitting_state)(
        secretariat, other, SittingState.PUBLISHED
    )
    watcher, _ = await connected(delegate, other.pk)
    last = await database_sync_to_async(lambda: live_sitting.items.last())()
    await database_sync_to_async(services.set_current_item)(chair, live_sitting, last.pk)
    assert await watcher.receive_nothing(timeout=0.3)
    await watcher.disconnect()


async def test_a_tablet_speaks_its_member_language(live_sitting, chair, council, channel_layer):
    from tests.conftest import make_member

    english = await database_sync_to_async(make_member)(
        council, "english", "delegate", language="en"
    )
    communicator, snapshot = await connected(english, live_sitting.pk)
    assert "Now" in snapshot["regions"]["agenda"]
    last = await database_sync_to_async(lambda: live_sitting.items.last())()
    await database_sync_to_async(services.set_current_item)(chair, live_sitting, last.pk)
    event = await next_message(communicator)
    assert "Now" in event["regions"]["agenda"]
    await communicator.disconnect()


async def test_resync_sends_a_fresh_snapshot(live_sitting, delegate, channel_layer):
    communicator, first = await connected(delegate, live_sitting.pk)
    await communicator.send_json_to({"type": "resync"})
    again = await next_message(communicator)
    assert again["type"] == "snapshot"
    assert again["regions"] == first["regions"]
    await communicator.disconnect()


async def test_a_screen_cannot_ask_for_the_chair_page(live_sitting, screen, channel_layer):
    communicator, snapshot = await connected(screen, live_sitting.pk, page="chair")
    assert snapshot["page"] == "screen"
    assert "chair-controls" not in snapshot["regions"]
    await communicator.disconnect()


def test_every_language_frame_is_worded_in_its_own_language(live_sitting, chair, delegate):
    """Frames are built after commit in whatever language the writer's request had."""
    import uuid

    from django.utils import translation

    from sessions.live import build_frames
    from voting import events as voting_events
    from voting import services as voting

    voting.check_in(delegate, live_sitting)
    spec = voting.PollSpec(kind="motion", title="Nghị quyết")
    poll = voting.open_poll(chair, voting.create_poll(chair, live_sitting, spec))
    yes = poll.options.get(code="yes")
    voting.cast_ballot(delegate, poll, {yes.pk: "x"}, uuid.uuid4())
    voting.close_poll(chair, poll)
    live_sitting.refresh_from_db()

    def regions(frame: str) -> dict:
        return json.loads(frame)["regions"]

    with translation.override("vi"):
        frames = build_frames(live_sitting, voting_events.POLL_CLOSED, {}, 1)
    with translation.override("en"):
        english = build_frames(live_sitting, voting_events.POLL_CLOSED, {}, 1)["en:room"]
    assert regions(frames["en:room"]) == regions(english)
    assert regions(frames["vi:room"]) != regions(frames["en:room"])
