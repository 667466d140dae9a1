"""Find documents through the viewer's membership: other councils' documents do not exist."""

from typing import Any

from django.http import Http404

from council import permissions
from council.models import Member
from documents.models import Document, DocumentVersion
from sessions import screen_links
from sessions.lookup import sitting_for
from sessions.models import HallDisplay


def may_read(member: Member, document: Document) -> bool:
    if document.confidential and member.is_screen:
        return False  # a hall screen never shows a confidential document
    if permissions.can_see_drafts(member):
        return True  # the secretariat and the chair prepare; they see unpublished ones
    return document.published and not document.withdrawn


def readable_version(user: Any, version_id: int) -> tuple[DocumentVersion, Member]:
    version = (
        DocumentVersion.objects.select_related("document__sitting").filter(pk=version_id).first()
    )
    if version is None:
        raise Http404
    _sitting, member = sitting_for(user, version.document.sitting_id)
    if not may_read(member, version.document):
        raise Http404
    return version, member


def managed_document(user: Any, document_id: int) -> tuple[Document, Member]:
    document = Document.objects.select_related("sitting").filter(pk=document_id).first()
    if document is None:
        raise Http404
    _sitting, member = sitting_for(user, document.sitting_id)
    if not permissions.can_manage_sittings(member):
        raise Http404
    return document, member


def presented_version(user: Any, sitting_id: int, version_id: int, token: str) -> DocumentVersion:
    """The version the chair presents in this sitting's hall, for its screens; else 404.

    A hall screen shows the page itself, read from the reading copy. Only while it is being
    presented, and never a confidential document (the hall may have guests). A screen link
    (no login) reads it through its token, like its socket; anyone else needs a membership.
    """
    hall = HallDisplay.objects.filter(sitting_id=sitting_id).first()
    if hall is None or hall.presenting_version_id != version_id:
        raise Http404
    if token:
        if screen_links.viewer_for(token, sitting_id) is None:
            raise Http404
    else:
        sitting_for(user, sitting_id)
    version = (
        DocumentVersion.objects.published_in(sitting_id)
        .select_related("document")
        .filter(pk=version_id, document__confidential=False)
        .first()
    )
    if version is None:
        raise Http404
    return version
