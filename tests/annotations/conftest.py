import datetime
import uuid
from pathlib import Path

import pytest
from django.utils import timezone

from council.models import Role
from documents.models import Document, DocumentPage, DocumentVersion
from tests.conftest import make_member


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path) -> Path:
    root = tmp_path / "media"
    settings.MEDIA_ROOT = root
    return root


def document_version(sitting, *, pages=3, confidential=False, published=True):
    """Rows only (no file): enough for everything but the export and carry-forward."""
    document = Document.objects.create(
        sitting=sitting,
        agenda_item=sitting.items.first(),
        title="Tờ trình ngân sách",
        confidential=confidential,
        published=published,
        published_at=timezone.now() if published else None,
        first_published_at=timezone.now() if published else None,
    )
    version = DocumentVersion.objects.create(
        document=document,
        number=1,
        file="documents/00/none.pdf",
        sha256="0" * 64,
        size=1,
        page_count=pages,
    )
    DocumentPage.objects.bulk_create(
        DocumentPage(version=version, number=n, text=f"page {n}") for n in range(1, pages + 1)
    )
    return version


@pytest.fixture
def version(sitting):
    return document_version(sitting)


@pytest.fixture
def teammate(council, group):
    """A delegate of the same tổ đại biểu as `delegate` (and the chair)."""
    return make_member(council, "teammate", Role.DELEGATE, group=group, language="en")


@pytest.fixture
def loner(council):
    """A delegate of the same council in no group."""
    return make_member(council, "loner", Role.DELEGATE, language="en")


_clock = [datetime.datetime(2025, 12, 8, 8, 0, tzinfo=datetime.UTC)]


def stroke(
    *,
    id=None,
    page=1,
    base=0,
    deleted=False,
    at=None,
    colour="#d62828",
    points=None,
    visibility=None,
    kind="ink",
):
    """A tablet's full state for one ink annotation; each call a later client time."""
    _clock[0] += datetime.timedelta(seconds=1)
    payload = {
        "id": str(id or uuid.uuid4()),
        "page": page,
        "kind": kind,
        "data": {"strokes": [points or [[0.1, 0.1], [0.2, 0.25, 0.5]]], "width": 0.004},
        "colour": colour,
        "base_revision": base,
        "deleted": deleted,
        "client_updated_at": (at or _clock[0]).isoformat(),
    }
    if visibility is not None:
        payload["visibility"] = visibility
    return payload


def note(text, *, id=None, page=1, base=0, visibility=None):
    payload = stroke(id=id, page=page, base=base, visibility=visibility, kind="note")
    payload["data"] = {"x": 0.5, "y": 0.5, "text": text}
    return payload
