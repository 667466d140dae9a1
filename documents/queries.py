"""Read-side queries: what a member may list, read and find."""

from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, Q

from council import permissions
from council.models import Member
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


def _snippet(text: str, query: str) -> tuple[str, str, str]:
    folded = text.casefold()
    at = folded.find(query.casefold())
    if at < 0:  # the database matched where Python's casefold does not: show the start
        return "", "", " ".join(text[: 2 * SNIPPET].split())
    end = at + len(query)
    before = " ".join(text[max(0, at - SNIPPET) : at].split())
    after = " ".join(text[end : end + SNIPPET].split())
    return before, text[at:end], after


def search(sitting: Sitting, member: Member, query: str) -> list[Hit]:
    """Pages of the latest version of each readable document whose text contains `query`.

    `icontains` folds case on PostgreSQL for every letter; SQLite folds only ASCII, so
    there "Ngân sách" does not find "NGÂN SÁCH" (it still finds "ngân sách").
    """
    query = " ".join(query.split())
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
        DocumentPage.objects.filter(Q(version_id__in=latest) & Q(text__icontains=query))
        .order_by("version__document__position", "version__document_id", "number")
        .only("version_id", "number", "text")[:MAX_RESULTS]
    )
    hits = []
    for page in pages:
        document, version = latest[page.version_id]
        hits.append(Hit(document, version, page.number, *_snippet(page.text, query)))
    return hits
