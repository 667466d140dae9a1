"""Questioning's regions on the live pages: the desk is the secretariat's, drafts stay off."""

import pytest
from channels.db import database_sync_to_async

from questioning.services import drafting
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
