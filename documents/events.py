"""The documents list on every tablet: one region, one event type.

Badges are computed from the sitting alone (regions never depend on the viewer): a
document whose latest version is newer than its first publication is "updated" for
everyone. "New" is the tablet's own business: static/js/documents.js remembers in
localStorage which versions this tablet opened and marks the others.
"""

from typing import Any, TypedDict

from django.db.models import Prefetch

from sessions import events, regions
from sessions.models import Sitting
from sessions.state import EXTRA_PAGE_REGIONS


class DocumentsChangedPayload(TypedDict):
    # None when the change is not about one document (the whole agenda published, an
    # agenda item renamed or moved: the list shows item titles and order too).
    document_id: int | None
    change: str


DOCUMENTS_CHANGED = events.register(
    events.EventType("documents.changed", DocumentsChangedPayload, regions=("documents",))
)


def published_documents(sitting: Sitting) -> list[Any]:
    from documents.models import Document, DocumentVersion

    # Annotated below with each document's latest version and its "updated" badge.
    documents: list[Any] = list(
        Document.objects.filter(sitting=sitting, published=True, withdrawn=False)
        .select_related("agenda_item")
        .prefetch_related(
            Prefetch("versions", queryset=DocumentVersion.objects.order_by("-number"))
        )
        .order_by("position", "id")
    )
    for document in documents:
        versions = list(document.versions.all())
        document.latest = versions[0] if versions else None
        document.is_updated = bool(
            document.latest
            and document.first_published_at
            and document.latest.number > 1
            and document.latest.created_at > document.first_published_at
        )
    return [d for d in documents if d.latest is not None]


def documents_context(sitting: Sitting) -> dict[str, Any]:
    documents = published_documents(sitting)
    groups = []
    for number, item in enumerate(sitting.items.all(), start=1):
        attached = [d for d in documents if d.agenda_item_id == item.pk]
        if attached:
            groups.append({"number": number, "item": item, "documents": attached})
    loose = [d for d in documents if d.agenda_item_id is None]
    if loose:
        groups.append({"number": None, "item": None, "documents": loose})
    return {"groups": groups, "document_count": len(documents)}


regions.register(
    regions.Region("documents", "documents/_partials/documents.html", documents_context)
)
for _page in ("room", "chair"):
    if "documents" not in EXTRA_PAGE_REGIONS[_page]:
        EXTRA_PAGE_REGIONS[_page].append("documents")
