"""A new version of a document: each annotation follows its page's text, and says so where
it is not certain. Versions are real uploads of generated PDFs with known page texts."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from annotations import carry, services
from annotations.models import Annotation
from documents import services as document_services
from tests import pdf_corpus as corpus
from tests.annotations.conftest import note, stroke
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

INTRO = "Article one sets out the scope of the city budget for the coming fiscal year"
LAND = "Article two assigns land revenue to district schools and public health clinics"
ROADS = "Article three funds road repairs along the river with bonds issued this spring"
APPENDIX = "Appendix lists every project with its cost estimate and responsible department"


def pdf(texts):
    return SimpleUploadedFile("budget.pdf", corpus.valid_pdf(len(texts), texts=texts))


@pytest.fixture
def first(secretariat, sitting):
    document = document_services.upload_document(
        secretariat, sitting, title="Ngân sách", upload=pdf([INTRO, LAND, ROADS])
    )
    document_services.publish_document(secretariat, document)
    return document.versions.get()


def new_version(secretariat, version, texts):
    return document_services.add_version(secretariat, version.document, pdf(texts))


def annotate(delegate, version, page, **kwargs):
    return services.save_annotation(delegate, version, stroke(page=page, **kwargs)).annotation


def carried(original, version):
    return Annotation.objects.get(version=version, moved_from=original)


def test_an_unchanged_page_keeps_its_annotation_in_place(delegate, secretariat, first):
    original = annotate(delegate, first, 1)
    second = new_version(secretariat, first, [INTRO, LAND, ROADS + " and the bridge"])
    assert carry.ensure_carried(second) == 1
    copy = carried(original, second)
    assert (copy.page, copy.anchor_state) == (1, "ok")
    assert copy.data == original.data
    assert copy.author == delegate
    assert copy.visibility == "private"


def test_a_page_that_moved_takes_its_annotation_along(delegate, secretariat, first):
    original = annotate(delegate, first, 2)
    second = new_version(secretariat, first, [INTRO, APPENDIX, LAND, ROADS])
    carry.ensure_carried(second)
    copy = carried(original, second)
    assert (copy.page, copy.anchor_state) == (3, "moved")


# A stroke far below the page's only line of text: it has no words to follow.
MARGIN = [[0.5, 0.8], [0.6, 0.9]]


def test_a_pen_stroke_on_lightly_edited_words_follows_them_and_asks_to_be_checked(
    delegate, secretariat, first
):
    original = annotate(delegate, first, 3)
    edited = ROADS.replace("this spring", "this summer")
    second = new_version(secretariat, first, [APPENDIX, INTRO, LAND, edited])
    carry.ensure_carried(second)
    copy = carried(original, second)
    assert (copy.page, copy.anchor_state) == (4, "check")
    assert copy.selectors[0]["exact"] == edited


def test_a_pen_stroke_on_rewritten_words_is_not_found_and_keeps_its_data(
    delegate, secretariat, first
):
    original = annotate(delegate, first, 2)
    rewritten = "Article two is withdrawn entirely pending a new proposal from the committee"
    second = new_version(secretariat, first, [INTRO, rewritten, ROADS])
    carry.ensure_carried(second)
    copy = carried(original, second)
    assert copy.anchor_state == "lost"
    assert copy.data == original.data


def test_a_mark_with_no_words_near_it_on_a_changed_page_keeps_its_number_to_be_checked(
    delegate, secretariat, first
):
    original = annotate(delegate, first, 2, points=MARGIN)
    rewritten = "Article two is withdrawn entirely pending a new proposal from the committee"
    second = new_version(secretariat, first, [INTRO, rewritten, ROADS])
    carry.ensure_carried(second)
    copy = carried(original, second)
    assert (copy.page, copy.anchor_state) == (2, "check")


def test_a_mark_with_no_words_near_it_past_the_new_end_goes_to_the_last_page_to_be_checked(
    delegate, secretariat, first
):
    original = annotate(delegate, first, 3, points=MARGIN)
    second = new_version(secretariat, first, [INTRO, LAND])
    carry.ensure_carried(second)
    copy = carried(original, second)
    assert (copy.page, copy.anchor_state) == (2, "check")


def test_a_mark_with_no_words_near_it_on_a_page_moved_and_edited_is_flagged_there(
    delegate, secretariat, first
):
    original = annotate(delegate, first, 3, points=MARGIN)
    edited = ROADS.replace("this spring", "this summer")
    second = new_version(secretariat, first, [APPENDIX, INTRO, LAND, edited])
    carry.ensure_carried(second)
    copy = carried(original, second)
    assert (copy.page, copy.anchor_state) == (4, "check")
    assert copy.data == original.data


def test_a_mark_with_no_words_near_it_on_a_page_that_moved_unchanged_moves_with_it(
    delegate, secretariat, first
):
    original = annotate(delegate, first, 2, points=MARGIN)
    second = new_version(secretariat, first, [INTRO, APPENDIX, LAND, ROADS])
    carry.ensure_carried(second)
    assert (carried(original, second).page, carried(original, second).anchor_state) == (
        3,
        "moved",
    )


def test_a_pen_stroke_on_deleted_words_is_not_found(delegate, secretariat, first):
    original = annotate(delegate, first, 3)
    second = new_version(secretariat, first, [INTRO, LAND])
    carry.ensure_carried(second)
    assert carried(original, second).anchor_state == "lost"


def test_the_original_stays_and_carrying_twice_copies_once(delegate, secretariat, first):
    original = annotate(delegate, first, 1)
    second = new_version(secretariat, first, [INTRO, LAND, ROADS])
    assert carry.ensure_carried(second) == 1
    assert carry.ensure_carried(second) == 0
    assert Annotation.objects.filter(version=second).count() == 1
    original.refresh_from_db()
    assert original.version == first
    assert original.deleted_at is None


def test_a_carried_annotation_erased_on_the_new_version_is_not_carried_again(
    delegate, secretariat, first
):
    original = annotate(delegate, first, 1)
    second = new_version(secretariat, first, [INTRO, LAND, ROADS])
    carry.ensure_carried(second)
    services.delete_annotation(delegate, carried(original, second))
    assert carry.ensure_carried(second) == 0
    assert Annotation.objects.filter(version=second, deleted_at__isnull=True).count() == 0


def test_erased_annotations_are_not_carried(delegate, secretariat, first):
    services.delete_annotation(delegate, annotate(delegate, first, 1))
    second = new_version(secretariat, first, [INTRO, LAND, ROADS])
    assert carry.ensure_carried(second) == 0


def test_annotations_travel_across_several_versions_and_stay_uncertain_once_uncertain(
    delegate, secretariat, first
):
    original = annotate(delegate, first, 2)
    second = new_version(secretariat, first, [INTRO, APPENDIX, LAND, ROADS])
    third = new_version(secretariat, second, [INTRO, APPENDIX, LAND, ROADS])
    carry.ensure_carried(third)
    middle = carried(original, second)
    last = carried(middle, third)
    assert (last.page, last.anchor_state) == (3, "moved")


def test_shared_annotations_are_carried_with_their_sharing(delegate, loner, secretariat, first):
    original = services.save_annotation(
        delegate, first, note("Cần hỏi", page=2, visibility="sitting")
    ).annotation
    second = new_version(secretariat, first, [INTRO, LAND, ROADS])
    response = client_for(loner).get(f"/annotations/v/{second.pk}/")
    (seen,) = response.json()["annotations"]
    assert seen["moved_from"] == str(original.pk)
    assert seen["visibility"] == "sitting"
    assert seen["data"]["text"] == "Cần hỏi"


def test_opening_the_new_version_carries_the_readers_annotations(delegate, secretariat, first):
    annotate(delegate, first, 1)
    annotate(delegate, first, 2)
    second = new_version(secretariat, first, [INTRO, LAND, ROADS])
    response = client_for(delegate).get(f"/annotations/v/{second.pk}/")
    assert sorted((a["page"], a["anchor_state"]) for a in response.json()["annotations"]) == [
        (1, "ok"),
        (2, "ok"),
    ]


def test_a_mark_the_author_redraws_is_in_place_again(delegate, secretariat, first):
    original = annotate(delegate, first, 2)
    second = new_version(secretariat, first, [INTRO, "Something else entirely here", ROADS])
    carry.ensure_carried(second)
    copy = carried(original, second)
    assert copy.anchor_state == "lost"
    moved = stroke(id=copy.pk, page=2, base=copy.revision, points=[[0.3, 0.3], [0.4, 0.4]])
    assert services.save_annotation(delegate, second, moved).annotation.anchor_state == "ok"
