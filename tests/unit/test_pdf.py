"""documents.pdf: validation in a sandboxed child, the watermark and the annotation copy.

Every inspect/watermark/annotate call starts a real child process (~0.2 s each), so the
tests exercise the sandbox itself, not a mock of it.
"""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path

import pytest
from pypdf import PdfReader

from documents import _pdf_worker as worker
from documents.pdf import (
    MESSAGES,
    PdfInfo,
    PdfRejected,
    RejectReason,
    _child_env,
    check_size,
    inspect_pdf,
    watermark_pdf,
    write_annotations_copy,
)
from documents.pdf_write import PageGeometry, stamp_ascii
from tests import pdf_corpus as corpus

LETTER_W, LETTER_H = corpus.LETTER
# A MediaBox that does not start at 0,0, so that the conversions must add the origin.
X0, Y0 = 10.0, 20.0
X1, Y1 = X0 + LETTER_W, Y0 + LETTER_H


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def rejection(path: Path, **kwargs: object) -> PdfRejected:
    kwargs.setdefault("max_pages", 50)
    with pytest.raises(PdfRejected) as caught:
        inspect_pdf(path, **kwargs)  # type: ignore[arg-type]
    return caught.value


# --- inspection -----------------------------------------------------------------------


def test_a_valid_pdf_gives_its_page_count_sha256_page_texts_and_sizes(tmp_path: Path) -> None:
    data = corpus.valid_pdf(4)
    info = inspect_pdf(write(tmp_path, "good.pdf", data), max_pages=10)

    assert isinstance(info, PdfInfo)
    assert info.sha256 == hashlib.sha256(data).hexdigest()
    assert info.size == len(data)
    assert info.page_count == 4
    assert [text.strip() for text in info.page_texts] == [corpus.page_text(n) for n in (1, 2, 3, 4)]
    assert info.page_sizes == [(LETTER_W, LETTER_H)] * 4
    assert info.text_truncated is False


def test_a_quarter_turned_page_reports_its_displayed_size(tmp_path: Path) -> None:
    path = write(tmp_path, "turned.pdf", corpus.valid_pdf(1, rotate=90, origin=(X0, Y0)))
    assert inspect_pdf(path, max_pages=1).page_sizes == [(LETTER_H, LETTER_W)]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("empty", RejectReason.EMPTY),
        ("not_pdf", RejectReason.NOT_PDF),
        ("garbage", RejectReason.NOT_PDF),
        ("header_then_garbage", RejectReason.DAMAGED),
        ("truncated", RejectReason.TRUNCATED),
        ("encrypted", RejectReason.ENCRYPTED),
        ("zero_pages", RejectReason.NO_PAGES),
        # pypdf wraps the RecursionError in a PdfReadError; the cause chain tells.
        ("nested_arrays", RejectReason.HOSTILE),
        ("objstm_bomb", RejectReason.HOSTILE),
        # pypdf's 75 MB inflate limit (LimitReachedError) stops the 4 GiB stream.
        ("flate_bomb", RejectReason.HOSTILE),
        # Observed: pypdf detects the page-tree cycle ("Detected cyclic page references").
        ("self_referencing", RejectReason.DAMAGED),
    ],
)
def test_each_bad_upload_is_rejected_with_its_reason_within_the_timeout(
    tmp_path: Path, name: str, expected: RejectReason
) -> None:
    path = write(tmp_path, f"{name}.pdf", corpus.BAD_FILES[name]())
    started = time.monotonic()
    assert rejection(path, timeout_s=10).code is expected
    assert time.monotonic() - started < 10


def test_a_broken_xref_table_is_rebuilt_by_pypdf_and_the_file_accepted(tmp_path: Path) -> None:
    info = inspect_pdf(write(tmp_path, "xref.pdf", corpus.broken_xref_pdf(3)), max_pages=10)
    assert info.page_count == 3
    assert info.page_texts[2].strip() == corpus.page_text(3)


def test_a_pdf_encrypted_with_only_an_owner_password_is_accepted(tmp_path: Path) -> None:
    path = write(tmp_path, "perms.pdf", corpus.encrypted_pdf(user_password=""))
    info = inspect_pdf(path, max_pages=10)
    assert info.page_count == 2
    assert info.page_texts[0].strip() == corpus.page_text(1)


def test_more_pages_than_the_limit_is_rejected_with_the_count_and_the_limit(
    tmp_path: Path,
) -> None:
    exc = rejection(write(tmp_path, "long.pdf", corpus.valid_pdf(5)), max_pages=3)
    assert exc.code is RejectReason.TOO_MANY_PAGES
    assert exc.params == {"pages": 5, "limit": 3}


def test_an_oversized_file_is_rejected_before_any_parsing(tmp_path: Path) -> None:
    exc = rejection(write(tmp_path, "big.pdf", corpus.valid_pdf(3)), max_bytes=100)
    assert exc.code is RejectReason.TOO_LARGE


def test_check_size_refuses_empty_and_oversized_files_and_accepts_the_limit() -> None:
    check_size(10 * 1024 * 1024, 10 * 1024 * 1024)
    with pytest.raises(PdfRejected) as empty:
        check_size(0, 1000)
    assert empty.value.code is RejectReason.EMPTY
    with pytest.raises(PdfRejected) as large:
        check_size(31 * 1024 * 1024 + 1, 30 * 1024 * 1024)
    assert large.value.code is RejectReason.TOO_LARGE
    assert large.value.params == {"size": "31.0", "limit": "30"}


# --- the sandbox ----------------------------------------------------------------------


def test_after_a_hostile_file_the_parent_is_alive_and_the_next_inspection_works(
    tmp_path: Path,
) -> None:
    pid = os.getpid()
    bomb = write(tmp_path, "bomb.pdf", corpus.flate_bomb_pdf())
    assert rejection(bomb).code is RejectReason.HOSTILE

    assert os.getpid() == pid
    info = inspect_pdf(write(tmp_path, "good.pdf", corpus.valid_pdf(2)), max_pages=10)
    assert info.page_count == 2


def test_a_parse_that_outlives_the_wall_clock_timeout_is_killed_and_called_hostile(
    tmp_path: Path,
) -> None:
    # No file is that slow on purpose; a timeout shorter than the interpreter's start-up
    # takes the same path as an infinite loop would.
    path = write(tmp_path, "good.pdf", corpus.valid_pdf(1))
    started = time.monotonic()
    exc = rejection(path, timeout_s=0.01)
    assert exc.code is RejectReason.HOSTILE
    assert "wall clock" in exc.detail
    assert time.monotonic() - started < 5


def test_a_file_needing_more_memory_than_allowed_is_rejected_as_hostile(tmp_path: Path) -> None:
    # 20 MB of image data; reading it alone exceeds 64 MB of address space next to pypdf.
    data = corpus.valid_pdf(2, image_bytes_per_page=10 * 1024 * 1024)
    exc = rejection(write(tmp_path, "heavy.pdf", data), memory_mb=64)
    assert exc.code is RejectReason.HOSTILE


def test_the_child_gets_no_secrets_from_the_web_process_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SECRET_KEY", "do-not-leak")
    monkeypatch.setenv("DATABASE_URL", "postgres://user:pw@db/council")
    env = _child_env()
    assert "SECRET_KEY" not in env
    assert "DATABASE_URL" not in env
    assert str(Path(__file__).resolve().parents[2]) in env["PYTHONPATH"].split(os.pathsep)


# --- reasons and messages -------------------------------------------------------------


def test_every_reason_has_a_message_and_the_worker_uses_the_same_codes() -> None:
    assert set(MESSAGES) == set(RejectReason)
    worker_codes = {
        worker.EMPTY,
        worker.DAMAGED,
        worker.ENCRYPTED,
        worker.NO_PAGES,
        worker.TOO_MANY_PAGES,
        worker.HOSTILE,
    }
    assert worker_codes <= {reason.value for reason in RejectReason}


@pytest.fixture
def english() -> object:
    from django.conf import settings
    from django.utils import translation

    if not settings.configured:
        settings.configure(USE_I18N=False)
    with translation.override("en"):
        yield


@pytest.mark.usefixtures("english")
def test_rejection_messages_read_well_and_carry_their_numbers() -> None:
    assert str(PdfRejected(RejectReason.NOT_PDF).message) == "This file is not a PDF."
    too_many = PdfRejected(RejectReason.TOO_MANY_PAGES, params={"pages": 2400, "limit": 2000})
    assert str(too_many.message) == "The PDF has 2400 pages; the limit is 2000."
    with pytest.raises(PdfRejected) as large:
        check_size(150 * 1024 * 1024, 100 * 1024 * 1024)
    assert str(large.value.message) == "The file is 150.0 MB; the limit is 100 MB."
    assert str(PdfRejected("encrypted", "custom text").message) == "custom text"


# --- watermark ------------------------------------------------------------------------


def test_stamp_text_is_folded_to_ascii_that_helvetica_can_draw() -> None:
    assert stamp_ascii("Nguyễn Thị Đào \u2013 Ghế 12") == "Nguyen Thi Dao ? Ghe 12"
    assert stamp_ascii("Trưởng ban  Pháp chế\n") == "Truong ban Phap che"
    assert stamp_ascii("đại biểu (HĐND)") == "dai bieu (HDND)"


def test_the_watermarked_copy_shows_the_delegate_on_every_page_and_keeps_the_page_count(
    tmp_path: Path,
) -> None:
    src = write(tmp_path, "src.pdf", corpus.valid_pdf(4))
    dest = tmp_path / "stamped.pdf"
    watermark_pdf(src, dest, ["Nguyễn Văn Đức", "Ghế 12", "22/11/2025"])

    reader = PdfReader(dest)
    assert len(reader.pages) == 4
    for number, page in enumerate(reader.pages, start=1):
        text = page.extract_text()
        assert "Nguyễn Văn Đức" in text  # diacritics kept: an embedded Vietnamese font
        assert "Ghế 12" in text
        assert corpus.page_text(number) in text  # the page itself is still there
    assert sorted(p.name for p in tmp_path.iterdir()) == ["src.pdf", "stamped.pdf"]


def test_the_stamp_font_is_an_embedded_subset_shared_by_every_page(tmp_path: Path) -> None:
    src = write(tmp_path, "src.pdf", corpus.valid_pdf(3))
    dest = tmp_path / "stamped.pdf"
    watermark_pdf(src, dest, ["Trần Thị Ánh Tuyết", "Ghế 7"])
    fonts = []
    for page in PdfReader(dest).pages:
        font = page["/Resources"]["/Font"]
        stamp = next(
            f for f in (v.get_object() for v in font.values()) if f["/Subtype"] == "/Type0"
        )
        descendant = stamp["/DescendantFonts"][0].get_object()
        program = descendant["/FontDescriptor"]["/FontFile2"].get_object().get_data()
        assert 1_000 < len(program) < 60_000  # a subset, not the whole 700 kB font
        fonts.append(stamp.indirect_reference.idnum)
    assert len(set(fonts)) == 1  # embedded once per copy, not once per page


def test_watermarking_a_hostile_file_fails_cleanly_and_leaves_no_output(tmp_path: Path) -> None:
    src = write(tmp_path, "bomb.pdf", corpus.flate_bomb_pdf())
    with pytest.raises(PdfRejected) as caught:
        watermark_pdf(src, tmp_path / "out.pdf", ["A"])
    assert caught.value.code is RejectReason.HOSTILE
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bomb.pdf"]


# --- annotations ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rotation", "top_left", "top_right", "bottom_right"),
    [
        (0, (X0, Y1), (X1, Y1), (X1, Y0)),
        (90, (X0, Y0), (X0, Y1), (X1, Y1)),
        (180, (X1, Y0), (X0, Y0), (X0, Y1)),
        (270, (X1, Y1), (X1, Y0), (X0, Y0)),
    ],
)
def test_the_displayed_corners_map_to_the_right_user_space_corners(
    rotation: int,
    top_left: tuple[float, float],
    top_right: tuple[float, float],
    bottom_right: tuple[float, float],
) -> None:
    geometry = PageGeometry(X0, Y0, X1, Y1, rotation)
    assert geometry.to_user(0, 0) == top_left
    assert geometry.to_user(1, 0) == top_right
    assert geometry.to_user(1, 1) == bottom_right


def annots(path: Path, page: int) -> dict[str, dict]:
    page_obj = PdfReader(path).pages[page - 1]
    return {a.get_object()["/Subtype"]: a.get_object() for a in page_obj.get("/Annots", [])}


def floats(values: object) -> list[float]:
    return [round(float(v), 2) for v in values]  # type: ignore[attr-defined]


ANNOTATIONS = [
    {
        "page": 2,
        "kind": "ink",
        "color": "#FF0000",
        "width": 0.01,
        "strokes": [[[0.25, 0.5], [0.75, 0.5]], [[0.5, 0.25]]],
    },
    {"page": 2, "kind": "highlight", "color": "#ffff00", "rects": [[0.1, 0.05, 0.5, 0.05]]},
    {"page": 2, "kind": "note", "color": "#00ff00", "x": 0.5, "y": 0.5, "text": "Làm rõ điều 3"},
]


def test_annotations_land_on_their_page_at_the_converted_coordinates(tmp_path: Path) -> None:
    src = write(tmp_path, "src.pdf", corpus.valid_pdf(2, origin=(X0, Y0)))
    dest = tmp_path / "annotated.pdf"
    assert write_annotations_copy(src, dest, ANNOTATIONS, author="Nguyễn Văn An") == 3

    assert annots(dest, 1) == {}
    found = annots(dest, 2)
    assert set(found) == {"/Ink", "/Highlight", "/Text"}

    ink = found["/Ink"]
    # x = x0 + u * 612, y = y1 - v * 792 (the browser's y grows downwards)
    assert [floats(stroke) for stroke in ink["/InkList"]] == [
        [163.0, 416.0, 469.0, 416.0],
        [316.0, 614.0],
    ]
    assert floats(ink["/C"]) == [1.0, 0.0, 0.0]
    assert float(ink["/BS"]["/W"]) == pytest.approx(6.12)
    # padded by half the pen width (3.06) plus 1 point
    assert floats(ink["/Rect"]) == pytest.approx([158.94, 411.94, 473.06, 618.06])
    assert ink["/T"] == "Nguyễn Văn An"

    highlight = found["/Highlight"]
    # upper-left, upper-right, lower-left, lower-right
    assert floats(highlight["/QuadPoints"]) == [
        71.2,
        772.4,
        377.2,
        772.4,
        71.2,
        732.8,
        377.2,
        732.8,
    ]
    assert floats(highlight["/Rect"]) == [71.2, 732.8, 377.2, 772.4]
    assert floats(highlight["/C"]) == [1.0, 1.0, 0.0]

    note = found["/Text"]
    assert floats(note["/Rect"]) == [316.0, 396.0, 336.0, 416.0]  # icon hangs from the point
    assert note["/Contents"] == "Làm rõ điều 3"
    assert note["/T"] == "Nguyễn Văn An"
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")] == []


def test_annotations_on_a_quarter_turned_page_follow_the_page_as_displayed(
    tmp_path: Path,
) -> None:
    src = write(tmp_path, "src.pdf", corpus.valid_pdf(2, origin=(X0, Y0), rotate=90))
    dest = tmp_path / "annotated.pdf"
    write_annotations_copy(src, dest, ANNOTATIONS[:1], author="A")

    ink = annots(dest, 2)["/Ink"]
    # Turned 90 degrees clockwise: displayed right is user up, displayed down is user right.
    # x = x0 + v * 612, y = y0 + u * 792
    assert [floats(stroke) for stroke in ink["/InkList"]] == [
        [316.0, 218.0, 316.0, 614.0],
        [163.0, 416.0],
    ]
    assert float(ink["/BS"]["/W"]) == pytest.approx(7.92)  # 1 % of the displayed width


@pytest.mark.parametrize(
    "bad",
    [
        {**ANNOTATIONS[0], "color": "red"},
        {**ANNOTATIONS[0], "kind": "circle"},
        {**ANNOTATIONS[0], "page": 0},
        {**ANNOTATIONS[0], "strokes": [[[0.1, float("nan")]]]},
        {**ANNOTATIONS[1], "rects": [[0.1, 0.2, 0.3]]},
        {**ANNOTATIONS[2], "text": None},
    ],
)
def test_a_malformed_annotation_is_refused_before_any_work(tmp_path: Path, bad: dict) -> None:
    with pytest.raises(ValueError):
        write_annotations_copy(tmp_path / "never-read.pdf", tmp_path / "out.pdf", [bad])


def test_an_annotation_on_a_missing_page_is_refused_and_leaves_no_copy(tmp_path: Path) -> None:
    src = write(tmp_path, "src.pdf", corpus.valid_pdf(2))
    with pytest.raises(ValueError, match="page 3"):
        write_annotations_copy(src, tmp_path / "out.pdf", [{**ANNOTATIONS[2], "page": 3}])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["src.pdf"]


# --- the corpus itself ----------------------------------------------------------------


def test_the_bomb_stream_is_a_valid_zlib_stream_of_exactly_that_many_zeros() -> None:
    import zlib

    assert zlib.decompress(corpus.zeros_deflate(8 << 20)) == bytes(8 << 20)
    assert len(corpus.flate_bomb_pdf()) < 8 << 20  # 4 GiB inflated, a few MB on disk


def test_the_benchmark_generator_builds_a_file_of_the_requested_size(tmp_path: Path) -> None:
    data = corpus.large_pdf(pages=12, total_bytes=3 * 1024 * 1024)
    assert 3 * 1024 * 1024 <= len(data) < 3.1 * 1024 * 1024
    info = inspect_pdf(write(tmp_path, "bench.pdf", data), max_pages=12)
    assert info.page_count == 12
    assert info.page_texts[11].strip() == corpus.page_text(12)


def test_without_a_unicode_font_the_stamp_falls_back_to_ascii_helvetica(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from documents import pdf_write, stamp_font

    monkeypatch.setattr(stamp_font, "FONT_CANDIDATES", ())
    monkeypatch.delenv("STAMP_FONT", raising=False)
    src = write(tmp_path, "src.pdf", corpus.valid_pdf(1))
    dest = tmp_path / "stamped.pdf"
    pdf_write.watermark(str(src), str(dest), ["Nguyễn Văn Đức"])  # in this process
    assert "Nguyen Van Duc" in PdfReader(dest).pages[0].extract_text()
