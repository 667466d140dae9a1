"""Document services: permission, lock, change, audit, publish — and files that never dangle.

An upload is written to a temporary file under MEDIA_ROOT, inspected in the sandboxed child
(documents/pdf.py) with no lock held, and only then moved into its content-addressed place
inside the transaction that creates the rows. If anything fails, nothing is left: no row,
no temporary file, and no placed file (a rolled-back transaction removes the file it
placed). The write transactions are durable (outermost): a caller's outer transaction
could roll back after we had placed the file, and Django has no rollback hook to undo that.
"""

import hashlib
import logging
import os
import tempfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from council import permissions
from council.audit import log_action
from council.models import Member
from documents.events import DOCUMENTS_CHANGED
from documents.folding import fold, normalise
from documents.models import Document, DocumentPage, DocumentVersion
from documents.pdf import (
    PdfInfo,
    PdfRejected,
    PdfWorkerError,
    check_size,
    inspect_pdf,
    make_reading_copy,
)
from sessions import live
from sessions.errors import ActionRefused, NotAllowed
from sessions.models import AgendaItem, Sitting, SittingState

logger = logging.getLogger(__name__)

CHUNK = 1024 * 1024


def media_path(name: str | None) -> Path:
    if not name:
        raise ValueError("a stored document file has no name")
    return Path(settings.MEDIA_ROOT) / name


def _check_manager(actor: Member, sitting: Sitting) -> None:
    if sitting.council_id != actor.council_id or not permissions.can_manage_sittings(actor):
        raise NotAllowed()


def locked_for_change(actor: Member, sitting: Sitting, document: Document | None = None):
    """Lock the sitting, then the document: always in that order (live.publish takes the
    sitting's row too), so two services can never wait on each other."""
    _check_manager(actor, sitting)
    locked = Sitting.objects.select_for_update().get(pk=sitting.pk)
    if locked.state == SittingState.CLOSED:
        raise ActionRefused(_("The sitting is closed."))
    if document is None:
        return locked, None
    doc = Document.objects.select_for_update().filter(pk=document.pk, sitting=locked).first()
    if doc is None:
        raise ActionRefused(_("This document no longer exists."))
    return locked, doc


def documents_changed(sitting: Sitting, document_id: int | None, change: str) -> None:
    live.publish(sitting, DOCUMENTS_CHANGED, {"document_id": document_id, "change": change})


# --- receiving a file -------------------------------------------------------------------


def receive_upload(upload: Any) -> Path:
    """Copy the upload to a temporary file beside the store (same filesystem: the final
    move is a rename). The declared size is checked first, the written size as we go.
    Every PDF the app takes (documents, agencies' reports) arrives through here."""
    max_bytes = settings.DOCUMENT_MAX_BYTES
    check_size(getattr(upload, "size", 0) or 0, max_bytes)
    incoming = media_path("incoming")
    incoming.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(dir=incoming, suffix=".pdf.part")
    path = Path(name)
    try:
        written = 0
        with os.fdopen(fd, "wb") as out:
            for chunk in upload.chunks(CHUNK):
                written += len(chunk)
                check_size(written, max_bytes)
                out.write(chunk)
        check_size(written, max_bytes)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return path


def _inspected(upload: Any) -> tuple[PdfInfo, Path]:
    """Receive and inspect an upload; on refusal the temporary file is already gone."""
    try:
        path = receive_upload(upload)
    except PdfRejected as rejected:
        raise ActionRefused(rejected.message) from rejected
    try:
        info = inspect_pdf(
            path,
            max_pages=settings.DOCUMENT_MAX_PAGES,
            max_bytes=settings.DOCUMENT_MAX_BYTES,
        )
    except PdfRejected as rejected:
        path.unlink(missing_ok=True)
        logger.info("upload refused: %s", rejected)
        raise ActionRefused(rejected.message) from rejected
    except PdfWorkerError:
        path.unlink(missing_ok=True)
        logger.exception("the PDF sandbox failed")
        raise ActionRefused(
            _("The server could not check this file just now. Please try again in a minute.")
        ) from None
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return info, path


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _reading_copy(path: Path) -> tuple[Path, str] | None:
    """Write the checked upload's reading copy beside it, with no lock held: (file, SHA-256).

    None when the original is what tablets should read, or when the copy could not be made:
    that never refuses an upload, the original is then served as it is.
    """
    if not settings.DOCUMENT_READING_COPY:
        return None
    copy = path.with_name(path.name + ".reading")
    try:
        reason = make_reading_copy(path, copy)
    except (PdfRejected, PdfWorkerError):
        logger.warning("no reading copy: the sandbox failed", exc_info=True)
        return None
    if reason:
        logger.info("no reading copy: %s", reason)
        return None
    return copy, file_sha256(copy)


def _place(path: Path, sha256: str, placed: list[Path]) -> str:
    """Move the checked file to its content-addressed name; remember it if we created it."""
    name = f"documents/{sha256[:2]}/{sha256}.pdf"
    final = media_path(name)
    final.parent.mkdir(parents=True, exist_ok=True)
    if not final.exists():
        os.chmod(path, 0o644)
        os.replace(path, final)
        placed.append(final)
    return name


def _discard_unreferenced(paths: list[Path]) -> None:
    """Delete files no version points at (a rolled-back upload, a deleted document)."""
    root = Path(settings.MEDIA_ROOT)
    for path in paths:
        name = path.relative_to(root).as_posix()
        if not DocumentVersion.objects.filter(Q(file=name) | Q(reading_file=name)).exists():
            path.unlink(missing_ok=True)


def _create_version(
    actor: Member,
    document: Document,
    info: PdfInfo,
    path: Path,
    original_name: str,
    reading: tuple[Path, str] | None,
    placed: list[Path],
) -> DocumentVersion:
    number = (document.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = DocumentVersion.objects.create(
        document=document,
        number=number,
        file=_place(path, info.sha256, placed),
        original_name=os.path.basename(original_name or "")[:255],
        sha256=info.sha256,
        size=info.size,
        page_count=info.page_count,
        reading_file=_place(reading[0], reading[1], placed) if reading else "",
        reading_sha256=reading[1] if reading else "",
        created_by=actor,
    )
    texts = [normalise(text) for text in info.page_texts]
    DocumentPage.objects.bulk_create(
        DocumentPage(version=version, number=n, text=text, folded=fold(text))
        for n, text in enumerate(texts, start=1)
    )
    return version


def _saving(work):
    """Run `work(placed)` in a durable transaction; if it fails, remove what it placed."""
    placed: list[Path] = []
    try:
        with transaction.atomic(durable=True):
            return work(placed)
    except BaseException:
        _discard_unreferenced(placed)
        raise


# --- services -----------------------------------------------------------------------------


def upload_document(
    actor: Member,
    sitting: Sitting,
    *,
    title: str,
    upload: Any,
    agenda_item_id: int | None = None,
    confidential: bool = False,
) -> Document:
    """Attach a new PDF to the sitting (to one agenda item if given), unpublished."""
    _check_manager(actor, sitting)
    title = (title or "").strip()
    if not title:
        raise ActionRefused(_("A document needs a title."))
    info, path = _inspected(upload)
    reading = _reading_copy(path)

    def work(placed: list[Path]) -> Document:
        locked, _doc = locked_for_change(actor, sitting)
        item = None
        if agenda_item_id is not None:
            item = AgendaItem.objects.filter(pk=agenda_item_id, sitting=locked).first()
            if item is None:
                raise ActionRefused(_("That agenda item is not on this sitting's agenda."))
        last = Document.objects.filter(sitting=locked).aggregate(p=Max("position"))["p"]
        document = Document.objects.create(
            sitting=locked,
            agenda_item=item,
            title=title,
            confidential=confidential,
            position=(last or 0) + 1,
        )
        _create_version(actor, document, info, path, upload.name, reading, placed)
        log_action(
            actor,
            "documents.document.uploaded",
            document,
            {"title": title, "sha256": info.sha256, "pages": info.page_count, "version": 1},
        )
        return document

    try:
        return _saving(work)
    finally:
        path.unlink(missing_ok=True)
        if reading:
            reading[0].unlink(missing_ok=True)


def add_version(actor: Member, document: Document, upload: Any) -> DocumentVersion:
    """Replace the document's file with a new version; earlier versions stay readable."""
    _check_manager(actor, document.sitting)
    info, path = _inspected(upload)
    reading = _reading_copy(path)

    def work(placed: list[Path]) -> DocumentVersion:
        locked, doc = locked_for_change(actor, document.sitting, document)
        if doc.withdrawn:
            raise ActionRefused(_("This document was withdrawn."))
        version = _create_version(actor, doc, info, path, upload.name, reading, placed)
        log_action(
            actor,
            "documents.version.added",
            doc,
            {"version": version.number, "sha256": info.sha256, "pages": info.page_count},
        )
        if doc.published:
            documents_changed(locked, doc.pk, "version")
        return version

    try:
        return _saving(work)
    finally:
        path.unlink(missing_ok=True)
        if reading:
            reading[0].unlink(missing_ok=True)


def _publish(document: Document, now) -> None:
    document.published = True
    document.published_at = now
    document.first_published_at = document.first_published_at or now
    document.save(update_fields=["published", "published_at", "first_published_at"])


@transaction.atomic
def publish_document(actor: Member, document: Document) -> Document:
    locked, doc = locked_for_change(actor, document.sitting, document)
    if doc.withdrawn:
        raise ActionRefused(_("This document was withdrawn."))
    if doc.published:
        return doc
    _publish(doc, timezone.now())
    log_action(actor, "documents.document.published", doc)
    documents_changed(locked, doc.pk, "published")
    return doc


@transaction.atomic
def unpublish_document(actor: Member, document: Document) -> Document:
    locked, doc = locked_for_change(actor, document.sitting, document)
    if not doc.published:
        return doc
    doc.published = False
    doc.save(update_fields=["published"])
    log_action(actor, "documents.document.unpublished", doc)
    documents_changed(locked, doc.pk, "unpublished")
    return doc


@transaction.atomic
def publish_all(actor: Member, sitting: Sitting) -> int:
    """Publish every document of the sitting's agenda that is not yet published."""
    locked, _doc = locked_for_change(actor, sitting)
    pending = list(
        Document.objects.select_for_update()
        .filter(sitting=locked, published=False, withdrawn=False)
        .order_by("pk")
    )
    if not pending:
        raise ActionRefused(_("Every document is already published."))
    now = timezone.now()
    for doc in pending:
        _publish(doc, now)
    log_action(actor, "documents.agenda.published", locked, {"documents": [d.pk for d in pending]})
    documents_changed(locked, None, "published")
    return len(pending)


@transaction.atomic
def unpublish_all(actor: Member, sitting: Sitting) -> int:
    locked, _doc = locked_for_change(actor, sitting)
    ids = list(
        Document.objects.select_for_update()
        .filter(sitting=locked, published=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if not ids:
        raise ActionRefused(_("No document is published."))
    Document.objects.filter(pk__in=ids).update(published=False)
    log_action(actor, "documents.agenda.unpublished", locked, {"documents": ids})
    documents_changed(locked, None, "unpublished")
    return len(ids)


@transaction.atomic
def set_confidential(actor: Member, document: Document, confidential: bool) -> Document:
    locked, doc = locked_for_change(actor, document.sitting, document)
    if doc.confidential == confidential:
        return doc
    doc.confidential = confidential
    doc.save(update_fields=["confidential"])
    log_action(actor, "documents.document.confidential", doc, {"confidential": confidential})
    if doc.published:
        documents_changed(locked, doc.pk, "confidential")
    return doc


@transaction.atomic
def update_document(
    actor: Member, document: Document, *, title: str, agenda_item_id: int | None
) -> Document:
    locked, doc = locked_for_change(actor, document.sitting, document)
    title = (title or "").strip()
    if not title:
        raise ActionRefused(_("A document needs a title."))
    item = None
    if agenda_item_id is not None:
        item = AgendaItem.objects.filter(pk=agenda_item_id, sitting=locked).first()
        if item is None:
            raise ActionRefused(_("That agenda item is not on this sitting's agenda."))
    before = {"title": doc.title, "agenda_item": doc.agenda_item_id}
    doc.title, doc.agenda_item = title, item
    doc.save(update_fields=["title", "agenda_item"])
    log_action(
        actor,
        "documents.document.updated",
        doc,
        {"from": before, "to": {"title": title, "agenda_item": agenda_item_id}},
    )
    if doc.published:
        documents_changed(locked, doc.pk, "updated")
    return doc


@transaction.atomic
def withdraw_document(actor: Member, document: Document) -> Document:
    """Take a document off every tablet for good; it stays in the record with its versions."""
    locked, doc = locked_for_change(actor, document.sitting, document)
    if doc.withdrawn:
        return doc
    was_published = doc.published
    doc.withdrawn, doc.published = True, False
    doc.save(update_fields=["withdrawn", "published"])
    log_action(actor, "documents.document.withdrawn", doc)
    if was_published:
        documents_changed(locked, doc.pk, "withdrawn")
    return doc


@transaction.atomic
def republish_document(actor: Member, document: Document) -> Document:
    """Undo a withdrawal: the document (all its versions) goes back to every tablet."""
    locked, doc = locked_for_change(actor, document.sitting, document)
    if not doc.withdrawn:
        raise ActionRefused(_("This document was not withdrawn."))
    doc.withdrawn = False
    doc.save(update_fields=["withdrawn"])
    _publish(doc, timezone.now())
    log_action(actor, "documents.document.republished", doc)
    documents_changed(locked, doc.pk, "published")
    return doc


@transaction.atomic
def delete_document(actor: Member, document: Document) -> None:
    """Delete a document no tablet has ever received (a wrong upload), files included."""
    _locked, doc = locked_for_change(actor, document.sitting, document)
    if doc.first_published_at is not None:
        raise ActionRefused(
            _("A document that was published is kept for the record; withdraw it instead.")
        )
    paths = [
        media_path(name)
        for v in doc.versions.all()
        for name in (v.file.name, v.reading_file.name)
        if name
    ]
    log_action(actor, "documents.document.deleted", doc, {"title": doc.title})
    doc.delete()
    transaction.on_commit(lambda: _discard_unreferenced(paths))
