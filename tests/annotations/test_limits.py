"""Bounds and bad input: each refused with a clear message, nothing half-saved; notes are
plain text everywhere."""

import pytest
from django.utils import translation

from annotations import services
from annotations.models import Annotation
from sessions.errors import ActionRefused
from tests.annotations.conftest import note, stroke
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def test_a_stroke_with_too_many_points_is_refused(settings, delegate, version):
    settings.ANNOTATIONS_MAX_POINTS_PER_STROKE = 10
    points = [[i / 20, i / 20] for i in range(11)]
    with pytest.raises(ActionRefused, match="at most 10 points"):
        services.save_annotation(delegate, version, stroke(points=points))
    assert not Annotation.objects.exists()


def test_an_annotation_with_too_many_strokes_is_refused(settings, delegate, version):
    settings.ANNOTATIONS_MAX_STROKES = 2
    payload = stroke()
    payload["data"]["strokes"] *= 3
    with pytest.raises(ActionRefused, match="at most 2 strokes"):
        services.save_annotation(delegate, version, payload)


def test_a_note_longer_than_the_limit_is_refused(settings, delegate, version):
    settings.ANNOTATIONS_MAX_NOTE_CHARS = 20
    with pytest.raises(ActionRefused, match="at most 20 characters; this one has 21"):
        services.save_annotation(delegate, version, note("x" * 21))


def test_an_empty_note_is_refused(delegate, version):
    with pytest.raises(ActionRefused, match="needs some text"):
        services.save_annotation(delegate, version, note("   "))


def test_a_full_page_takes_no_more_annotations_but_other_pages_do(settings, delegate, version):
    settings.ANNOTATIONS_MAX_PER_PAGE = 2
    services.save_annotation(delegate, version, stroke(page=1))
    last = services.save_annotation(delegate, version, stroke(page=1)).annotation
    with pytest.raises(ActionRefused, match="2 annotations on this page"):
        services.save_annotation(delegate, version, stroke(page=1))
    services.save_annotation(delegate, version, stroke(page=2))
    services.delete_annotation(delegate, last)
    services.save_annotation(delegate, version, stroke(page=1))
    assert Annotation.objects.filter(deleted_at__isnull=True).count() == 3


def test_the_page_bound_is_per_author(settings, delegate, teammate, version):
    settings.ANNOTATIONS_MAX_PER_PAGE = 1
    services.save_annotation(delegate, version, stroke(page=1))
    services.save_annotation(teammate, version, stroke(page=1))
    assert Annotation.objects.count() == 2


def test_a_payload_over_the_byte_limit_is_refused(settings, delegate, version):
    settings.ANNOTATIONS_MAX_PAYLOAD_BYTES = 1024
    points = [[0.123456, 0.654321, 0.5]] * 100
    with pytest.raises(ActionRefused, match="too large"):
        services.save_annotation(delegate, version, stroke(points=points))


def test_a_page_the_document_does_not_have_is_refused(delegate, version):
    with pytest.raises(ActionRefused, match="Page 4 is not in this document"):
        services.save_annotation(delegate, version, stroke(page=4))


@pytest.mark.parametrize(
    "change",
    [
        {"kind": "circle"},
        {"colour": "red"},
        {"page": "1"},
        {"data": {"strokes": [[[0.1, "x"]]], "width": 0.01}},
        {"data": {"strokes": [[[0.1, float("nan")]]], "width": 0.01}},
        {"data": {"strokes": [[[0.1, 0.2]]], "width": 0.5}},
        {"client_updated_at": "yesterday"},
        {"base_revision": -1},
    ],
)
def test_a_malformed_annotation_is_refused_with_one_clear_message(delegate, version, change):
    with pytest.raises(ActionRefused, match="could not be read"):
        services.save_annotation(delegate, version, {**stroke(), **change})
    assert not Annotation.objects.exists()


def test_points_that_slip_past_the_page_edge_are_kept_at_the_edge(delegate, version):
    annotation = services.save_annotation(
        delegate, version, stroke(points=[[-0.01, 0.5], [1.02, 0.5, 0.7]])
    ).annotation
    assert annotation.data["strokes"] == [[[0.0, 0.5], [1.0, 0.5, 0.7]]]


def test_a_note_is_stored_as_plain_text_and_served_as_json_never_as_html(delegate, version):
    script = '<img src=x onerror="alert(1)"><script>alert(2)</script>'
    payload = note(script, visibility="sitting")
    services.save_annotation(delegate, version, payload)
    assert Annotation.objects.get().data["text"] == script
    response = client_for(delegate).get(f"/annotations/v/{version.pk}/")
    assert response["Content-Type"] == "application/json"
    assert response.json()["annotations"][0]["data"]["text"] == script


def test_control_characters_are_removed_from_a_note(delegate, version):
    annotation = services.save_annotation(
        delegate, version, note("Hỏi\x00 lại\x07\nđiều 3")
    ).annotation
    assert annotation.data["text"] == "Hỏi lại\nđiều 3"


def test_the_reader_script_never_parses_annotation_text_as_html():
    from django.conf import settings

    for name in ("annotate.js", "annotations-store.js"):
        source = (settings.BASE_DIR / "static" / "js" / name).read_text()
        for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
            assert sink not in source, f"{name} uses {sink}"
    assert "textContent" in (settings.BASE_DIR / "static" / "js" / "annotate.js").read_text()


def test_the_tools_template_never_marks_anything_safe():
    from django.conf import settings

    folder = settings.BASE_DIR / "templates" / "annotations"
    for template in folder.glob("*.html"):
        assert "|safe" not in template.read_text()
        assert "autoescape off" not in template.read_text()
