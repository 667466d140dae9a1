"""The records' pure rules: numbers and symbols, codes, the legal-basis phrase, dates."""

import datetime

import pytest

from records import numbering


def test_a_resolution_number_carries_the_symbol():
    assert numbering.resolution_number(15) == "15/NQ-HĐND"
    assert numbering.numbered_line(1) == "Số: 1/NQ-HĐND"


@pytest.mark.parametrize("bad", [0, -1, True, 1.5, "3"])
def test_a_resolution_number_is_a_positive_integer(bad):
    with pytest.raises(ValueError):
        numbering.resolution_number(bad)


def test_the_legal_basis_reads_as_the_secretariat_writes_it():
    rule = {"base": "total", "numerator": 1, "denominator": 2, "comparison": "more_than"}
    assert numbering.legal_basis(rule, 48, 95) == "quá nửa tổng số đại biểu: 48/95"
    two_thirds = {"base": "total", "numerator": 2, "denominator": 3, "comparison": "at_least"}
    assert (
        numbering.legal_basis(two_thirds, 64, 95) == "ít nhất hai phần ba tổng số đại biểu: 64/95"
    )
    odd = {"base": "present", "numerator": 3, "denominator": 5, "comparison": "more_than"}
    assert numbering.legal_basis(odd, 49, 80) == "quá 3/5 số đại biểu có mặt: 49/80"


def test_codes_are_unambiguous_and_forgive_how_they_are_typed():
    code = numbering.new_code()
    assert len(code) == 9 and code[4] == "-"
    assert not set(code.replace("-", "")) & set("ILOU")
    assert numbering.normalise_code(code.lower().replace("-", " ")) == code
    assert numbering.normalise_code("abcd-efgo") == "ABCD-EFG0"
    for bad in ("", "ABC", "ABCD-EFGH-IJ", "<script>", "x" * 100, None):
        assert numbering.normalise_code(bad) is None


def test_place_and_date_follow_decree_30():
    day = datetime.date(2026, 2, 5)
    assert numbering.place_and_date("Hà Nội", day) == "Hà Nội, ngày 05 tháng 02 năm 2026"
    later = datetime.date(2026, 12, 4)
    assert numbering.place_and_date("Hà Nội", later) == "Hà Nội, ngày 04 tháng 12 năm 2026"


def test_the_issuing_body_and_place_come_from_the_councils_name():
    name = "HĐND Thành phố Hồ Chí Minh, khóa X"
    assert numbering.issuing_body(name) == ["HỘI ĐỒNG NHÂN DÂN", "THÀNH PHỐ HỒ CHÍ MINH"]
    assert numbering.locality(name) == "Thành phố Hồ Chí Minh"
    assert numbering.issuing_body("Ủy ban Thử nghiệm") == ["ỦY BAN THỬ NGHIỆM"]


def test_durations_read_in_minutes_and_seconds():
    assert numbering.duration(185) == "3 phút 05 giây"
    assert numbering.duration(42) == "42 giây"
    with pytest.raises(ValueError):
        numbering.duration(-1)
