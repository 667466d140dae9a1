"""Find documents through the viewer's membership: other councils' documents do not exist."""

from typing import Any

from django.http import Http404

from council import permissions
from council.models import Member
from documents.models import Document, DocumentVersion
from sessions.lookup import sitting_for


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
