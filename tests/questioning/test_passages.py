"""A quoted passage: anchored as a highlight is, and carried to a new version with the
annotations (real uploads of reportlab drafts, glyphs read in the PDF sandbox)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from annotations import carry
from annotations.textmap import overlap
from documents import services as document_services
from questioning.models import Question
from questioning.regions import floor_view
from questioning.services import drafting, floor, passages
from sessions.errors import ActionRefused
from tests import anchoring_corpus as corpus
from tests.annotations.test_words import ADDED, BODY, new_version, sentence_place
from tests.questioning.conftest import grouped

pytestmark = pytest.mark.django_db


def upload(secretariat, sitting, pages, *, confidential=False):
    document = document_services.upload_document(
        secretariat,
        sitting,
        title="Dự thảo nghị quyết",
        upload=SimpleUploadedFile("du-thao.pdf", corpus.render(pages)),
    )
    if confidential:
        document_services.set_confidential(secretariat, document, True)
    document_services.publish_document(secretariat, document)
    return document.versions.get()


@pytest.fixture
def first(secretariat, sitting):
    return upload(secretariat, sitting, [BODY])


def quoting(delegate, sitting, official, version, sentence, *, send=False, quote="tablet's"):
    page, rects = sentence_place(version, sentence)
    return drafting.draft_question(
        delegate,
        sitting,
        official_id=official.pk,
        text="Đề nghị giải trình đoạn này.",
        version_id=version.pk,
        page=page,
        quote=quote,
        rects=rects,
        send=send,
    )


def test_the_quote_is_the_text_under_the_rectangles_with_its_selectors(
    delegate, sitting, official, first
):
    sentence = BODY[3][1]
    question = quoting(delegate, sitting, official, first, sentence)
    assert question.quote == sentence  # the server's words, not the tablet's
    quote, position = question.selectors
    assert quote["type"] == "TextQuoteSelector" and quote["exact"] == sentence
    assert position["type"] == "TextPositionSelector"
    assert question.anchor_state == "ok"


@pytest.mark.parametrize(
    ("field", "value"), [("page", 99), ("rects", "nonsense"), ("rects", [[0, 0, 1]])]
)
def test_a_bad_passage_is_refused_and_nothing_saved(
    delegate, sitting, official, first, field, value
):
    passage = {"page": 1, "rects": [[0.1, 0.1, 0.2, 0.02]], field: value}
    with pytest.raises(ActionRefused):
        drafting.draft_question(
            delegate,
            sitting,
            official_id=official.pk,
            text="Hỏi",
            version_id=first.pk,
            quote="x",
            **passage,
        )
    assert not Question.objects.exists()


def test_a_document_of_another_sitting_is_refused(delegate, sitting, official, first, council):
    from tests.conftest import make_sitting

    other = make_sitting(council, number=16)
    with pytest.raises(ActionRefused):
        drafting.draft_question(
            delegate,
            other,
            official_id=official.pk,
            text="Hỏi",
            version_id=first.pk,
            page=1,
            rects=[[0.1, 0.1, 0.2, 0.02]],
        )


def test_after_a_paragraph_is_inserted_above_the_passage_moves_with_its_words(
    delegate, secretariat, sitting, official, first
):
    sentence = BODY[-2][0]
    question = quoting(delegate, sitting, official, first, sentence, send=True)
    second = new_version(secretariat, first, [ADDED + BODY])
    carry.ensure_carried(second)  # the annotations' own step carries questions too
    question.refresh_from_db()
    page, rects = sentence_place(second, sentence)
    assert question.version_id == second.pk
    assert question.anchor_state == "moved"
    assert question.page == page
    assert overlap(question.rects, rects) >= 0.9
    assert question.quote == sentence  # what the delegate quoted stays in the record


def test_an_edited_passage_asks_to_be_checked(delegate, secretariat, sitting, official, first):
    sentence = BODY[4][0]
    edited = sentence[:-1] + " và báo cáo Hội đồng nhân dân."
    question = quoting(delegate, sitting, official, first, sentence)
    pages = [[list(p) for p in BODY]]
    pages[0][4][0] = edited
    second = new_version(secretariat, first, pages)
    carry.ensure_carried(second)
    question.refresh_from_db()
    assert question.anchor_state == "check"
    assert question.selectors[0]["exact"] == edited


def test_a_deleted_passage_is_not_found(delegate, secretariat, sitting, official, first):
    question = quoting(delegate, sitting, official, first, BODY[5][0])
    second = new_version(secretariat, first, [BODY[:5] + BODY[6:]])
    assert passages.follow_new_versions(second) == 1
    question.refresh_from_db()
    assert question.anchor_state == "lost"


def test_an_asked_question_keeps_the_version_it_quoted(
    delegate, secretariat, chair, live_sitting, official
):
    first = upload(secretariat, live_sitting, [BODY])
    question = quoting(delegate, live_sitting, official, first, BODY[2][0], send=True)
    group = grouped(secretariat, live_sitting, official, question)
    floor.open_group(chair, live_sitting, group.pk)
    floor.give_floor(chair, live_sitting, question.pk)
    floor.mark_asked(chair, live_sitting, question.pk)
    second = new_version(secretariat, first, [ADDED + BODY])
    carry.ensure_carried(second)
    question.refresh_from_db()
    assert question.version_id == first.pk


@pytest.mark.parametrize("confidential", [False, True])
def test_the_floor_draws_the_page_region_unless_the_document_is_confidential(
    delegate, secretariat, chair, live_sitting, official, confidential
):
    version = upload(secretariat, live_sitting, [BODY], confidential=confidential)
    question = quoting(delegate, live_sitting, official, version, BODY[2][0], send=True)
    group = grouped(secretariat, live_sitting, official, question)
    floor.open_group(chair, live_sitting, group.pk)
    floor.give_floor(chair, live_sitting, question.pk)
    view = floor_view(live_sitting)
    assert view["question"].pk == question.pk
    assert view["passage"]["quote"] == BODY[2][0]
    assert view["passage"]["drawn"] is not confidential


@pytest.mark.parametrize(("confidential", "status"), [(False, 200), (True, 404)])
def test_the_floors_page_is_served_to_the_hall_only_while_asked_and_never_confidential(
    delegate, secretariat, chair, screen, live_sitting, official, confidential, status
):
    from tests.conftest import client_for

    version = upload(secretariat, live_sitting, [BODY], confidential=confidential)
    question = quoting(delegate, live_sitting, official, version, BODY[2][0], send=True)
    url = f"/questioning/sittings/{live_sitting.pk}/floor/{question.pk}.pdf"
    assert client_for(screen).get(url).status_code == 404  # not on the floor yet
    group = grouped(secretariat, live_sitting, official, question)
    floor.open_group(chair, live_sitting, group.pk)
    floor.give_floor(chair, live_sitting, question.pk)
    assert client_for(screen).get(url).status_code == status
    floor.mark_asked(chair, live_sitting, question.pk)
    assert client_for(screen).get(url).status_code == 404
