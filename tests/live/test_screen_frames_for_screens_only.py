"""A delegate's tablet never receives the hall screens' frames (issue 13, point 9)."""

import pytest

from tests.live.helpers import connected

pytestmark = pytest.mark.django_db(transaction=True)


async def test_a_delegate_asking_for_the_screen_page_gets_the_room(
    live_sitting, delegate, channel_layer
):
    communicator, snapshot = await connected(delegate, live_sitting.pk, page="screen")
    assert snapshot["page"] == "room"
    await communicator.disconnect()


async def test_the_chair_the_secretariat_and_screens_may_open_the_screen_page(
    live_sitting, chair, secretariat, screen, channel_layer
):
    for member in (chair, secretariat, screen):
        communicator, snapshot = await connected(member, live_sitting.pk, page="screen")
        assert snapshot["page"] == "screen"
        await communicator.disconnect()
