"""Actions for tests/live/test_event_consistency.py: one per documents event type."""

from documents import services
from documents.models import Document, DocumentVersion


def publish_a_document(personas, sitting):
    # Rows without a file: the list region needs only rows, and this test must not write
    # under the real MEDIA_ROOT. Uploads themselves are tested in tests/documents.
    document = Document.objects.create(
        sitting=sitting, agenda_item=sitting.items.first(), title="Tờ trình ngân sách"
    )
    DocumentVersion.objects.create(
        document=document,
        number=1,
        file="documents/00/none.pdf",
        sha256="0" * 64,
        size=1,
        page_count=12,
    )
    services.publish_document(personas["secretariat"], document)


ACTIONS = {"documents.changed": publish_a_document}
