"""Publishing reaches every open tablet of the sitting, in place."""

import pytest
from channels.db import database_sync_to_async

from documents import services
from sessions import services as sitting_services
from tests.documents.conftest import pdf_file, upload
from tests.live.helpers import connected, next_message

pytestmark = pytest.mark.django_db(transaction=True)


async def test_publishing_a_document_puts_it_on_an_open_tablet(secretariat, delegate, sitting):
    document = await database_sync_to_async(upload)(secretariat, sitting, title="Tờ trình số 5")
    communicator, snapshot = await connected(delegate, sitting.pk, page="room")
    assert "Tờ trình số 5" not in snapshot["regions"]["documents"]

    await database_sync_to_async(services.publish_document)(secretariat, document)
    event = await next_message(communicator)

    assert event["event"] == "documents.changed"
    assert event["seq"] == snapshot["seq"] + 1
    assert event["data"] == {"document_id": document.pk, "change": "published"}
    html = event["regions"]["documents"]
    version = await database_sync_to_async(lambda: document.versions.get())()
    assert "Tờ trình số 5" in html
    assert f'data-file-url="/documents/v/{version.pk}/file"' in html
    await communicator.disconnect()


async def test_an_unpublished_upload_reaches_no_tablet(secretariat, delegate, sitting):
    communicator, _snapshot = await connected(delegate, sitting.pk, page="room")
    await database_sync_to_async(upload)(secretariat, sitting)
    assert await communicator.receive_nothing(timeout=0.3)
    await communicator.disconnect()


async def test_a_new_version_of_a_published_document_is_shown_as_updated(
    secretariat, delegate, sitting
):
    def publish_then_replace():
        document = upload(secretariat, sitting)
        services.publish_document(secretariat, document)
        return document

    document = await database_sync_to_async(publish_then_replace)()
    communicator, snapshot = await connected(delegate, sitting.pk, page="room")
    assert 'data-badge="updated"' not in snapshot["regions"]["documents"]

    await database_sync_to_async(services.add_version)(secretariat, document, pdf_file())
    event = await next_message(communicator)
    assert event["data"]["change"] == "version"
    assert 'data-badge="updated"' in event["regions"]["documents"]
    await communicator.disconnect()


async def test_unpublishing_the_agenda_empties_every_tablets_list(secretariat, delegate, sitting):
    def publish_two():
        upload(secretariat, sitting, title="Một")
        upload(secretariat, sitting, title="Hai")
        services.publish_all(secretariat, sitting)

    await database_sync_to_async(publish_two)()
    communicator, snapshot = await connected(delegate, sitting.pk, page="room")
    assert "Một" in snapshot["regions"]["documents"]

    await database_sync_to_async(services.unpublish_all)(secretariat, sitting)
    event = await next_message(communicator)
    assert "Một" not in event["regions"]["documents"]
    assert "Hai" not in event["regions"]["documents"]
    await communicator.disconnect()


async def test_renaming_an_item_renames_it_in_the_document_list_too(secretariat, delegate, sitting):
    def publish_on_first_item():
        item = sitting.items.order_by("position").first()
        services.publish_document(secretariat, upload(secretariat, sitting, item=item))
        return item

    item = await database_sync_to_async(publish_on_first_item)()
    communicator, snapshot = await connected(delegate, sitting.pk, page="room")

    await database_sync_to_async(sitting_services.edit_agenda_item)(
        secretariat, sitting, item.pk, title="Khai mạc kỳ họp"
    )
    events = [await next_message(communicator), await next_message(communicator)]
    assert [e["event"] for e in events] == ["agenda.changed", "documents.changed"]
    assert "Khai mạc kỳ họp" in events[1]["regions"]["documents"]
    await communicator.send_json_to({"type": "resync"})
    fresh = await next_message(communicator)
    assert fresh["regions"]["documents"] == events[1]["regions"]["documents"]
    assert fresh["seq"] == snapshot["seq"] + 2
    await communicator.disconnect()
