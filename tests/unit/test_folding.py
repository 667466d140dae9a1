"""Search folding for Vietnamese: without case and diacritics, one character for one."""

from hypothesis import given
from hypothesis import strategies as st

from documents.folding import fold, normalise


def test_vietnamese_folds_to_its_plain_letters():
    assert fold("Dự toán NGÂN SÁCH năm 2027 của Thành phố") == (
        "du toan ngan sach nam 2027 cua thanh pho"
    )


def test_d_with_stroke_folds_to_d():
    assert fold("Đại biểu đề nghị") == "dai bieu de nghi"


def test_decomposed_text_is_stored_composed():
    decomposed = "Nga\u0302n sa\u0301ch"  # as some PDF producers write it
    assert normalise(decomposed) == "Ngân sách"
    assert fold(normalise(decomposed)) == "ngan sach"


def test_nul_bytes_are_dropped_from_stored_text():
    assert normalise("a\x00b") == "ab"


@given(st.text())
def test_folding_keeps_every_offset(text):
    stored = normalise(text)
    assert len(fold(stored)) == len(stored)
