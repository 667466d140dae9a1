"""File names the council hands out keep Vietnamese letters and lose what file systems refuse."""

from council.downloads import safe_part


def test_a_title_keeps_its_vietnamese_letters_and_loses_path_characters():
    assert safe_part('Dự toán: "ngân sách" 2027/2028\r\n') == "Dự toán ngân sách 2027 2028"


def test_a_title_is_cut_to_the_limit():
    assert safe_part("Nghị quyết " * 20, 30) == "Nghị quyết Nghị quyết Nghị quy"
