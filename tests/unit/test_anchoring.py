"""Finding a quoted passage again, and the text map under it: pure, no database, no PDF."""

import pytest

from annotations.anchoring import Quote, locate
from annotations.reanchor import State, place, selectors_for
from annotations.textmap import DocText, decode_boxes, encode_boxes, overlap


def line_boxes(text, y, x=0.1, step=0.01, height=0.02):
    return [(x + i * step, y, x + (i + 1) * step, y + height) for i in range(len(text))]


def page(*lines, top=0.1, gap=0.05):
    """One page's raw text and boxes: each line on its own row, PDFium-style \\r\\n."""
    text, boxes = "", []
    for n, line in enumerate(lines):
        if n:
            text += "\r\n"
            boxes += [(0, 0, 0, 0)] * 2
        text += line
        boxes += line_boxes(line, top + n * gap)
    return text, boxes


def test_whitespace_and_line_ends_become_one_space_and_pages_are_joined_by_one():
    doc = DocText.build([page("Một  hai", "ba"), page("bốn")])
    assert doc.text == "Một hai ba bốn"
    assert doc.pages[doc.text.index("bốn")] == 2
    assert doc.boxes[3] is None  # the made-up space


def test_a_letter_drawn_apart_from_its_marks_is_one_character():
    raw = "Vie\u0302\u0323t"  # e + circumflex + dot below, as some producers draw them
    doc = DocText.build([(raw, line_boxes(raw, 0.1))])
    assert doc.text == "Việt"


def test_boxes_survive_their_compact_encoding_to_within_a_hundred_thousandth():
    boxes = [(0.1, 0.2, 0.3, 0.4), (0.0, 0.999, 1.0, 1.0)]
    for got, want in zip(decode_boxes(encode_boxes(boxes)), boxes, strict=True):
        assert all(abs(a - b) < 2e-5 for a, b in zip(got, want, strict=True))


def test_the_quote_is_cut_from_the_glyphs_under_the_rectangles():
    doc = DocText.build([page("Điều 1 quy định ngân sách.", "Điều 2 quy định thuế.")])
    start = doc.text.index("Điều 2")
    rects = doc.rects(start, len(doc.text), 1)
    quote, position = selectors_for(doc, 1, {"rects": rects})
    assert quote["exact"] == "Điều 2 quy định thuế."
    assert quote["prefix"].endswith("ngân sách. ")
    assert (position["start"], position["end"]) == (start, len(doc.text))


def test_a_repeated_quote_is_told_apart_by_its_context():
    text = "alpha beta. The fee rises. gamma delta. The fee rises. epsilon."
    second = text.rindex("The fee rises.")
    found = locate(text, Quote("The fee rises.", prefix="gamma delta. ", suffix=" epsilon."))
    assert (found.start, found.exact) == (second, True)


def test_an_edited_passage_is_found_approximately_with_its_new_words():
    old = "The council approves the budget for schools and roads this year."
    new = "The council approves the annual budget for schools and bridges this year."
    text = f"Before it. {new} After it."
    found = locate(text, Quote(old, prefix="Before it. ", suffix=" After it.", start=11))
    assert not found.exact
    assert text[found.start : found.end] == new


def test_a_deleted_passage_is_not_found_even_beside_a_similar_sentence():
    deleted = "Article 7 assigns the market fees to the district for ten years."
    text = "Article 6 opens. Article 8 assigns the market fees to the ward for two years."
    quote = Quote(deleted, prefix="Article 6 opens. ", suffix=" Article 8 assigns the market")
    assert locate(text, quote) is None


def test_a_highlight_whose_words_were_deleted_is_lost_and_keeps_its_rectangles():
    v1 = DocText.build([page("Keep this line.", "Delete this sentence now.", "Keep that too.")])
    v2 = DocText.build([page("Keep this line.", "Keep that too.")])
    start = v1.text.index("Delete")
    data = {"rects": v1.rects(start, start + len("Delete this sentence now."), 1)}
    placed = place(v1, v2, 1, data, selectors_for(v1, 1, data), 1)
    assert placed.state == State.LOST
    assert placed.data == data


def test_a_pen_stroke_under_a_line_moves_with_that_line():
    v1 = DocText.build([page("First line here.", "Second line here.")])
    v2 = DocText.build([page("Inserted above.", "First line here.", "Second line here.")])
    stroke = {"strokes": [[[0.1, 0.17], [0.25, 0.17]]], "width": 0.002}
    placed = place(v1, v2, 1, stroke, [], 1)
    assert placed.state == State.MOVED
    assert [round(c, 3) for c in placed.data["strokes"][0][0]] == [0.1, 0.22]


def test_a_pen_stroke_far_from_any_text_has_no_words_to_follow():
    v1 = DocText.build([page("Only line.")])
    stroke = {"strokes": [[[0.5, 0.8], [0.6, 0.9]]], "width": 0.002}
    assert place(v1, v1, 1, stroke, [], 1) is None


def test_overlap_is_one_for_the_same_rectangles_and_zero_for_disjoint_ones():
    assert overlap([[0.1, 0.1, 0.2, 0.02]], [[0.1, 0.1, 0.2, 0.02]]) == pytest.approx(1.0)
    assert overlap([[0.1, 0.1, 0.2, 0.02]], [[0.1, 0.5, 0.2, 0.02]]) == 0.0
