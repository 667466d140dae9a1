"""The sandboxed child process in which pypdf touches uploaded PDFs.

Run as ``python -m documents._pdf_worker``; ``documents.pdf`` starts it and is the only
caller. Protocol: one JSON request on stdin, one JSON response on stdout, exit status 0.
Any other exit (killed by a signal, MemoryError before the answer could be written) means
the file exhausted its limits.

Why a process: pypdf has a steady stream of denial-of-service reports (infinite loops,
quadratic parsing, memory blow-ups). Inside this process the kernel enforces the limits
below; in the web process nothing could stop a runaway parse short of killing the server.
The parent also kills us on a wall-clock timeout.

Deliberately imports neither Django nor ``documents.pdf``: startup stays fast, and the
settings (with their secrets) are never loaded next to hostile input.
"""

from __future__ import annotations

import errno
import io
import json
import logging
import math
import os
import resource
import sys
import warnings
from typing import Any, BinaryIO

# Codes shared with documents.pdf.RejectReason (a test checks they stay in step).
EMPTY, DAMAGED, ENCRYPTED, NO_PAGES, TOO_MANY_PAGES, HOSTILE = (
    "empty",
    "damaged",
    "encrypted",
    "no_pages",
    "too_many_pages",
    "hostile",
)
BAD_REQUEST = "bad_request"  # our caller's mistake (e.g. annotation on page 9 of 3)

# Built before any limit bites, so it can still be written when memory has run out.
_OUT_OF_MEMORY = b'{"ok": false, "code": "hostile", "detail": "MemoryError"}'
EXIT_OUT_OF_MEMORY = 3

# Text is for search and previews, not for reproducing the document: past these caps the
# rest is dropped, which also bounds the size of our answer on stdout.
DEFAULT_TEXT_CHARS_PER_PAGE = 20_000
DEFAULT_TEXT_CHARS_TOTAL = 5_000_000


def apply_limits(memory_mb: int, cpu_s: float, fsize_mb: int) -> None:
    """Kernel-enforced ceilings for this process (and anything it might start).

    RLIMIT_AS: address space, so a decompression bomb raises MemoryError instead of
    swapping the server to death. RLIMIT_CPU: the soft limit sends SIGXCPU, the hard one
    SIGKILL; a backstop for the parent's wall-clock timeout, which dies with the parent.
    RLIMIT_FSIZE: output files cannot fill the disk (Python ignores SIGXFSZ, so an
    oversized write fails with EFBIG). RLIMIT_NOFILE, RLIMIT_CORE: no fd hoarding, no core
    dumps of hostile data. RLIMIT_NPROC 0: this process may not fork, so nothing (such as
    pypdf's optional jbig2dec helper) can escape the limits; it does not bind root.
    """
    cpu = max(1, math.ceil(cpu_s))
    limits = {
        resource.RLIMIT_AS: memory_mb * 1024 * 1024,
        resource.RLIMIT_CPU: (cpu, cpu + 1),
        resource.RLIMIT_FSIZE: fsize_mb * 1024 * 1024,
        resource.RLIMIT_NOFILE: 64,
        resource.RLIMIT_CORE: 0,
        resource.RLIMIT_NPROC: 0,
    }
    for which, value in limits.items():
        soft, hard = value if isinstance(value, tuple) else (value, value)
        _, current_hard = resource.getrlimit(which)
        if current_hard != resource.RLIM_INFINITY:  # may only lower a hard limit
            soft, hard = min(soft, current_hard), min(hard, current_hard)
        resource.setrlimit(which, (soft, hard))


class Rejected(Exception):
    def __init__(self, code: str, detail: str = "", **params: int) -> None:
        super().__init__(detail)
        self.code, self.detail, self.params = code, detail, params


def classify(exc: BaseException) -> str:
    """Map an exception from pypdf to a reason code.

    pypdf wraps some failures (a RecursionError from a nesting bomb becomes
    "PdfReadError: Error reading PDF file"), so the whole cause chain is inspected.
    Anything unforeseen on a file that passed the magic-bytes check is "damaged": pypdf
    documents that broken files may raise arbitrary exceptions.
    """
    from pypdf.errors import EmptyFileError, FileNotDecryptedError, LimitReachedError

    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and len(chain) < 20:
        chain.append(current)
        current = current.__cause__ or current.__context__
    if any(
        isinstance(e, LimitReachedError | RecursionError | MemoryError)
        or (isinstance(e, OSError) and e.errno == errno.EFBIG)
        for e in chain
    ):
        return HOSTILE
    if any(isinstance(e, FileNotDecryptedError) for e in chain):
        return ENCRYPTED
    if any(isinstance(e, EmptyFileError) for e in chain):
        return EMPTY
    return DAMAGED


def _clean(text: str, limit: int) -> str:
    """Text safe to store: no lone surrogates (from broken ToUnicode maps; PostgreSQL and
    UTF-8 reject them) and no NUL characters (PostgreSQL text cannot hold them)."""
    text = text[:limit].encode("utf-8", "replace").decode("utf-8")
    return text.replace("\x00", "")


def inspect(request: dict[str, Any]) -> dict[str, Any]:
    from pypdf import PasswordType, PdfReader

    # strict=False: tolerate the small defects real-world producers leave (pdf.js does
    # too); a broken xref table is rebuilt by scanning for objects.
    reader = PdfReader(request["path"], strict=False)
    if reader.is_encrypted and reader.decrypt("") == PasswordType.NOT_DECRYPTED:
        # Encrypted with an empty user password (permissions only) opens like any PDF and
        # is accepted; needing a real password to open is not.
        raise Rejected(ENCRYPTED)
    page_count = len(reader.pages)
    if page_count == 0:
        raise Rejected(NO_PAGES)
    limit = int(request["max_pages"])
    if page_count > limit:  # before extracting any text: this is the cheap check
        raise Rejected(TOO_MANY_PAGES, pages=page_count, limit=limit)

    per_page = int(request.get("max_text_chars", DEFAULT_TEXT_CHARS_PER_PAGE))
    budget = int(request.get("max_text_chars_total", DEFAULT_TEXT_CHARS_TOTAL))
    texts, sizes, truncated = [], [], False
    for page in reader.pages:
        box = page.cropbox
        width, height = abs(float(box.width)), abs(float(box.height))
        if int(page.rotation) % 180 == 90:
            width, height = height, width
        sizes.append((round(width, 2), round(height, 2)))
        # Always extract, even past the budget: the point is also to prove that every
        # page's content stream can be decoded and parsed within the limits, so that the
        # watermark (which re-parses it) cannot fail later.
        text = page.extract_text()
        truncated = truncated or len(text) > per_page or len(text) > budget
        text = _clean(text, min(per_page, budget))
        budget -= len(text)
        texts.append(text)

    title = ""
    try:
        metadata = reader.metadata
        title = _clean(str(metadata.title or ""), 500).strip() if metadata else ""
    except Exception:  # noqa: S110 - a broken /Info dictionary is not fatal
        pass
    return {
        "page_count": page_count,
        "page_texts": texts,
        "page_sizes": sizes,
        "text_truncated": truncated,
        "title": title,
    }


def watermark(request: dict[str, Any]) -> dict[str, Any]:
    from documents.pdf_write import watermark as stamp

    page_count = stamp(request["src"], request["dest"], request["lines"])
    # pypdf writes each page beside its images; re-lay the stamped copy as the reading
    # copies are, so that a confidential document opens as fast as any other.
    with open(request["dest"], "rb") as fh:
        laid = _laid_out(fh.read())
    if laid is not None:
        with open(request["dest"], "wb") as fh:
            fh.write(laid)
    return {"page_count": page_count}


def _laid_out(data: bytes) -> bytes | None:
    from documents.pdf_layout import LayoutError, relayout

    try:
        return relayout(data).data
    except LayoutError:
        return None


def _keeps_its_bytes(reader: Any, head: bytes, size: int) -> str:
    """Why the original should be served as it is ("" if a reading copy may be made)."""
    from documents.pdf_active import is_linearized

    if reader.is_encrypted:
        return "encrypted"  # a rewrite would drop the owner's permissions
    if is_linearized(head, size):
        return "linearized"  # pdf.js already shows page 1 from the first chunk
    form = reader.trailer["/Root"].get("/AcroForm")
    if form is not None:
        form = form.get_object()
        fields = form.get("/Fields") or []
        if int(form.get("/SigFlags", 0) or 0) or any(
            field.get_object().get("/FT") == "/Sig" for field in fields
        ):
            return "signed"  # a signature covers the original bytes; keep them
    return ""


def reading_copy(request: dict[str, Any]) -> dict[str, Any]:
    """Write the PDF again without active content, page tree and small objects first.

    The original stays the legal record; this copy is what tablets read. A file that should
    be served as uploaded (signed, encrypted, linearized) is, unless it carries active
    content (documents/pdf_active.py): then tablets get this stripped copy too. Nothing is
    written when the original may be kept, or when a clean rewrite is not in the simple
    form ``documents.pdf_layout`` re-lays.
    """
    from pypdf import PdfReader, PdfWriter

    from documents.pdf_active import findings, strip

    with open(request["src"], "rb") as fh:
        head = fh.read(1024)
        size = fh.seek(0, io.SEEK_END)
    reader = PdfReader(request["src"], strict=False)
    reason = _keeps_its_bytes(reader, head, size)
    if reader.is_encrypted:
        reader.decrypt("")  # inspect() accepted it: it opens with the empty password
    active = findings(reader.trailer)
    if reason and not active:
        return {"made": False, "reason": reason}
    writer = PdfWriter(clone_from=reader)
    strip(writer)
    written = io.BytesIO()
    writer.write(written)
    laid = _laid_out(written.getvalue())
    if laid is None and not active:
        return {"made": False, "reason": "layout"}
    data = laid if laid is not None else written.getvalue()
    with open(request["dest"], "wb") as fh:
        fh.write(data)
    return {"made": True, "size": len(data), "stripped": active}


def annotate(request: dict[str, Any]) -> dict[str, Any]:
    from documents.pdf_write import PageOutOfRangeError, write_annotations

    try:
        count = write_annotations(
            request["src"], request["dest"], request["annotations"], request["author"]
        )
    except PageOutOfRangeError as exc:
        raise Rejected(BAD_REQUEST, str(exc)) from exc
    return {"written": count}


OPERATIONS = {
    "inspect": inspect,
    "watermark": watermark,
    "annotate": annotate,
    "reading_copy": reading_copy,
}


def glyphs(request: dict[str, Any]) -> dict[str, Any]:
    """Every page's characters and their boxes (``documents._glyphs``), for annotations."""
    from documents import _glyphs

    per_page = int(request.get("max_chars", _glyphs.DEFAULT_CHARS_PER_PAGE))
    total = int(request.get("max_chars_total", _glyphs.DEFAULT_CHARS_TOTAL))
    return {"pages": _glyphs.extract(request["path"], per_page, total)}


OPERATIONS["glyphs"] = glyphs


def handle(request: dict[str, Any]) -> dict[str, Any]:
    try:
        return {"ok": True, "result": OPERATIONS[request["op"]](request)}
    except Rejected as exc:
        return {"ok": False, "code": exc.code, "params": exc.params, "detail": exc.detail}
    except MemoryError:
        raise
    except Exception as exc:  # every failure becomes a reason code
        return {"ok": False, "code": classify(exc), "detail": f"{type(exc).__name__}: {exc}"[:500]}


def main(stdin: BinaryIO, stdout: BinaryIO) -> int:
    request = json.loads(stdin.read())
    limits = request["limits"]
    apply_limits(limits["memory_mb"], limits["cpu_s"], limits["fsize_mb"])
    # pypdf reports recoverable defects through logging and warnings; on a hostile file
    # that can be millions of lines. Nobody reads them here: silence both.
    logging.disable(logging.CRITICAL)
    warnings.simplefilter("ignore")
    from pypdf import overwrite_configuration

    # Never run external decoders (jbig2dec) on untrusted data.
    overwrite_configuration(jbig2dec_binary=None)
    try:
        payload = json.dumps(handle(request), ensure_ascii=False).encode("utf-8", "replace")
    except MemoryError:
        # The answer is written after this block: leaving it drops the traceback, and with
        # it the frames that still hold the parsed document.
        payload = _OUT_OF_MEMORY
    stdout.write(payload)
    stdout.flush()
    return 0


if __name__ == "__main__":
    # Keep stdout for the answer alone: anything printed by a library goes to stderr.
    answer_to = sys.stdout.buffer
    sys.stdout = sys.stderr
    try:
        status = main(sys.stdin.buffer, answer_to)
    except MemoryError:
        os._exit(EXIT_OUT_OF_MEMORY)
    sys.exit(status)
