"""Highlights made before words were kept get their selectors when the database migrates,
from the glyphs under their rectangles in the version they were made on."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from annotations.textmap import DocText, decode_boxes
from documents.pdf import extract_glyphs
from tests import anchoring_corpus as corpus

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("annotations", "0002_text_selectors_and_glyphs")]
AFTER = [("annotations", "0003_selectors_for_existing_annotations")]


def targets(annotations, executor):
    """``annotations`` with every other app at its latest: the historical models must have
    today's columns, and the database is left as the next tests expect it."""
    leaves = [node for node in executor.loader.graph.leaf_nodes() if node[0] != "annotations"]
    return annotations + leaves


def test_existing_highlights_get_the_quote_under_their_rectangles(sitting, delegate, media_root):
    body = corpus.paragraphs(9, 3)
    sentence = body[1][1]
    path = media_root / "documents" / "ab" / "draft.pdf"
    path.parent.mkdir(parents=True)
    path.write_bytes(corpus.render([body]))
    pages = extract_glyphs(path)
    doc = DocText.build([(p["text"], decode_boxes(p["boxes"])) for p in pages])
    start = doc.text.index(sentence)
    rects = doc.rects(start, start + len(sentence), 1)

    executor = MigrationExecutor(connection)
    before = targets(BEFORE, executor)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    document = old.get_model("documents", "Document").objects.create(
        sitting_id=sitting.pk, title="Dự thảo"
    )
    version = old.get_model("documents", "DocumentVersion").objects.create(
        document=document,
        number=1,
        file="documents/ab/draft.pdf",
        sha256="a" * 64,
        size=path.stat().st_size,
        page_count=len(pages),
    )
    when = datetime.datetime(2026, 12, 1, tzinfo=datetime.UTC)
    made = {
        kind: old.get_model("annotations", "Annotation").objects.create(
            version=version,
            page=1,
            author_id=delegate.pk,
            kind=kind,
            data=data,
            colour="#facc15",
            client_updated_at=when,
        )
        for kind, data in (
            ("highlight", {"rects": rects}),
            ("ink", {"strokes": [[[0.1, 0.1], [0.2, 0.2]]], "width": 0.004}),
        )
    }

    executor = MigrationExecutor(connection)
    after = targets(AFTER, executor)
    executor.migrate(after)
    new = executor.loader.project_state(after).apps
    Annotation = new.get_model("annotations", "Annotation")
    quote, position = Annotation.objects.get(pk=made["highlight"].pk).selectors
    assert quote["exact"] == sentence
    assert (position["start"], position["end"]) == (start, start + len(sentence))
    assert Annotation.objects.get(pk=made["ink"].pk).selectors == []
    assert new.get_model("annotations", "PageGlyphs").objects.filter(version_id=version.pk).exists()
