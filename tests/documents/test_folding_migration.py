"""Pages stored before search was folded get their folded copy when the database migrates."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("documents", "0002_reading_copy")]
AFTER = [("documents", "0003_page_text_folded")]


def test_pages_already_stored_are_normalised_and_folded(sitting):
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    document = old.get_model("documents", "Document").objects.create(
        sitting_id=sitting.pk, title="Tờ trình"
    )
    version = old.get_model("documents", "DocumentVersion").objects.create(
        document=document, number=1, file="x.pdf", sha256="a" * 64, size=1, page_count=1
    )
    old.get_model("documents", "DocumentPage").objects.create(
        version=version, number=1, text="Nga\u0302n sa\u0301ch NĂM 2027"
    )

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    page = new.get_model("documents", "DocumentPage").objects.get(version_id=version.pk)
    assert (page.text, page.folded) == ("Ngân sách NĂM 2027", "ngan sach nam 2027")
