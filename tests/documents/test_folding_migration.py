"""Pages stored before search was folded get their folded copy when the database migrates."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

AFTER = [("documents", "0003_page_text_folded")]


def targets(documents, executor):
    """``documents`` with every other app at its latest: migrating documents back unapplies
    the apps that depend on it (questioning), and the next tests expect their tables."""
    leaves = [node for node in executor.loader.graph.leaf_nodes() if node[0] != "documents"]
    return documents + leaves


def test_pages_already_stored_are_normalised_and_folded(sitting):
    executor = MigrationExecutor(connection)
    before = [("documents", "0002_reading_copy")]
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
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
    after = targets(AFTER, executor)
    executor.migrate(after)
    new = executor.loader.project_state(after).apps
    page = new.get_model("documents", "DocumentPage").objects.get(version_id=version.pk)
    assert (page.text, page.folded) == ("Ngân sách NĂM 2027", "ngan sach nam 2027")


def test_the_apps_above_documents_have_their_tables_again(sitting):
    """Questioning's tables, dropped with documents 0003, come back with the rest."""
    test_pages_already_stored_are_normalised_and_folded(sitting)
    from questioning.models import Question

    assert Question.objects.count() == 0
