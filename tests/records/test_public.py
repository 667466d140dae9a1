"""The public verification pages under /xac-thuc/: what they show, the QR code on the first
page leading to them, and every kind of bad input getting a clear, translated answer."""

import io
import tracemalloc
from pathlib import Path
from urllib.parse import quote

import pytest
import zxingcpp
from django.test import Client, RequestFactory
from django.utils import translation
from PIL import Image

from documents.pdf import MESSAGES, RejectReason
from records import public, services
from records.models import RecordState
from tests.records.conftest import PIN
from tests.records.helpers import first_page_png
from tests.records.signing_helpers import minutes_for_signing, read, signed_minutes


@pytest.fixture
def issued(closed_sitting, people, keys):
    return signed_minutes(closed_sitting[0], people)


def _drop(client, record, data: bytes, lang="vi", name="ban-sao.pdf"):
    upload = io.BytesIO(data)
    upload.name = name
    return client.post(f"/xac-thuc/{record.code}/?lang={lang}", {"file": upload})


def test_the_qr_code_on_the_first_page_leads_to_a_page_that_says_authentic(
    issued, tmp_path, settings
):
    pdf = tmp_path / "record.pdf"
    pdf.write_bytes(read(issued))
    png = first_page_png(pdf, tmp_path / "page1")
    codes = zxingcpp.read_barcodes(Image.open(png))
    assert len(codes) == 1
    url = codes[0].text
    assert url == f"{settings.RECORDS_PUBLIC_URL}/xac-thuc/{issued.code}/"
    path = url.removeprefix(settings.RECORDS_PUBLIC_URL)
    client = Client()
    page = client.get(path)
    assert page.status_code == 200
    assert issued.code in page.text and issued.sha256 in page.text
    answer = _drop(client, issued, pdf.read_bytes())
    assert 'data-outcome="authentic"' in answer.text
    assert "Xác thực" in answer.text or "Đúng" in answer.text


def test_the_page_shows_what_was_issued_and_by_whom(issued, people):
    page = Client().get(f"/xac-thuc/{issued.code}/")
    text = page.text
    assert "Nguyễn Thị Lệ" in text and issued.sha256 in text
    assert "DEMO — không có giá trị pháp lý" in text
    assert "Kỳ họp thứ 14" in text


def test_the_page_answers_in_english_on_request(issued):
    page = Client().get(f"/xac-thuc/{issued.code}/?lang=en")
    assert "Signatures" in page.text and 'lang="en"' in page.text


def test_a_record_awaiting_signatures_has_no_public_page(closed_sitting, people, keys):
    record = minutes_for_signing(closed_sitting[0], people)
    assert Client().get(f"/xac-thuc/{record.code}/").status_code == 404
    assert Client().get("/xac-thuc/ZZZZ-ZZZZ/").status_code == 404
    assert Client().get("/xac-thuc/<script>/").status_code == 404


def test_a_typed_code_is_forgiven_its_case_and_spaces(issued):
    typed = issued.code.lower().replace("-", " ")
    answer = Client().get("/xac-thuc/", {"ma": typed})
    assert answer.status_code == 302
    assert issued.code in answer["Location"]


def test_a_superseded_record_says_so(closed_sitting, people, keys, issued):
    services.new_minutes_version(people["thuky"], closed_sitting[0])
    issued.refresh_from_db()
    assert issued.state == RecordState.SUPERSEDED
    page = Client().get(f"/xac-thuc/{issued.code}/")
    assert page.status_code == 200 and "Đã bị thay thế" in page.text
    # The old file stays downloadable and verifiable.
    download = Client().get(f"/xac-thuc/{issued.code}/tai-ve/")
    assert download.status_code == 200
    b"".join(download.streaming_content)  # read to the end: that closes the file


def test_a_non_pdf_gets_a_translated_answer(issued):
    answer = _drop(Client(), issued, b"PK\x03\x04 not a pdf at all", name="x.docx")
    assert answer.status_code == 200
    assert 'data-outcome="rejected"' in answer.text
    assert "Tệp này không phải là PDF." in answer.text
    english = _drop(Client(), issued, b"GIF89a", lang="en")
    assert "This file is not a PDF." in english.text


@pytest.mark.parametrize("make", ["nested_arrays_pdf", "flate_bomb_pdf", "objstm_bomb_pdf"])
def test_a_hostile_pdf_goes_through_the_sandbox(issued, make):
    from tests import pdf_corpus

    answer = _drop(Client(), issued, getattr(pdf_corpus, make)())
    assert answer.status_code == 200
    assert 'data-outcome="rejected"' in answer.text
    with translation.override("vi"):
        expected = str(MESSAGES[RejectReason.HOSTILE])
    assert expected in answer.text
    assert Client().get("/healthz").status_code == 200


class _Endless(io.RawIOBase):
    """A request body of `size` bytes that is never held in memory, counting what is read."""

    def __init__(self, size: int) -> None:
        self.size, self.read_bytes = size, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        n = min(len(buffer), self.size - self.read_bytes)
        buffer[:n] = b"\0" * n
        self.read_bytes += n
        return n


def test_a_200_mb_upload_is_refused_without_reading_it(issued):
    size = 200 * 1024 * 1024
    body = _Endless(size)
    request = RequestFactory().generic(
        "POST",
        f"/xac-thuc/{issued.code}/",
        content_type="multipart/form-data; boundary=xyz",
    )
    request.META["CONTENT_LENGTH"] = str(size)
    request.META["wsgi.input"] = body
    request._stream = body  # what Django reads the body from
    tracemalloc.start()
    try:
        response = public.verify(request, issued.code)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert response.status_code == 413
    assert "quá lớn" in response.content.decode()
    assert body.read_bytes == 0
    assert peak < 20 * 1024 * 1024


def test_a_file_over_the_limit_with_an_honest_length_is_refused(issued, settings):
    settings.RECORDS_VERIFY_MAX_BYTES = 1024 * 1024
    answer = _drop(Client(), issued, b"%PDF-1.7\n" + b"0" * (2 * 1024 * 1024))
    assert answer.status_code == 413


def test_the_public_page_is_rate_limited_per_client(issued, settings):
    settings.RECORDS_VERIFY_PER_WINDOW = 3
    first = Client(REMOTE_ADDR="203.0.113.5")
    other = Client(REMOTE_ADDR="203.0.113.6")
    data = b"not a pdf"
    for _ in range(3):
        assert _drop(first, issued, data).status_code == 200
    refused = _drop(first, issued, data)
    assert refused.status_code == 429
    assert "Quá nhiều lượt kiểm tra" in refused.text
    assert _drop(other, issued, data).status_code == 200


def test_an_empty_post_is_a_clear_answer(issued):
    answer = Client().post(f"/xac-thuc/{issued.code}/", {})
    assert answer.status_code == 400


def test_the_download_is_the_issued_file(issued):
    answer = Client().get(f"/xac-thuc/{issued.code}/tai-ve/")
    # Named in Vietnamese after what it is, with its code (RFC 6266 filename*).
    expected = quote(f"{issued.title} ({issued.code}).pdf")
    assert answer["Content-Disposition"] == f"inline; filename*=utf-8''{expected}"
    assert answer.status_code == 200
    assert b"".join(answer.streaming_content) == Path(issued.pdf.path).read_bytes()
    assert PIN  # the demo PIN never appears on a public page


def test_typing_codes_is_rate_limited_too(issued, settings):
    settings.RECORDS_VERIFY_PER_WINDOW = 2
    client = Client(REMOTE_ADDR="198.51.100.7")
    assert client.get("/xac-thuc/", {"ma": "AAAA-AAAA"}).status_code == 200
    assert client.get("/xac-thuc/", {"ma": "AAAA-AAAB"}).status_code == 200
    assert client.get("/xac-thuc/", {"ma": issued.code}).status_code == 429


def test_a_malformed_upload_is_a_clear_answer(issued):
    answer = Client().generic(
        "POST",
        f"/xac-thuc/{issued.code}/",
        b'--xyz\r\nContent-Disposition: form-data; name="file"\r\n\r\nno end',
        content_type="multipart/form-data; boundary=xyz",
    )
    assert answer.status_code in (200, 400)


def test_behind_the_proxy_the_client_is_the_address_nginx_appended(settings):
    from records.ratelimit import client_address

    settings.HTTPS = True
    request = RequestFactory().get(
        "/xac-thuc/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9"
    )
    assert client_address(request) == "203.0.113.9"
    settings.HTTPS = False
    assert client_address(request) == "127.0.0.1"
