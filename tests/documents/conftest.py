from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from documents import services
from tests import pdf_corpus as corpus


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path) -> Path:
    root = tmp_path / "media"
    settings.MEDIA_ROOT = root
    return root


def pdf_file(data: bytes | None = None, name: str = "report.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(
        name, corpus.valid_pdf(3) if data is None else data, content_type="application/pdf"
    )


def files_under(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def upload(secretariat, sitting, *, title="Báo cáo", data=None, item=None, confidential=False):
    return services.upload_document(
        secretariat,
        sitting,
        title=title,
        upload=pdf_file(data),
        agenda_item_id=item.pk if item else None,
        confidential=confidential,
    )


@pytest.fixture
def published(secretariat, sitting):
    """A published three-page document on the sitting's second agenda item."""
    item = sitting.items.order_by("position")[1]
    document = upload(secretariat, sitting, title="Báo cáo kinh tế", item=item)
    return services.publish_document(secretariat, document)
