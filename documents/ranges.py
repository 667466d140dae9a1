"""Serve content-addressed files with HTTP Range support (RFC 9110 §13-14).

Why not ``FileResponse``: it ignores ``Range``, and under ASGI (Daphne) Django drains a sync
file iterator completely into memory before sending it. pdf.js only loads pages lazily when
the response says ``Accept-Ranges: bytes`` and is not compressed, so we do both ourselves.

Files are content-addressed: the ETag is the document's SHA-256, so the bytes behind a
given ETag never change. That is why a strong ETag, ``immutable`` caching and an ETag-only
``If-Range`` are sound, and why no ``Last-Modified`` is sent.
"""

from __future__ import annotations

import asyncio
import enum
import os
import re
import secrets
from collections.abc import AsyncIterator, Iterator, Sequence
from pathlib import Path
from typing import BinaryIO, Final

from django.core.handlers.asgi import ASGIRequest
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    HttpResponseNotAllowed,
    HttpResponseNotModified,
    StreamingHttpResponse,
)
from django.utils.http import content_disposition_header, parse_etags, quote_etag

# More range-specs than this and we ignore the header and send the whole file (RFC 9110
# §14.2 allows ignoring Range): many tiny ranges make cheap requests for costly responses.
MAX_RANGES: Final = 16
# "no-transform" asks proxies/CDNs not to recompress: a gzipped body breaks byte offsets.
DEFAULT_CACHE_CONTROL: Final = "private, max-age=31536000, immutable, no-transform"

_RANGE_SPEC = re.compile(r"([0-9]*)-([0-9]*)")


class Unsatisfiable(enum.Enum):
    """Sentinel type: the Range header is valid, but no range overlaps the file (-> 416)."""

    UNSATISFIABLE = enum.auto()


UNSATISFIABLE: Final = Unsatisfiable.UNSATISFIABLE
# A response body plan: literal bytes (multipart headers) or inclusive (first, last) spans.
type _Plan = Sequence[bytes | tuple[int, int]]


def parse_range_header(header: str, size: int) -> list[tuple[int, int]] | Unsatisfiable | None:
    """Parse a ``Range`` header into sorted, coalesced, inclusive ``(first, last)`` spans.

    ``None`` means "ignore the header, send the whole file": another unit, bad syntax, more
    than MAX_RANGES specs, or an empty file (nothing a range could select; 200 beats 416).
    ``UNSATISFIABLE`` means every spec starts past the end (or is ``-0``): answer 416.
    """
    unit, sep, spec_list = header.partition("=")
    if not sep or unit.strip().lower() != "bytes" or size <= 0:
        return None
    # RFC 9110 §5.6.1: recipients ignore empty list elements ("bytes=0-1,,5-6").
    specs = [spec.strip() for spec in spec_list.split(",") if spec.strip()]
    if not specs or len(specs) > MAX_RANGES:
        return None
    spans: list[tuple[int, int]] = []
    try:
        for spec in specs:
            match = _RANGE_SPEC.fullmatch(spec)  # [0-9], not \d: "²".isdigit() is True
            if match is None:
                return None
            first_text, last_text = match.groups()
            if first_text:  # "a-b" or "a-"
                first = int(first_text)
                last = int(last_text) if last_text else size - 1
                if last_text and last < first:
                    return None  # syntactically invalid (§14.1.1), not merely unsatisfiable
                if first < size:
                    spans.append((first, min(last, size - 1)))
            elif last_text:  # "-n": the final n bytes, the whole file if it is shorter
                if suffix := int(last_text):
                    spans.append((max(size - suffix, 0), size - 1))
            else:
                return None  # a bare "-"
    except ValueError:  # int() refuses > 4300 digits; that is abuse, not a real client
        return None
    if not spans:
        return UNSATISFIABLE
    # §14.6 lets a server coalesce overlapping ranges regardless of their order; adjacent
    # ones are merged too, since a separate part would only add multipart overhead.
    spans.sort()
    merged = [spans[0]]
    for first, last in spans[1:]:
        prev_first, prev_last = merged[-1]
        if first <= prev_last + 1:
            merged[-1] = (prev_first, max(prev_last, last))
        else:
            merged.append((first, last))
    return merged


def serve_file(
    request: HttpRequest,
    path: str | Path,
    *,
    content_type: str,
    etag: str,
    filename: str | None = None,
    cache_control: str = DEFAULT_CACHE_CONTROL,
    chunk_size: int = 64 * 1024,
) -> HttpResponseBase:
    """Answer GET/HEAD for ``path`` with Range, If-Range and If-None-Match support.

    ``etag`` is the bare SHA-256 hex (quoted here). ``If-Range`` is honoured only with that
    exact strong ETag; an HTTP-date never matches since we send no Last-Modified, so such a
    request gets the full 200 - always correct, merely less efficient. If-Match and
    If-(Un)Modified-Since are not evaluated. The body is never compressed by us: do not
    add GZipMiddleware (it would gzip this stream and drop Content-Length).
    """
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    try:
        size = os.stat(path).st_size
    except FileNotFoundError as exc:
        raise Http404("Document file is missing") from exc
    tag = quote_etag(etag)
    headers = {"ETag": tag, "Cache-Control": cache_control}

    # §13.2.2: If-None-Match comes before Range, with weak comparison.
    if_none_match = parse_etags(request.headers.get("If-None-Match", ""))
    if "*" in if_none_match or tag in (t.removeprefix("W/") for t in if_none_match):
        return HttpResponseNotModified(headers=headers)

    headers["Accept-Ranges"] = "bytes"
    if filename and (disposition := content_disposition_header(False, filename)):
        headers["Content-Disposition"] = disposition
    ranges = None
    range_header = request.headers.get("Range")
    if_range = (request.headers.get("If-Range") or "").strip() or None
    # §14.2: GET is the only method with range semantics, so HEAD describes the full 200.
    # §13.1.5: If-Range needs a strong, exact match, so "W/<tag>" does not match either.
    if request.method == "GET" and range_header and if_range in (None, tag):
        ranges = parse_range_header(range_header, size)

    if ranges is UNSATISFIABLE:
        # no-store: with the long max-age a cache could otherwise keep this 416 for a year.
        headers.update({"Content-Range": f"bytes */{size}", "Cache-Control": "no-store"})
        return HttpResponse(status=416, content_type="text/plain", headers=headers)

    plan: _Plan
    if not ranges:
        status, plan = 200, [(0, size - 1)]
    elif len(ranges) == 1:
        first, last = ranges[0]
        status, plan = 206, ranges
        headers["Content-Range"] = f"bytes {first}-{last}/{size}"
    else:
        boundary = secrets.token_hex(16)
        status, plan = 206, _multipart_plan(ranges, size, content_type, boundary)
        content_type = f"multipart/byteranges; boundary={boundary}"
    length = sum(len(p) if isinstance(p, bytes) else p[1] - p[0] + 1 for p in plan)

    if request.method == "HEAD":
        response: HttpResponseBase = HttpResponse(content_type=content_type, headers=headers)
    else:
        # Under ASGI an async iterator streams chunk by chunk; a sync one would be drained
        # into memory (with a warning). Under WSGI/the test client, the reverse holds.
        stream = (_aread if isinstance(request, ASGIRequest) else _read)(path, plan, chunk_size)
        response = StreamingHttpResponse(
            stream, status=status, content_type=content_type, headers=headers
        )
    response["Content-Length"] = str(length)
    return response


def _multipart_plan(
    ranges: list[tuple[int, int]], size: int, content_type: str, boundary: str
) -> _Plan:
    """Lay out a multipart/byteranges body (RFC 9110 §14.6) as bytes and spans."""
    plan: list[bytes | tuple[int, int]] = []
    for index, (first, last) in enumerate(ranges):
        # The CRLF ending each part's data belongs to the next delimiter (RFC 2046 §5.1.1).
        part_head = (
            f"--{boundary}\r\n"
            f"Content-Type: {content_type}\r\n"
            f"Content-Range: bytes {first}-{last}/{size}\r\n\r\n"
        ).encode("latin-1")
        plan += [part_head if index == 0 else b"\r\n" + part_head, (first, last)]
    plan.append(f"\r\n--{boundary}--\r\n".encode("latin-1"))
    return plan


def _steps(plan: _Plan, chunk_size: int) -> Iterator[bytes | tuple[int, int]]:
    """Yield literal bytes, or ``(offset, count)`` reads of at most ``chunk_size`` bytes."""
    for part in plan:
        if isinstance(part, bytes):
            yield part
        else:
            first, last = part
            for offset in range(first, last + 1, chunk_size):
                yield offset, min(chunk_size, last + 1 - offset)


def _read_at(file: BinaryIO, offset: int, count: int) -> bytes:
    file.seek(offset)
    data = file.read(count)
    if len(data) != count:  # we promised Content-Length; a short body must fail loudly
        raise OSError(f"{file.name} shrank while being served")
    return data


def _read(path: str | Path, plan: _Plan, chunk_size: int) -> Iterator[bytes]:
    with open(path, "rb") as file:
        for step in _steps(plan, chunk_size):
            yield step if isinstance(step, bytes) else _read_at(file, *step)


async def _aread(path: str | Path, plan: _Plan, chunk_size: int) -> AsyncIterator[bytes]:
    # Disk I/O goes to a thread: this Daphne process also carries the live-vote WebSockets,
    # and a read from a cold disk or network volume would stall all of them. One thread
    # hop per 64 KiB costs microseconds, far below the network time for that chunk.
    file = await asyncio.to_thread(open, path, "rb")
    try:
        for step in _steps(plan, chunk_size):
            if isinstance(step, bytes):
                yield step
            else:
                yield await asyncio.to_thread(_read_at, file, *step)
    finally:
        file.close()
