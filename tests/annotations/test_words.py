"""Marks follow their words to a new version: real uploads of reportlab drafts (DejaVu,
Vietnamese), glyphs read in the PDF sandbox, selectors saved with each highlight."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from annotations import carry, glyphs, queries, services
from annotations.models import Annotation, PageGlyphs
from annotations.textmap import overlap
from documents import services as document_services
from tests import anchoring_corpus as corpus
from tests.annotations.conftest import stroke
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

BODY = corpus.paragraphs(7, 14, corpus.VI_WORDS, label="Điều")
ADDED = corpus.paragraphs(107, 3, corpus.VI_WORDS, label="Khoản mới")


def upload(secretariat, sitting, pages):
    document = document_services.upload_document(
        secretariat,
        sitting,
        title="Dự thảo nghị quyết",
        upload=SimpleUploadedFile("du-thao.pdf", corpus.render(pages)),
    )
    document_services.publish_document(secretariat, document)
    return document.versions.get()


def new_version(secretariat, version, pages):
    return document_services.add_version(
        secretariat, version.document, SimpleUploadedFile("du-thao-2.pdf", corpus.render(pages))
    )


def sentence_place(version, sentence):
    doc = glyphs.doc_text(version)
    start = doc.text.index(sentence)
    page = doc.page_of_span(start, start + len(sentence))
    return page, doc.rects(start, start + len(sentence), page)


def highlight(delegate, version, sentence, **extra):
    page, rects = sentence_place(version, sentence)
    payload = stroke(page=page, kind="highlight", **extra)
    payload["data"] = {"rects": rects}
    return services.save_annotation(delegate, version, payload).annotation


@pytest.fixture
def first(secretariat, sitting):
    return upload(secretariat, sitting, [BODY])


def test_a_highlight_is_saved_with_its_quote_and_position_from_the_glyphs_under_it(delegate, first):
    sentence = BODY[3][1]
    mark = highlight(delegate, first, sentence)
    quote, position = mark.selectors
    assert quote["type"] == "TextQuoteSelector"
    assert quote["exact"] == sentence
    assert quote["prefix"] and quote["suffix"]
    doc = glyphs.doc_text(first)
    assert doc.text[position["start"] : position["end"]] == sentence
    assert PageGlyphs.objects.filter(version=first).count() == first.page_count


def test_a_pen_stroke_is_saved_without_selectors(delegate, first):
    mark = services.save_annotation(delegate, first, stroke(page=1)).annotation
    assert mark.selectors == []


def test_after_a_paragraph_is_inserted_above_the_highlight_sits_on_its_sentence_on_its_new_page(
    delegate, secretariat, first
):
    sentence = BODY[-2][0]  # near the end of page 1 or on page 2
    mark = highlight(delegate, first, sentence)
    second = new_version(secretariat, first, [ADDED + BODY])
    carry.ensure_carried(second)
    copy = Annotation.objects.get(version=second, moved_from=mark)
    page, rects = sentence_place(second, sentence)
    assert copy.anchor_state == "moved"
    assert copy.page == page
    assert overlap(copy.data["rects"], rects) >= 0.9
    assert copy.selectors[0]["exact"] == sentence


def test_an_edited_sentence_is_drawn_over_its_new_words_and_asks_to_be_checked(
    delegate, secretariat, first
):
    sentence = BODY[4][0]
    edited = sentence[:-1] + " và báo cáo Hội đồng nhân dân."
    mark = highlight(delegate, first, sentence)
    pages = [[list(p) for p in BODY]]
    pages[0][4][0] = edited
    second = new_version(secretariat, first, pages)
    carry.ensure_carried(second)
    copy = Annotation.objects.get(version=second, moved_from=mark)
    assert copy.anchor_state == "check"
    assert copy.selectors[0]["exact"] == edited
    assert overlap(copy.data["rects"], sentence_place(second, edited)[1]) >= 0.9


def test_marks_on_deleted_text_are_never_drawn_over_other_text(delegate, secretariat, first):
    gone = BODY[5]
    marks = [highlight(delegate, first, sentence) for sentence in gone]
    page, rects = sentence_place(first, gone[0])
    ink = stroke(page=page)
    x, y, w, h = rects[0]
    ink["data"]["strokes"] = [[[x, y + h], [x + w, y + h]]]  # underlined by pen
    marks.append(services.save_annotation(delegate, first, ink).annotation)
    second = new_version(secretariat, first, [BODY[:5] + BODY[6:]])

    response = client_for(delegate).get(f"/annotations/v/{second.pk}/")

    copies = Annotation.objects.filter(version=second, moved_from__in=marks)
    assert {c.anchor_state for c in copies} == {"lost"}
    assert len(copies) == len(marks)
    assert response.json()["annotations"] == []  # nothing drawn on the reader
    visible = queries.drawn(queries.visible_to(delegate, second))
    assert queries.export_items(visible) == []  # nor written into the annotated copy


def test_a_pen_stroke_under_a_line_moves_with_that_line(delegate, secretariat, first):
    page, rects = sentence_place(first, BODY[2][0])
    x, y, w, h = rects[0]
    ink = stroke(page=page)
    ink["data"]["strokes"] = [[[x, y + h], [x + w, y + h]]]
    mark = services.save_annotation(delegate, first, ink).annotation
    second = new_version(secretariat, first, [ADDED + BODY])
    carry.ensure_carried(second)
    copy = Annotation.objects.get(version=second, moved_from=mark)
    new_page, new_rects = sentence_place(second, BODY[2][0])
    assert copy.anchor_state == "moved"
    assert copy.page == new_page
    (start, _end) = copy.data["strokes"][0]
    assert start[0] == pytest.approx(new_rects[0][0], abs=0.003)
    assert start[1] == pytest.approx(new_rects[0][1] + new_rects[0][3], abs=0.003)
