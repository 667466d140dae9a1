"""Actions for tests/live/test_event_consistency.py: one per registered annotations event.

The annotation events carry data only (no regions), so the check is that they are
numbered like every sitting event and leave every page's regions as a fresh snapshot.
The author is a delegate none of the three viewers is, so no viewer also receives the
author's own (unnumbered) member event.
"""

from annotations import services
from council.models import Role
from documents import services as document_services
from documents.models import DocumentVersion
from tests.annotations.conftest import document_version, note
from tests.conftest import make_member


def share_a_note_with_the_sitting(personas, sitting):
    author = make_member(sitting.council, "annotator", Role.DELEGATE)
    version = document_version(sitting, published=False)
    # Published through the documents service, so the documents list region follows.
    document_services.publish_document(personas["secretariat"], version.document)
    version = DocumentVersion.objects.select_related("document__sitting").get(pk=version.pk)
    services.save_annotation(author, version, note("Đề nghị làm rõ", visibility="sitting"))


def note_on_my_own_document(personas, sitting):
    """The delegate's own private note: it reaches the delegate's devices only."""
    version = document_version(sitting, published=False)
    document_services.publish_document(personas["secretariat"], version.document)
    version = DocumentVersion.objects.select_related("document__sitting").get(pk=version.pk)
    services.save_annotation(personas["delegate"], version, note("Ghi chú riêng"))


def share_a_note_with_my_group(personas, sitting):
    """A member of the delegate's group shares a note with the group."""
    neighbour = make_member(
        sitting.council, "neighbour", Role.DELEGATE, group=personas["delegate"].group
    )
    version = document_version(sitting, published=False)
    document_services.publish_document(personas["secretariat"], version.document)
    version = DocumentVersion.objects.select_related("document__sitting").get(pk=version.pk)
    services.save_annotation(neighbour, version, note("Cả tổ xem", visibility="group"))


ACTIONS = {
    "annotations.own": note_on_my_own_document,
    "annotations.group": share_a_note_with_my_group,
    "annotations.sitting": share_a_note_with_the_sitting,
}
