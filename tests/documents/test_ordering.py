"""The secretariat puts an item's documents in order; tablets list them that way."""

import pytest

from council.audit import AuditEntry
from documents import ordering, services
from documents.queries import visible_documents
from sessions.errors import ActionRefused, NotAllowed
from tests.conftest import client_for
from tests.documents.conftest import upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def item_documents(secretariat, sitting):
    """Report, annex and draft under the second item, and a loose document between them."""
    item = sitting.items.order_by("position")[1]
    report = upload(secretariat, sitting, title="Tờ trình", item=item)
    upload(secretariat, sitting, title="Tài liệu khác")
    annex = upload(secretariat, sitting, title="Phụ lục", item=item)
    draft = upload(secretariat, sitting, title="Dự thảo nghị quyết", item=item)
    services.publish_all(secretariat, sitting)
    return report, annex, draft


def titles(sitting, member, item_id):
    return [d.title for d in visible_documents(sitting, member) if d.agenda_item_id == item_id]


def test_a_document_moves_up_and_down_under_its_item(
    secretariat, delegate, sitting, item_documents
):
    report, _annex, draft = item_documents
    ordering.move_document(secretariat, draft, -1)
    assert titles(sitting, delegate, report.agenda_item_id) == [
        "Tờ trình",
        "Dự thảo nghị quyết",
        "Phụ lục",
    ]
    ordering.move_document(secretariat, report, +1)
    assert titles(sitting, delegate, report.agenda_item_id) == [
        "Dự thảo nghị quyết",
        "Tờ trình",
        "Phụ lục",
    ]
    assert AuditEntry.objects.filter(action="documents.document.moved").count() == 2


def test_the_ends_refuse_and_change_nothing(secretariat, delegate, sitting, item_documents):
    report, _annex, draft = item_documents
    with pytest.raises(ActionRefused):
        ordering.move_document(secretariat, report, -1)
    with pytest.raises(ActionRefused):
        ordering.move_document(secretariat, draft, +1)
    assert titles(sitting, delegate, report.agenda_item_id) == [
        "Tờ trình",
        "Phụ lục",
        "Dự thảo nghị quyết",
    ]


def test_only_the_secretariat_arranges_documents(delegate, chair, item_documents):
    for member in (delegate, chair):
        with pytest.raises(NotAllowed):
            ordering.move_document(member, item_documents[0], +1)


def test_the_manage_page_buttons_move_a_document(secretariat, delegate, sitting, item_documents):
    report, _annex, _draft = item_documents
    response = client_for(secretariat).post(f"/documents/d/move-down/{report.pk}/")
    assert response.status_code == 302
    assert titles(sitting, delegate, report.agenda_item_id)[:2] == ["Phụ lục", "Tờ trình"]
    assert client_for(delegate).post(f"/documents/d/move-up/{report.pk}/").status_code == 404


# --- drag and drop (issue 18, point 15) -------------------------------------------------


def test_a_dropped_document_goes_before_its_new_neighbour_through_the_form(
    secretariat, delegate, sitting, item_documents
):
    report, _annex, draft = item_documents
    client = client_for(secretariat)
    answer = client.post(
        f"/documents/sittings/{sitting.pk}/place/",
        {"document": draft.pk, "before": report.pk},
        HTTP_HX_REQUEST="true",
    )
    assert answer.status_code in (200, 302)
    assert titles(sitting, delegate, report.agenda_item_id) == [
        "Dự thảo nghị quyết",
        "Tờ trình",
        "Phụ lục",
    ]
    client.post(f"/documents/sittings/{sitting.pk}/place/", {"document": draft.pk, "before": ""})
    assert titles(sitting, delegate, report.agenda_item_id)[-1] == "Dự thảo nghị quyết"


def test_a_drop_with_bad_ids_or_by_a_delegate_changes_nothing(
    secretariat, delegate, sitting, other_council, item_documents
):
    report, _annex, draft = item_documents
    before = titles(sitting, delegate, report.agenda_item_id)
    url = f"/documents/sittings/{sitting.pk}/place/"
    assert (
        client_for(delegate).post(url, {"document": draft.pk, "before": report.pk}).status_code
        == 404
    )
    assert client_for(secretariat).post(url, {"document": "x"}).status_code == 404
    assert client_for(secretariat).post(url, {"document": "999999"}).status_code == 404
    wrong = client_for(secretariat).post(
        f"/documents/sittings/{sitting.pk + 1000}/place/", {"document": draft.pk}
    )
    assert wrong.status_code == 404
    assert titles(sitting, delegate, report.agenda_item_id) == before
