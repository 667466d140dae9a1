"""Everything the project does with PDF files, behind a small API.

* ``inspect_pdf``: validate an upload and read its page count, sizes and text.
* ``watermark_pdf``: a copy stamped with the delegate's name, seat and date.
* ``write_annotations_copy``: a copy carrying a delegate's ink, highlights and notes.
* ``check_size``: the size rule, for callers that know the size before saving.

pypdf never runs in the web process. Each call starts ``documents._pdf_worker`` as a child
process with kernel limits on memory, CPU time, file size and forking, and kills it on a
wall-clock timeout: pypdf has a steady stream of denial-of-service reports (infinite
loops, memory exhaustion), and one upload must never take the server down. The writers go
through the same sandbox although their input was already validated: once the helper
exists it costs one interpreter start (~0.2 s), and a file that slipped through inspection
still cannot hurt the server. The drawing code lives in ``documents.pdf_write``.

Failures the uploader can act on raise ``PdfRejected`` with a ``RejectReason`` and a
translatable message. Failures of the sandbox itself (the worker cannot start) raise
``PdfWorkerError``: those are ours, not the file's.

Only ``gettext_lazy`` comes from Django, so this module imports without settings.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from documents import _pdf_worker as worker

MIB = 1024 * 1024

# Defaults sized for the settings' ceilings (100 MB, 2000 pages) with headroom. Memory is
# address space, which runs ahead of resident memory: a bare interpreter with pypdf
# already maps ~45 MB.
INSPECT_TIMEOUT_S = 60.0
INSPECT_MEMORY_MB = 768
WRITE_TIMEOUT_S = 120.0
WRITE_MEMORY_MB = 1024

# At most this many sandboxes at once per web process: each may use its memory limit, and
# a burst of uploads must not add up to more than the machine has. Callers queue.
_SLOTS = threading.BoundedSemaphore(max(2, os.cpu_count() or 2))

# The worker is started as ``-m documents._pdf_worker`` from the directory that holds the
# ``documents`` package.
_PROJECT_ROOT = Path(__file__).resolve().parent.parent


class RejectReason(StrEnum):
    NOT_PDF = "not_pdf"
    EMPTY = "empty"
    TRUNCATED = "truncated"
    DAMAGED = "damaged"
    ENCRYPTED = "encrypted"
    NO_PAGES = "no_pages"
    TOO_MANY_PAGES = "too_many_pages"
    TOO_LARGE = "too_large"
    HOSTILE = "hostile"


MESSAGES = {
    RejectReason.NOT_PDF: _("This file is not a PDF."),
    RejectReason.EMPTY: _("The file is empty."),
    RejectReason.TRUNCATED: _(
        "The PDF is incomplete; the upload may have been interrupted. Please upload it again."
    ),
    RejectReason.DAMAGED: _(
        "The PDF is damaged and cannot be read. Save or export it as PDF again "
        "and upload the new copy."
    ),
    RejectReason.ENCRYPTED: _("The PDF is password-protected. Upload an unprotected copy."),
    RejectReason.NO_PAGES: _("The PDF has no pages."),
    RejectReason.TOO_MANY_PAGES: _("The PDF has %(pages)d pages; the limit is %(limit)d."),
    RejectReason.TOO_LARGE: _("The file is %(size)s MB; the limit is %(limit)s MB."),
    RejectReason.HOSTILE: _(
        "The PDF could not be processed safely: it is too complex or may be malformed. "
        "Print it to a new PDF and upload that copy."
    ),
}

# "%" on a lazy string would translate it at once, which needs settings and the request's
# language; this defers the formatting until the message is rendered.
_interpolate = lazy(lambda template, params: str(template) % params, str)


class PdfRejected(Exception):
    """The file cannot be accepted. ``code`` is a RejectReason; ``message`` is lazy and
    safe to show the secretariat; ``detail`` is technical, for logs only."""

    def __init__(
        self,
        code: RejectReason | str,
        message: Any = None,
        *,
        params: Mapping[str, Any] | None = None,
        detail: str = "",
    ) -> None:
        self.code = RejectReason(code)
        self.params = dict(params or {})
        self.detail = detail
        if message is None:
            template = MESSAGES[self.code]
            message = _interpolate(template, self.params) if self.params else template
        self.message = message
        # str(exc) must not render the lazy message: logging happens outside requests.
        super().__init__(f"{self.code}: {detail}" if detail else str(self.code))


class PdfWorkerError(RuntimeError):
    """The sandbox failed for a reason that is not the file's fault (a server problem)."""


@dataclass(frozen=True)
class PdfInfo:
    sha256: str  # hex digest of the file's bytes
    size: int  # bytes
    page_count: int
    page_texts: list[str]  # one per page, each capped (see text_truncated)
    page_sizes: list[tuple[float, float]]  # (width, height) in points, as displayed
    title: str = ""  # /Title from the document information, "" if none
    text_truncated: bool = False  # some page text was cut at the per-page or total cap


def check_size(size: int, max_bytes: int) -> None:
    """Reject an empty or oversized upload before anything reads it."""
    if size <= 0:
        raise PdfRejected(RejectReason.EMPTY)
    if size > max_bytes:
        raise PdfRejected(
            RejectReason.TOO_LARGE,
            params={"size": f"{size / MIB:.1f}", "limit": f"{max_bytes / MIB:.0f}"},
            detail=f"{size} > {max_bytes} bytes",
        )


def _scan(path: Path, max_bytes: int | None) -> tuple[int, str, bool]:
    """Size, SHA-256 and "ends with %%EOF" of a file, streamed; header checked first.

    The magic bytes are checked here so that a .docx or a photo never costs a process.
    The header must be at offset 0: the spec allows junk before it within 1024 bytes, but
    nothing we expect (scanners, office suites) produces that, and it is a classic way to
    make one file valid in several formats.
    """
    size = path.stat().st_size
    check_size(size, size if max_bytes is None else max_bytes)
    digest = hashlib.sha256()
    tail = b""
    with path.open("rb") as fh:
        head = fh.read(MIB)
        if not head.startswith(b"%PDF-"):
            raise PdfRejected(RejectReason.NOT_PDF, detail=repr(head[:16]))
        chunk = head
        while chunk:
            digest.update(chunk)
            tail = (tail + chunk)[-2048:]
            chunk = fh.read(MIB)
    # Writers end with "%%EOF" (possibly followed by a newline or a few stray bytes); an
    # upload cut short lacks it. Used only to say "truncated" rather than "damaged".
    return size, digest.hexdigest(), b"%%EOF" in tail


def _child_env() -> dict[str, str]:
    """A minimal environment: the child needs to find ``documents`` and pypdf, and
    nothing else, in particular none of the web process's secrets."""
    paths = [str(_PROJECT_ROOT), os.environ.get("PYTHONPATH", "")]
    env = {"PYTHONPATH": os.pathsep.join(p for p in paths if p), "LC_ALL": "C.UTF-8"}
    if "PATH" in os.environ:
        env["PATH"] = os.environ["PATH"]
    return env


def _run_worker(
    request: dict[str, Any], *, timeout_s: float, memory_mb: int, fsize_mb: int
) -> dict[str, Any]:
    """Run one request in a fresh sandboxed child and return its result."""
    limits = {"memory_mb": memory_mb, "cpu_s": timeout_s + 1, "fsize_mb": fsize_mb}
    payload = json.dumps({**request, "limits": limits}).encode()
    # stderr goes to a file, not a pipe: it is read only on failure, and the child's
    # RLIMIT_FSIZE bounds it too.
    with _SLOTS, tempfile.TemporaryFile() as errors:
        proc = subprocess.Popen(
            [sys.executable, "-m", "documents._pdf_worker"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=errors,
            cwd=_PROJECT_ROOT,
            env=_child_env(),
            start_new_session=True,  # not in the server's process group: no stray signals
        )
        try:
            out, _unused = proc.communicate(payload, timeout=timeout_s)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.communicate()
            raise PdfRejected(
                RejectReason.HOSTILE, detail=f"killed after {timeout_s:g} s wall clock"
            ) from None
        except BaseException:
            proc.kill()
            proc.wait()
            raise
        if proc.returncode != 0:
            errors.seek(max(0, errors.seek(0, os.SEEK_END) - 4096))
            _raise_for_exit(proc.returncode, errors.read().decode("utf-8", "replace"))
    try:
        response = json.loads(out)
    except ValueError as exc:
        raise PdfWorkerError(f"unreadable answer from the PDF worker: {out[:200]!r}") from exc
    if response["ok"]:
        return response["result"]
    if response["code"] == worker.BAD_REQUEST:
        raise ValueError(response.get("detail", "bad request"))
    raise PdfRejected(
        response["code"], params=response.get("params"), detail=response.get("detail", "")
    )


def _raise_for_exit(returncode: int, stderr_tail: str) -> None:
    if returncode < 0:  # a signal: SIGXCPU/SIGKILL from the CPU limit, a crash
        try:
            name = signal.Signals(-returncode).name
        except ValueError:
            name = str(-returncode)
        raise PdfRejected(RejectReason.HOSTILE, detail=f"worker killed by {name}")
    if returncode == worker.EXIT_OUT_OF_MEMORY or re.search(
        r"\b(MemoryError|RecursionError)\b", stderr_tail
    ):
        raise PdfRejected(
            RejectReason.HOSTILE, detail=f"worker exited with {returncode}: {stderr_tail[-500:]}"
        )
    raise PdfWorkerError(f"PDF worker exited with status {returncode}: {stderr_tail[-2000:]}")


def inspect_pdf(
    path: str | os.PathLike[str],
    *,
    max_pages: int,
    timeout_s: float = INSPECT_TIMEOUT_S,
    memory_mb: int = INSPECT_MEMORY_MB,
    max_bytes: int | None = None,
) -> PdfInfo:
    """Validate the PDF at ``path`` and describe it, or raise PdfRejected.

    Cheap checks (size, magic bytes) and the SHA-256 happen here; parsing happens in the
    sandbox. Every page's text is extracted there, which also proves that each content
    stream decodes within the limits.
    """
    file = Path(path).resolve()
    size, sha256, ends_with_eof = _scan(file, max_bytes)
    request = {"op": "inspect", "path": str(file), "max_pages": max_pages}
    try:
        # fsize 1 MB: the inspector writes no files; this only bounds its stderr.
        result = _run_worker(request, timeout_s=timeout_s, memory_mb=memory_mb, fsize_mb=1)
    except PdfRejected as exc:
        if exc.code is RejectReason.DAMAGED and not ends_with_eof:
            raise PdfRejected(RejectReason.TRUNCATED, detail=exc.detail) from exc
        raise
    return PdfInfo(
        sha256=sha256,
        size=size,
        page_count=result["page_count"],
        page_texts=list(result["page_texts"]),
        page_sizes=[(float(w), float(h)) for w, h in result["page_sizes"]],
        title=result["title"],
        text_truncated=result["text_truncated"],
    )


def _write_copy(
    op: str,
    src_path: str | os.PathLike[str],
    dest_path: str | os.PathLike[str],
    extra: dict[str, Any],
    *,
    timeout_s: float,
    memory_mb: int,
) -> dict[str, Any]:
    """Have the worker write into a temporary file beside ``dest_path``, then rename it:
    readers never see a half-written PDF, and a failure leaves nothing behind."""
    src, dest = Path(src_path).resolve(), Path(dest_path).resolve()
    # The copy may grow (pypdf unpacks object streams): room for 3x, plus some.
    fsize_mb = math.ceil(3 * src.stat().st_size / MIB) + 64
    fd, tmp = tempfile.mkstemp(dir=dest.parent, prefix=f".{dest.name}.", suffix=".part")
    os.close(fd)
    try:
        request = {"op": op, "src": str(src), "dest": tmp, **extra}
        result = _run_worker(request, timeout_s=timeout_s, memory_mb=memory_mb, fsize_mb=fsize_mb)
        if result.get("made") is False:
            Path(tmp).unlink(missing_ok=True)
            return result
        os.chmod(tmp, 0o644)  # mkstemp makes 0600; match Django's FILE_UPLOAD_PERMISSIONS
        os.replace(tmp, dest)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return result


def watermark_pdf(
    src_path: str | os.PathLike[str],
    dest_path: str | os.PathLike[str],
    lines: Sequence[str],
    *,
    timeout_s: float = WRITE_TIMEOUT_S,
    memory_mb: int = WRITE_MEMORY_MB,
) -> None:
    """Write a copy of ``src_path`` with ``lines`` stamped diagonally across every page.

    Vietnamese is stamped as written, in an embedded font subset (``stamp_font``); only
    where no such font is installed is it folded to ASCII (``pdf_write.stamp_ascii``).
    """
    _write_copy(
        "watermark",
        src_path,
        dest_path,
        {"lines": [str(line) for line in lines]},
        timeout_s=timeout_s,
        memory_mb=memory_mb,
    )


def make_reading_copy(
    src_path: str | os.PathLike[str],
    dest_path: str | os.PathLike[str],
    *,
    timeout_s: float = WRITE_TIMEOUT_S,
    memory_mb: int = WRITE_MEMORY_MB,
) -> str:
    """Write the copy tablets read (see ``_pdf_worker.reading_copy``) at ``dest_path``.

    Returns "" when it was written, else why not ("signed", "encrypted", "linearized",
    "layout"): the original is then what tablets read. A file with active content always
    gets a copy, stripped (documents/pdf_active.py), whatever it is.
    """
    result = _write_copy(
        "reading_copy", src_path, dest_path, {}, timeout_s=timeout_s, memory_mb=memory_mb
    )
    return "" if result.get("made") else str(result.get("reason") or "unknown")


_COLOR = re.compile(r"#[0-9a-fA-F]{6}")


def _number(value: Any, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValueError(f"{what}: expected a finite number, got {value!r}")
    return float(value)


def _points(values: Any, count: int, what: str) -> list[float]:
    if not isinstance(values, list | tuple) or len(values) != count:
        raise ValueError(f"{what}: expected {count} numbers, got {values!r}")
    return [_number(v, what) for v in values]


def normalize_annotation(item: Mapping[str, Any]) -> dict[str, Any]:
    """Check one annotation from the tablet and return the plain dict the worker expects.

    Raises ValueError with a technical message: this is the client's contract, not
    something the user typed.
    """
    page, kind, color = item.get("page"), item.get("kind"), item.get("color")
    if isinstance(page, bool) or not isinstance(page, int) or page < 1:
        raise ValueError(f"page: expected a 1-based page number, got {page!r}")
    if not isinstance(color, str) or not _COLOR.fullmatch(color):
        raise ValueError(f"color: expected #rrggbb, got {color!r}")
    out: dict[str, Any] = {"page": page, "kind": kind, "color": color.lower()}
    if isinstance(item.get("author"), str):
        out["author"] = item["author"]
    if kind == "ink":
        strokes = item.get("strokes")
        if not isinstance(strokes, list | tuple) or not strokes:
            raise ValueError("strokes: expected a non-empty list of strokes")
        out["strokes"] = []
        for stroke in strokes:
            if not isinstance(stroke, list | tuple) or not stroke:
                raise ValueError("strokes: a stroke needs at least one point")
            out["strokes"].append([_points(p, 2, "stroke point") for p in stroke])
        width = _number(item.get("width"), "width")
        if not 0 < width <= 1:
            raise ValueError(f"width: expected a fraction of the page width, got {width!r}")
        out["width"] = width
    elif kind == "highlight":
        rects = item.get("rects")
        if not isinstance(rects, list | tuple) or not rects:
            raise ValueError("rects: expected a non-empty list of [x, y, w, h]")
        out["rects"] = []
        for rect in rects:
            x, y, w, h = _points(rect, 4, "rect")
            # A rectangle dragged up or left arrives with a negative size.
            out["rects"].append([min(x, x + w), min(y, y + h), abs(w), abs(h)])
    elif kind == "note":
        out["x"], out["y"] = _number(item.get("x"), "x"), _number(item.get("y"), "y")
        if not isinstance(item.get("text"), str):
            raise ValueError("text: expected a string")
        out["text"] = item["text"]
    else:
        raise ValueError(f"kind: expected ink, highlight or note, got {kind!r}")
    return out


def write_annotations_copy(
    src_path: str | os.PathLike[str],
    dest_path: str | os.PathLike[str],
    annotations: Sequence[Mapping[str, Any]],
    *,
    author: str = "",
    timeout_s: float = WRITE_TIMEOUT_S,
    memory_mb: int = WRITE_MEMORY_MB,
) -> int:
    """Write a copy of ``src_path`` carrying ``annotations`` as real PDF annotations.

    Each annotation is a dict with "page" (1-based), "kind" ("ink", "highlight" or
    "note"), "color" ("#rrggbb") and, optionally, "author" (else ``author``), plus:
    ink "strokes" [[[x, y], ...], ...] and "width"; highlight "rects" [[x, y, w, h], ...];
    note "x", "y", "text". Coordinates are fractions of the page as displayed, from its
    top-left corner, as the browser draws; ``pdf_write.PageGeometry`` converts them to PDF
    user space, honouring the CropBox origin and /Rotate. Returns how many were written.
    Raises ValueError for a malformed annotation or a page the document does not have.
    """
    items = [normalize_annotation(item) for item in annotations]
    result = _write_copy(
        "annotate",
        src_path,
        dest_path,
        {"annotations": items, "author": str(author)},
        timeout_s=timeout_s,
        memory_mb=memory_mb,
    )
    return int(result["written"])


GLYPHS_TIMEOUT_S = 60.0
GLYPHS_MEMORY_MB = 768


def extract_glyphs(
    path: str | os.PathLike[str],
    *,
    timeout_s: float = GLYPHS_TIMEOUT_S,
    memory_mb: int = GLYPHS_MEMORY_MB,
) -> list[dict[str, str]]:
    """Each page's characters and their boxes, in the sandbox (see ``documents._glyphs``).

    For annotations anchored to words. The file was validated at upload; a failure here
    raises PdfRejected or PdfWorkerError like the other calls.
    """
    file = Path(path).resolve()
    request = {"op": "glyphs", "path": str(file)}
    result = _run_worker(request, timeout_s=timeout_s, memory_mb=memory_mb, fsize_mb=1)
    return [{"text": str(p["text"]), "boxes": str(p["boxes"])} for p in result["pages"]]
