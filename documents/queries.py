"""Read-side queries: what a member may list, read and find."""

from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, Q

from council import permissions
from council.models import Member
from documents.folding import fold, normalise
from documents.models import Document, DocumentPage, DocumentVersion
from sessions.models import Sitting

SNIPPET = 70
MAX_RESULTS = 50


def visible_documents(sitting: Sitting, member: Member) -> "list[Document]":
    documents = Document.objects.filter(sitting=sitting)
    if permissions.can_see_drafts(member):
        documents = documents.filter(withdrawn=False)
    else:
        documents = documents.filter(published=True, withdrawn=False)
    if member.is_screen:
        documents = documents.filter(confidential=False)
    return list(
        documents.select_related("agenda_item")
        .prefetch_related(
            Prefetch("versions", queryset=DocumentVersion.objects.order_by("-number"))
        )
        .order_by("position", "id")
    )


def reader_catalogue(sitting: Sitting, member: Member) -> list[dict[str, Any]]:
    """What the reader page embeds: every readable document with all its versions."""
    out = []
    for document in visible_documents(sitting, member):
        # A confidential copy carries its reader's name: its URL names them too, so the
        # service worker of a shared tablet keeps one copy per delegate (documents/views.py).
        named = f"?for={member.pk}" if document.confidential and not member.is_secretariat else ""
        versions = [
            {
                "id": v.pk,
                "number": v.number,
                "pages": v.page_count,
                "file": f"/documents/v/{v.pk}/file{named}",
            }
            for v in document.versions.all()
        ]
        if versions:
            out.append(
                {
                    "id": document.pk,
                    "title": document.title,
                    "confidential": document.confidential,
                    "published": document.published,
                    "versions": versions,
                }
            )
    return out


@dataclass(frozen=True)
class Hit:
    document: Document
    version: DocumentVersion
    page: int
    before: str
    match: str
    after: str


def _snippet(text: str, at: int, length: int) -> tuple[str, str, str]:
    end = at + length
    before = " ".join(text[max(0, at - SNIPPET) : at].split())
    after = " ".join(text[end : end + SNIPPET].split())
    return before, text[at:end], after


def search(sitting: Sitting, member: Member, query: str) -> list[Hit]:
    """Pages of the latest version of each readable document whose text contains `query`.

    Without case or diacritics ("ngan sach" finds "NGÂN SÁCH"), the same on SQLite and
    PostgreSQL: both compare the folded copies (documents/folding.py).
    """
    query = fold(normalise(" ".join(query.split())))
    if len(query) < 2:
        return []
    latest = {}
    for document in visible_documents(sitting, member):
        versions = list(document.versions.all())
        if versions:
            latest[versions[0].pk] = (document, versions[0])
    if not latest:
        return []
    pages = (
        DocumentPage.objects.filter(Q(version_id__in=latest) & Q(folded__contains=query))
        .order_by("version__document__position", "version__document_id", "number")
        .only("version_id", "number", "text", "folded")[:MAX_RESULTS]
    )
    hits = []
    for page in pages:
        document, version = latest[page.version_id]
        # The folded copy is as long as the text: the match is at the same offset there.
        at = page.folded.find(query)
        hits.append(Hit(document, version, page.number, *_snippet(page.text, at, len(query))))
    return hits
