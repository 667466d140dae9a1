"""A delegate's own annotations across a sitting's documents ("my notes"), for the room.

Read side only: the member's own marks (never anyone else's, whatever they share), on the
documents they may still read, grouped by document in the sitting's order.
"""

from dataclasses import dataclass, field

from annotations.models import Annotation, Kind
from council.models import Member
from documents.lookup import may_read
from documents.models import Document
from sessions.models import Sitting


@dataclass
class MyNote:
    version_id: int
    version_number: int
    page: int
    kind: str
    text: str


@dataclass
class MyDocumentNotes:
    document: Document
    notes: list[MyNote] = field(default_factory=list)


def my_notes(member: Member, sitting: Sitting) -> list[MyDocumentNotes]:
    annotations = (
        Annotation.objects.filter(
            author=member, deleted_at__isnull=True, version__document__sitting=sitting
        )
        .select_related("version__document")
        .order_by(
            "version__document__agenda_item__position",
            "version__document__position",
            "version__document_id",
            "version__number",
            "page",
            "created_at",
        )
    )
    groups: dict[int, MyDocumentNotes] = {}
    for annotation in annotations:
        document = annotation.version.document
        if not may_read(member, document):
            continue
        group = groups.setdefault(document.pk, MyDocumentNotes(document))
        text = annotation.data.get("text", "") if annotation.kind == Kind.NOTE else ""
        group.notes.append(
            MyNote(
                version_id=annotation.version_id,
                version_number=annotation.version.number,
                page=annotation.page,
                kind=annotation.kind,
                text=str(text),
            )
        )
    return list(groups.values())
