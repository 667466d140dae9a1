"""Annotation events: JSON data for the reader (static/js/annotate.js), no HTML regions.

Who receives what:

- ``annotations.own`` (MEMBER): every change to an annotation goes to its author's own
  devices, private ones included, deletions included (``deleted: true``). This is the
  only event an author's tablet applies to its own annotations.
- ``annotations.group`` (MEMBER): a group-shared annotation, one event per member of the
  group other than the author (a tổ đại biểu is about ten people, so ten small sends; a
  ``group.<id>`` channel would need every consumer to join it, which sessions owns).
- ``annotations.sitting`` (SITTING, numbered): an annotation shared with the sitting.

``annotation`` is None when the receivers must drop the id: it was unshared, deleted or
narrowed to an audience they are not in. The snapshot carries no annotations: the reader
fetches them over HTTP on opening a document and after every snapshot (a reconnect), so
a missed event is healed there.
"""

from typing import Any, TypedDict

from sessions import events
from sessions.events import Audience, EventType


class OwnPayload(TypedDict):
    id: str
    version_id: int
    annotation: dict[str, Any]


class SharedPayload(TypedDict):
    id: str
    version_id: int
    author_id: int
    annotation: dict[str, Any] | None


OWN = EventType("annotations.own", OwnPayload, audience=Audience.MEMBER)
GROUP = EventType("annotations.group", SharedPayload, audience=Audience.MEMBER)
SITTING = EventType("annotations.sitting", SharedPayload)


def register() -> None:
    for event in (OWN, GROUP, SITTING):
        events.register(event)
