"""Questioning's regions on the live pages: the desk is the secretariat's, drafts stay off."""

import pytest
from channels.db import database_sync_to_async

from questioning.services import drafting, grouping
from tests.live.helpers import connected
from tests.questioning.conftest import make_official

pytestmark = pytest.mark.django_db(transaction=True)


async def test_the_secretariat_follows_the_grouping_on_its_desk_page(
    secretariat, sitting, channel_layer
):
    communicator, snapshot = await connected(secretariat, sitting.pk, page="desk")
    assert snapshot["page"] == "desk"
    assert set(snapshot["regions"]) == {"questioning-desk"}
    await communicator.disconnect()


async def test_a_delegate_asking_for_the_desk_gets_the_room(delegate, sitting, channel_layer):
    communicator, snapshot = await connected(delegate, sitting.pk, page="desk")
    assert snapshot["page"] == "room"
    await communicator.disconnect()


async def test_a_draft_is_in_no_region(delegate, sitting, channel_layer):
    def write():
        official = make_official(sitting)
        drafting.draft_question(
            delegate, sitting, official_id=official.pk, text="Câu hỏi còn nháp riêng tư"
        )

    await database_sync_to_async(write)()
    communicator, snapshot = await connected(delegate, sitting.pk)
    assert "Câu hỏi còn nháp riêng tư" not in str(snapshot["regions"])
    await communicator.disconnect()


async def test_starting_the_sitting_offers_to_open_a_waiting_group_on_the_console(
    chair, secretariat, delegate, sitting, channel_layer
):
    """The console's "open the questioning" follows the sitting's state: snapshot + events
    == a fresh snapshot when there is a group waiting (the shared test has none)."""
    from sessions import services
    from sessions.models import SittingState
    from tests.live.helpers import next_message
    from tests.live.test_event_consistency import apply_as_tablet

    def prepare():
        official = make_official(sitting)
        grouping.create_group(secretariat, sitting, official_id=official.pk, topic="Vốn")

    await database_sync_to_async(prepare)()
    communicator, state = await connected(chair, sitting.pk, page="chair")
    assert "open-group" not in state["regions"]["questioning-console"]
    await database_sync_to_async(services.change_sitting_state)(
        chair, sitting, SittingState.IN_PROGRESS
    )
    event = await next_message(communicator)
    tablet = apply_as_tablet(state, [event])
    await communicator.send_json_to({"type": "resync"})
    fresh = await next_message(communicator)
    assert fresh["type"] == "snapshot"
    assert tablet["held"] == [] and tablet["resyncs"] == 0
    assert tablet["regions"] == fresh["regions"]
    assert "open-group" in fresh["regions"]["questioning-console"]
    await communicator.disconnect()
