"""Hall screens never receive a confidential document's content (issue 13, point 2).

A screen's frame is built from an allow-list (sessions/live.py `screen_frame`): the screen
page's regions and the event's `screen_data` fields, which may only be numbers. These
tests poison every text and object field of every registered event and look for the
poison in what a screen would be sent, and send a real shared note to real screen sockets.
"""

import json
import typing

import pytest
from channels.db import database_sync_to_async

from annotations import services as annotation_services
from council.models import Role
from documents import services as document_services
from documents.models import DocumentVersion
from sessions import screen_links
from sessions.events import EVENT_TYPES, Audience
from sessions.live import build_frames, frame_key
from tests.annotations.conftest import document_version, note
from tests.conftest import make_member
from tests.live.helpers import connected, next_message
from tests.live.test_screen_links_live import open_screen

SECRET = "Mật-BÍ-MẬT-7f3a"


def poisoned(payload: type) -> dict[str, typing.Any]:
    """A payload whose every text and object field carries SECRET."""
    data: dict[str, typing.Any] = {}
    for name, hint in typing.get_type_hints(payload).items():
        kinds = set(typing.get_args(hint)) or {hint}
        origins = {typing.get_origin(kind) or kind for kind in kinds}
        if dict in origins:
            data[name] = {"text": SECRET, "author": SECRET, "title": SECRET}
        elif str in origins:
            data[name] = SECRET
        elif int in origins:
            data[name] = 7
        else:
            data[name] = None
    return data


SITTING_EVENTS = sorted(
    name for name, event in EVENT_TYPES.items() if event.audience is Audience.SITTING
)


@pytest.mark.django_db
@pytest.mark.parametrize("name", SITTING_EVENTS)
def test_a_screen_frame_carries_no_text_of_any_event(name, live_sitting):
    event = EVENT_TYPES[name]
    frames = build_frames(live_sitting, event, poisoned(event.payload), 3)
    for language in ("vi", "en"):
        frame = frames[frame_key(language, "screen")]
        assert SECRET not in frame
        message = json.loads(frame)
        assert set(message["data"]) <= set(event.screen_data)
        assert all(isinstance(value, int | None) for value in message["data"].values())


def test_every_screen_field_of_the_registry_is_a_number():
    for event in EVENT_TYPES.values():
        hints = typing.get_type_hints(event.payload)
        for field in event.screen_data:
            kinds = set(typing.get_args(hints[field])) or {hints[field]}
            assert kinds <= {int, type(None)}, f"{event.name}.{field} may carry text"


@pytest.mark.django_db(transaction=True)
async def test_a_note_shared_on_a_confidential_document_reaches_no_screen(
    live_sitting, screen, secretariat, delegate, channel_layer, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path
    author = await database_sync_to_async(make_member)(
        live_sitting.council, "tacgia", Role.DELEGATE
    )

    def confidential_version() -> DocumentVersion:
        version = document_version(live_sitting, confidential=True, published=False)
        document_services.publish_document(secretariat, version.document)
        return DocumentVersion.objects.select_related("document__sitting").get(pk=version.pk)

    version = await database_sync_to_async(confidential_version)()
    _link, token = await database_sync_to_async(screen_links.create_screen_link)(
        secretariat, label="Màn hình trái", sitting=live_sitting
    )
    hall_screen, _snapshot = await connected(screen, live_sitting.pk)
    link_screen, ok, _code, _snapshot = await open_screen(live_sitting.pk, token)
    assert ok
    room, _snapshot = await connected(delegate, live_sitting.pk)

    await database_sync_to_async(annotation_services.save_annotation)(
        author, version, note(SECRET, visibility="sitting")
    )

    # The delegate's tablet gets the note (it is shared with the sitting)...
    seen = await next_message(room)
    assert seen["event"] == "annotations.sitting" and SECRET in json.dumps(seen, ensure_ascii=False)
    # ...the screens get that the sitting changed, and nothing of the note.
    for socket in (hall_screen, link_screen):
        message = await next_message(socket)
        assert message["event"] == "annotations.sitting"
        text = json.dumps(message, ensure_ascii=False)
        assert SECRET not in text
        assert "tacgia" not in text.lower() and str(author.pk) not in json.dumps(message["data"])
        assert message["data"] == {}
    for socket in (hall_screen, link_screen, room):
        await socket.disconnect()
