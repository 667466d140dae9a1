"""A report's PDF attachments, through the same sandboxed checks as the sittings' documents
(documents/pdf.py), and placed so that nothing dangles: a refused or rolled-back report
leaves no temporary and no placed file."""

import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from documents.pdf import PdfInfo, PdfRejected, PdfWorkerError, inspect_pdf
from documents.services import receive_upload
from followup.models import ReportAttachment
from sessions.errors import ActionRefused

logger = logging.getLogger(__name__)

MAX_FILES = 5


@dataclass
class Checked:
    info: PdfInfo
    path: Path
    filename: str


def _media(name: str) -> Path:
    return Path(settings.MEDIA_ROOT) / name


def _check(upload: Any) -> Checked:
    try:
        path = receive_upload(upload)
    except PdfRejected as rejected:
        raise ActionRefused(rejected.message) from rejected
    try:
        info = inspect_pdf(
            path, max_pages=settings.DOCUMENT_MAX_PAGES, max_bytes=settings.DOCUMENT_MAX_BYTES
        )
    except PdfRejected as rejected:
        path.unlink(missing_ok=True)
        name = os.path.basename(getattr(upload, "name", "") or "")
        raise ActionRefused(f"{name}: {rejected.message}") from rejected
    except PdfWorkerError:
        path.unlink(missing_ok=True)
        logger.exception("the PDF sandbox failed")
        raise ActionRefused(
            _("The server could not check this file just now. Please try again in a minute.")
        ) from None
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    filename = os.path.basename(getattr(upload, "name", "") or "")[:200] or "report.pdf"
    return Checked(info=info, path=path, filename=filename)


def discard(checked: list[Checked]) -> None:
    for item in checked:
        item.path.unlink(missing_ok=True)


def check_all(uploads: list[Any]) -> list[Checked]:
    """Every upload checked, or none kept: one bad file refuses the report."""
    checked: list[Checked] = []
    try:
        for upload in uploads:
            checked.append(_check(upload))
    except BaseException:
        discard(checked)
        raise
    return checked


def place(item: Checked, placed: list[Path]) -> dict[str, Any]:
    """Move a checked file to its content-addressed name; the fields of its attachment row."""
    name = f"followup/{item.info.sha256[:2]}/{item.info.sha256}.pdf"
    final = _media(name)
    final.parent.mkdir(parents=True, exist_ok=True)
    if not final.exists():
        os.chmod(item.path, 0o644)
        os.replace(item.path, final)
        placed.append(final)
    return {
        "file": name,
        "filename": item.filename,
        "size": item.info.size,
        "pages": item.info.page_count,
        "sha256": item.info.sha256,
    }


def saving[T](work: Callable[[list[Path]], T], checked: list[Checked]) -> T:
    """Run work(placed) in a durable transaction; on failure remove what it placed and the
    checked files it did not get to."""
    placed: list[Path] = []
    try:
        with transaction.atomic(durable=True):
            return work(placed)
    except BaseException:
        root = Path(settings.MEDIA_ROOT)
        for path in placed:
            if not ReportAttachment.objects.filter(file=path.relative_to(root).as_posix()).exists():
                path.unlink(missing_ok=True)
        raise
    finally:
        discard(checked)
