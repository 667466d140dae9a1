"""A version's text with glyph boxes: read once from the PDF in the sandbox, then kept.

Read lazily, the first time a mark on the version is saved or carried, rather than at
upload: the documents service (and its upload request) stays as it is, and a version
nobody annotates never costs the extraction. Versions are immutable, so the built
``DocText`` of the last few versions is kept in memory too.
"""

import base64
import logging
from collections import OrderedDict
from threading import Lock

from django.db import IntegrityError, transaction

from annotations import reanchor
from annotations.models import PageGlyphs
from annotations.textmap import DocText, decode_boxes
from documents.models import DocumentVersion
from documents.pdf import PdfRejected, PdfWorkerError, extract_glyphs
from documents.services import media_path

logger = logging.getLogger(__name__)

_CACHE_SIZE = 8
# Keyed by id and SHA-256: an id alone could name another file after a rolled-back test.
_cache: "OrderedDict[tuple[int, str], DocText]" = OrderedDict()
_lock = Lock()


def _stored(version_id: int) -> list[tuple[str, bytes]] | None:
    rows = list(
        PageGlyphs.objects.filter(version_id=version_id)
        .order_by("number")
        .values_list("text", "boxes")
    )
    return [(text, bytes(boxes)) for text, boxes in rows] if rows else None


def _extract(version: DocumentVersion) -> list[tuple[str, bytes]] | None:
    path = media_path(version.file.name)
    if not version.file.name or not path.is_file():
        return None
    try:
        pages = extract_glyphs(path)
    except (PdfRejected, PdfWorkerError, OSError):
        # The file was accepted at upload; if PDFium cannot read it now, marks fall back
        # to following their page (flagged), which is what they did before words.
        logger.exception("glyphs of version %s could not be read", version.pk)
        return None
    rows = [(p["text"], base64.b64decode(p["boxes"])) for p in pages]
    try:
        with transaction.atomic():
            PageGlyphs.objects.bulk_create(
                [
                    PageGlyphs(version=version, number=n, text=text, boxes=boxes)
                    for n, (text, boxes) in enumerate(rows, start=1)
                ]
            )
    except IntegrityError:
        pass  # another request stored them first: the same bytes
    return rows


def doc_text(version: DocumentVersion) -> DocText | None:
    """The version's DocText, or None when its glyphs cannot be read."""
    key = (version.pk, version.sha256)
    with _lock:
        cached = _cache.get(key)
        if cached is not None:
            _cache.move_to_end(key)
            return cached
    rows = _stored(version.pk) or _extract(version)
    if rows is None:
        return None
    built = DocText.build((text, decode_boxes(boxes)) for text, boxes in rows)
    with _lock:
        _cache[key] = built
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return built


def selectors_for(version: DocumentVersion, page: int, data: dict) -> list[dict]:
    """The selectors of a text-bound mark as saved: the words under its rectangles."""
    if not reanchor.is_text_bound(data):
        return []
    doc = doc_text(version)
    return reanchor.selectors_for(doc, page, data) if doc is not None else []
