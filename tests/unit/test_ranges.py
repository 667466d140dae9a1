"""HTTP Range serving for pdf.js (documents.ranges).

Runs with or without pytest-django: these tests need no database and no project settings,
so when nothing configured Django (``-p no:django``) a minimal configuration is used.
"""

from __future__ import annotations

import itertools
import os
import random
from pathlib import Path

import pytest
from django.conf import settings

if not settings.configured and "DJANGO_SETTINGS_MODULE" not in os.environ:
    settings.configure(DEFAULT_CHARSET="utf-8")

from django.http import Http404, StreamingHttpResponse
from django.test import AsyncRequestFactory, RequestFactory
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from documents.ranges import (
    MAX_RANGES,
    UNSATISFIABLE,
    parse_range_header,
    serve_file,
)

SHA = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
ETAG = f'"{SHA}"'
SIZE = 10_000
DATA = random.Random(20240501).randbytes(SIZE)


@pytest.fixture
def pdf(tmp_path: Path) -> Path:
    path = tmp_path / "doc.pdf"
    path.write_bytes(DATA)
    return path


def get(path: Path, method: str = "get", **headers: str):
    request = getattr(RequestFactory(), method)("/documents/1/file", headers=headers)
    return serve_file(request, path, content_type="application/pdf", etag=SHA)


def body(response) -> bytes:
    assert isinstance(response, StreamingHttpResponse)
    assert not response.is_async
    return b"".join(response)


def parse_multipart(response) -> list[tuple[dict[str, str], bytes]]:
    """Strictly split a multipart/byteranges body back into (headers, data) parts."""
    content_type = response["Content-Type"]
    prefix = "multipart/byteranges; boundary="
    assert content_type.startswith(prefix)
    delimiter = b"--" + content_type.removeprefix(prefix).encode()
    raw = body(response)
    assert raw.endswith(b"\r\n" + delimiter + b"--\r\n")
    parts = []
    for chunk in raw.removesuffix(b"\r\n" + delimiter + b"--\r\n").split(b"\r\n" + delimiter):
        chunk = chunk.removeprefix(delimiter)  # only the first part lacks the leading CRLF
        assert chunk.startswith(b"\r\n")
        head, _, data = chunk[2:].partition(b"\r\n\r\n")
        headers = dict(line.decode().split(": ", 1) for line in head.split(b"\r\n"))
        parts.append((headers, data))
    return parts


# --- parse_range_header -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("bytes=0-99", [(0, 99)]),
        ("bytes=100-", [(100, 999)]),
        ("bytes=-500", [(500, 999)]),
        ("bytes=-5000", [(0, 999)]),
        ("bytes=900-5000", [(900, 999)]),
        ("bytes=0-0,-1", [(0, 0), (999, 999)]),
        ("BYTES = 1-2 , 5-6", [(1, 2), (5, 6)]),
        ("bytes=0-1,,5-6,", [(0, 1), (5, 6)]),
        ("bytes=50-60,0-10", [(0, 10), (50, 60)]),
        ("bytes=0-10,5-20", [(0, 20)]),
        ("bytes=0-10,11-20", [(0, 20)]),
        ("bytes=0-10,2000-3000", [(0, 10)]),
        ("bytes=1000-", UNSATISFIABLE),
        ("bytes=-0", UNSATISFIABLE),
        ("bytes=1000-2000,5000-", UNSATISFIABLE),
    ],
)
def test_parse_range_header_understands_rfc_9110_byte_ranges(header, expected):
    assert parse_range_header(header, 1000) == expected


@pytest.mark.parametrize(
    "header",
    [
        "",
        "bytes",
        "bytes=",
        "bytes=-",
        "bytes=abc",
        "bytes=5-1",
        "bytes=1-2-3",
        "bytes=0x10-20",
        "bytes=²-5",
        "bytes=0-9;1-2",
        "items=0-10",
        "bytes=0-" + "9" * 5000,
    ],
)
def test_parse_range_header_returns_none_for_malformed_headers(header):
    assert parse_range_header(header, 1000) is None


def test_parse_range_header_ignores_ranges_on_an_empty_file():
    assert parse_range_header("bytes=0-10", 0) is None


def test_parse_range_header_refuses_more_than_the_range_cap():
    allowed = "bytes=" + ",".join(f"{i * 10}-{i * 10}" for i in range(MAX_RANGES))
    assert parse_range_header(allowed, 1000) == [(i * 10, i * 10) for i in range(MAX_RANGES)]
    assert parse_range_header(allowed + ",999-999", 1000) is None


@hypothesis_settings(database=None, deadline=None)
@given(
    size=st.integers(1, 300),
    specs=st.lists(st.tuples(st.integers(0, 400), st.integers(0, 400)), min_size=1, max_size=8),
)
def test_coalesced_spans_are_sorted_disjoint_and_cover_exactly_the_requested_bytes(size, specs):
    header = "bytes=" + ",".join(f"{min(a, b)}-{max(a, b)}" for a, b in specs)
    requested = {i for a, b in specs for i in range(min(a, b), max(a, b) + 1) if i < size}
    result = parse_range_header(header, size)
    if not requested:
        assert result is UNSATISFIABLE
        return
    assert isinstance(result, list)
    assert {i for first, last in result for i in range(first, last + 1)} == requested
    for (_, prev_last), (first, _) in itertools.pairwise(result):
        assert first > prev_last + 1


# --- serve_file: full, single and multiple ranges -----------------------------------------


def test_full_get_returns_200_with_accept_ranges_etag_and_length(pdf):
    response = get(pdf)
    assert response.status_code == 200
    assert response["Accept-Ranges"] == "bytes"
    assert response["ETag"] == ETAG
    assert response["Content-Length"] == str(SIZE)
    assert response["Content-Type"] == "application/pdf"
    assert "immutable" in response["Cache-Control"]
    assert "Content-Range" not in response
    assert "Content-Encoding" not in response
    assert body(response) == DATA


def test_single_range_returns_206_with_exact_bytes_and_content_range(pdf):
    response = get(pdf, Range="bytes=100-1099")
    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes 100-1099/{SIZE}"
    assert response["Content-Length"] == "1000"
    assert response["Content-Type"] == "application/pdf"
    assert body(response) == DATA[100:1100]


def test_open_ended_range_runs_to_the_end_of_the_file(pdf):
    response = get(pdf, Range="bytes=9000-")
    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes 9000-9999/{SIZE}"
    assert body(response) == DATA[9000:]


def test_suffix_range_returns_the_last_bytes(pdf):
    response = get(pdf, Range="bytes=-500")
    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes 9500-9999/{SIZE}"
    assert body(response) == DATA[-500:]


def test_multiple_ranges_return_a_multipart_body_that_parses_back_exactly(pdf):
    response = get(pdf, Range="bytes=0-0,-1,4000-4999")
    assert response.status_code == 206
    assert "Content-Range" not in response
    parts = parse_multipart(response)
    assert [data for _, data in parts] == [DATA[0:1], DATA[4000:5000], DATA[-1:]]
    assert [headers["Content-Range"] for headers, _ in parts] == [
        f"bytes 0-0/{SIZE}",
        f"bytes 4000-4999/{SIZE}",
        f"bytes 9999-9999/{SIZE}",
    ]
    assert all(headers["Content-Type"] == "application/pdf" for headers, _ in parts)


def test_multipart_content_length_is_exact(pdf):
    response = get(pdf, Range="bytes=0-9,20-29,-10")
    assert int(response["Content-Length"]) == len(body(response))


def test_overlapping_and_adjacent_ranges_are_coalesced_into_a_single_range(pdf):
    response = get(pdf, Range="bytes=0-99,50-199,200-299")
    assert response.status_code == 206
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Range"] == f"bytes 0-299/{SIZE}"
    assert body(response) == DATA[:300]


def test_unsatisfiable_range_returns_416_with_star_content_range(pdf):
    response = get(pdf, Range=f"bytes={SIZE}-")
    assert response.status_code == 416
    assert response["Content-Range"] == f"bytes */{SIZE}"
    assert response["Cache-Control"] == "no-store"


@pytest.mark.parametrize("header", ["bytes=abc", "bytes=5-1", "pages=1-2", "bytes=-"])
def test_malformed_range_header_is_ignored_and_the_full_file_sent(pdf, header):
    response = get(pdf, Range=header)
    assert response.status_code == 200
    assert body(response) == DATA


def test_too_many_ranges_fall_back_to_the_full_200(pdf):
    header = "bytes=" + ",".join(f"{i * 100}-{i * 100 + 9}" for i in range(MAX_RANGES + 1))
    response = get(pdf, Range=header)
    assert response.status_code == 200
    assert body(response) == DATA


def test_range_on_an_empty_file_sends_an_empty_200(tmp_path):
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    response = get(empty, Range="bytes=0-10")
    assert response.status_code == 200
    assert response["Content-Length"] == "0"
    assert body(response) == b""


# --- conditional requests and HEAD --------------------------------------------------------


def test_if_range_with_the_matching_etag_honours_the_range(pdf):
    response = get(pdf, Range="bytes=0-9", **{"If-Range": ETAG})
    assert response.status_code == 206
    assert body(response) == DATA[:10]


@pytest.mark.parametrize(
    "if_range", ['"somethingelse"', f"W/{ETAG}", "Wed, 21 Oct 2015 07:28:00 GMT"]
)
def test_if_range_that_does_not_strongly_match_sends_the_full_file(pdf, if_range):
    response = get(pdf, Range="bytes=0-9", **{"If-Range": if_range})
    assert response.status_code == 200
    assert body(response) == DATA


@pytest.mark.parametrize("if_none_match", [ETAG, f"W/{ETAG}", f'"other", {ETAG}', "*"])
def test_if_none_match_with_our_etag_returns_304_without_body(pdf, if_none_match):
    response = get(pdf, Range="bytes=0-9", **{"If-None-Match": if_none_match})
    assert response.status_code == 304
    assert response["ETag"] == ETAG
    assert "immutable" in response["Cache-Control"]
    assert response.content == b""


def test_if_none_match_with_another_etag_sends_the_file(pdf):
    response = get(pdf, **{"If-None-Match": '"other"'})
    assert response.status_code == 200
    assert body(response) == DATA


def test_head_returns_the_full_headers_without_a_body(pdf):
    response = get(pdf, method="head", Range="bytes=0-9")
    assert response.status_code == 200  # Range is defined for GET only
    assert response["Content-Length"] == str(SIZE)
    assert response["Accept-Ranges"] == "bytes"
    assert response["ETag"] == ETAG
    assert response.content == b""


def test_filename_becomes_an_inline_content_disposition(pdf):
    request = RequestFactory().get("/")
    response = serve_file(
        request, pdf, content_type="application/pdf", etag=SHA, filename="Tagesordnung ä.pdf"
    )
    assert response["Content-Disposition"] == ("inline; filename*=utf-8''Tagesordnung%20%C3%A4.pdf")


def test_other_methods_are_not_allowed(pdf):
    response = get(pdf, method="post")
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"


def test_missing_file_is_a_404(tmp_path):
    with pytest.raises(Http404):
        get(tmp_path / "gone.pdf")


def test_a_file_that_shrinks_mid_response_fails_loudly(pdf):
    response = get(pdf)
    pdf.write_bytes(DATA[:100])
    with pytest.raises(OSError, match="shrank"):
        body(response)


# --- streaming: sync under WSGI, async under ASGI -----------------------------------------


def test_wsgi_request_streams_small_chunks_from_a_sync_iterator(pdf):
    request = RequestFactory().get("/", headers={"Range": "bytes=10-"})
    response = serve_file(request, pdf, content_type="application/pdf", etag=SHA, chunk_size=1024)
    chunks = list(response)
    assert not response.is_async
    assert b"".join(chunks) == DATA[10:]
    assert len(chunks) == 10
    assert max(map(len, chunks)) <= 1024


async def test_asgi_request_streams_identical_bytes_in_bounded_chunks(pdf):
    request = AsyncRequestFactory().get("/")
    response = serve_file(request, pdf, content_type="application/pdf", etag=SHA, chunk_size=1024)
    assert response.is_async
    chunks = [chunk async for chunk in response]
    assert b"".join(chunks) == DATA
    assert len(chunks) == 10  # never the whole file in one read
    assert max(map(len, chunks)) <= 1024


async def test_asgi_multipart_body_equals_the_wsgi_one_apart_from_the_boundary(pdf):
    headers = {"Range": "bytes=0-2047,-3000"}
    async_response = serve_file(
        AsyncRequestFactory().get("/", headers=headers),
        pdf,
        content_type="application/pdf",
        etag=SHA,
        chunk_size=1024,
    )
    sync_response = get(pdf, **headers)
    async_body = b"".join([chunk async for chunk in async_response])
    async_boundary = async_response["Content-Type"].partition("boundary=")[2].encode()
    sync_boundary = sync_response["Content-Type"].partition("boundary=")[2].encode()
    assert async_body == body(sync_response).replace(sync_boundary, async_boundary)
    assert len(async_body) == int(async_response["Content-Length"])
