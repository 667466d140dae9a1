"""Live sync over the WebSocket: the author's own devices, the group, the sitting — and
never anyone else, the secretariat and the chair included."""

import pytest
from channels.db import database_sync_to_async

from annotations import services
from annotations.models import Annotation
from tests.annotations.conftest import document_version, note, stroke
from tests.live.helpers import connected, next_message

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def version(sitting):
    return document_version(sitting)


async def save(member, version, payload):
    return await database_sync_to_async(services.save_annotation)(member, version, payload)


async def disconnect(*communicators):
    for communicator in communicators:
        await communicator.disconnect()


async def test_a_private_stroke_reaches_the_authors_other_tablet_and_nobody_else(
    delegate, chair, secretariat, teammate, version, channel_layer
):
    laptop, _ = await connected(delegate, version.document.sitting_id)
    chair_tablet, _ = await connected(chair, version.document.sitting_id)
    secretariat_tablet, _ = await connected(secretariat, version.document.sitting_id, page="room")
    teammate_tablet, _ = await connected(teammate, version.document.sitting_id)

    payload = note("Chỉ mình tôi")
    await save(delegate, version, payload)

    event = await next_message(laptop)
    assert event["event"] == "annotations.own"
    assert event["seq"] is None
    assert event["data"]["annotation"]["id"] == payload["id"]
    assert event["data"]["annotation"]["data"]["text"] == "Chỉ mình tôi"
    for other in (chair_tablet, secretariat_tablet, teammate_tablet):
        assert await other.receive_nothing(timeout=0.3)
    await disconnect(laptop, chair_tablet, secretariat_tablet, teammate_tablet)


async def test_erasing_a_private_stroke_tells_only_the_authors_devices(
    delegate, chair, version, channel_layer
):
    payload = stroke()
    await save(delegate, version, payload)
    laptop, _ = await connected(delegate, version.document.sitting_id)
    chair_tablet, _ = await connected(chair, version.document.sitting_id)

    await save(delegate, version, {**payload, "base_revision": 1, "deleted": True})

    event = await next_message(laptop)
    assert event["event"] == "annotations.own"
    assert event["data"]["annotation"]["deleted"] is True
    assert await chair_tablet.receive_nothing(timeout=0.3)
    await disconnect(laptop, chair_tablet)


async def test_a_group_share_reaches_each_group_member_and_not_the_others(
    delegate, teammate, chair, secretariat, loner, version, channel_layer
):
    sitting_id = version.document.sitting_id
    teammate_tablet, _ = await connected(teammate, sitting_id)
    chair_tablet, _ = await connected(chair, sitting_id)
    loner_tablet, _ = await connected(loner, sitting_id)
    secretariat_tablet, _ = await connected(secretariat, sitting_id, page="room")

    payload = stroke(visibility="group")
    await save(delegate, version, payload)

    for _member, tablet in ((teammate, teammate_tablet), (chair, chair_tablet)):
        event = await next_message(tablet)
        assert event["event"] == "annotations.group"
        assert event["data"]["author_id"] == delegate.pk
        assert event["data"]["annotation"]["author_name"] == delegate.full_name
    assert await loner_tablet.receive_nothing(timeout=0.3)
    assert await secretariat_tablet.receive_nothing(timeout=0.3)
    await disconnect(teammate_tablet, chair_tablet, loner_tablet, secretariat_tablet)


async def test_a_sitting_share_is_a_numbered_event_for_the_whole_sitting(
    delegate, loner, version, channel_layer
):
    loner_tablet, snapshot = await connected(loner, version.document.sitting_id)
    payload = stroke()
    result = await save(delegate, version, payload)

    await database_sync_to_async(services.share)(delegate, result.annotation, "sitting")

    event = await next_message(loner_tablet)
    assert event["event"] == "annotations.sitting"
    assert event["seq"] == snapshot["seq"] + 1
    assert event["data"]["annotation"]["visibility"] == "sitting"
    await disconnect(loner_tablet)


async def test_unsharing_tells_every_other_tablet_to_drop_it(
    delegate, loner, version, channel_layer
):
    result = await save(delegate, version, stroke(visibility="sitting"))
    loner_tablet, _ = await connected(loner, version.document.sitting_id)
    laptop, _ = await connected(delegate, version.document.sitting_id)

    await database_sync_to_async(services.unshare)(delegate, result.annotation)

    drop = await next_message(loner_tablet)
    assert drop["event"] == "annotations.sitting"
    assert drop["data"] == {
        "id": str(result.annotation.pk),
        "version_id": version.pk,
        "author_id": delegate.pk,
        "annotation": None,
    }
    assert await loner_tablet.receive_nothing(timeout=0.3)
    # The author's own tablet hears both; it applies only "own" to its own annotations.
    seen = [await next_message(laptop), await next_message(laptop)]
    assert sorted(e["event"] for e in seen) == ["annotations.own", "annotations.sitting"]
    own = next(e for e in seen if e["event"] == "annotations.own")
    assert own["data"]["annotation"]["visibility"] == "private"
    await disconnect(loner_tablet, laptop)


async def test_widening_from_group_to_sitting_drops_then_shows_it_for_the_group(
    delegate, teammate, version, channel_layer
):
    result = await save(delegate, version, stroke(visibility="group"))
    teammate_tablet, _ = await connected(teammate, version.document.sitting_id)

    await database_sync_to_async(services.share)(delegate, result.annotation, "sitting")

    first, second = await next_message(teammate_tablet), await next_message(teammate_tablet)
    assert (first["event"], first["data"]["annotation"]) == ("annotations.group", None)
    assert second["event"] == "annotations.sitting"
    assert second["data"]["annotation"]["visibility"] == "sitting"
    await disconnect(teammate_tablet)


async def test_a_refused_change_sends_nothing(delegate, version, settings, channel_layer):
    settings.ANNOTATIONS_MAX_NOTE_CHARS = 5
    laptop, _ = await connected(delegate, version.document.sitting_id)
    with pytest.raises(services.ActionRefused):
        await save(delegate, version, note("quá dài"))
    assert await laptop.receive_nothing(timeout=0.3)
    assert not await database_sync_to_async(Annotation.objects.exists)()
    await disconnect(laptop)
