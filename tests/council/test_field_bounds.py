"""Every text a user can write has a length bound (issue 13, point 3).

Walks the models of every project app (council/bounds.py decides which apps are the
project's), so a new app's fields are checked without a change here. check_row_bounds
enforces each bound before every save, on SQLite as on PostgreSQL.
"""

from django.apps import apps
from django.db import models

from council.bounds import is_project_app

# Written by the app itself, never by a user, and bounded where they are made.
SYSTEM_TEXT = {
    # documents/_pdf_worker.py caps extracted text at 20,000 characters a page.
    ("documents", "DocumentPage", "text"),
    ("documents", "DocumentPage", "folded"),
    # The characters of a page, extracted beside the glyph boxes in the same sandbox.
    ("annotations", "PageGlyphs", "text"),
    # The ballot box's signed documents (a poll's key, its count), checked against its main
    # key before they are stored; a count grows with the number of ballots.
    ("voting", "Poll", "box_key_document"),
    ("voting", "Poll", "count_document"),
}


def test_every_text_field_of_the_project_has_a_length_bound():
    unbounded = [
        (model._meta.app_label, model.__name__, field.name)
        for model in apps.get_models()
        if is_project_app(model._meta.app_label)
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField) and field.max_length is None
    ]
    assert set(unbounded) <= SYSTEM_TEXT, unbounded
