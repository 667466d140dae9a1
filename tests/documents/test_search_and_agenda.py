"""Search across the sitting's documents, and the secretariat's agenda builder."""

import pytest

from council.audit import AuditEntry
from documents import services
from documents.models import Document
from sessions import services as sitting_services
from sessions.errors import ActionRefused
from tests import pdf_corpus as corpus
from tests.conftest import client_for
from tests.documents.conftest import upload

pytestmark = pytest.mark.django_db

BUDGET = ["Mở đầu", "Dự toán ngân sách năm 2027", "Kết luận"]


def test_search_finds_the_page_and_links_straight_to_it(secretariat, delegate, sitting):
    document = upload(
        secretariat, sitting, title="Tờ trình", data=corpus.valid_pdf(3, texts=BUDGET)
    )
    services.publish_document(secretariat, document)
    version = document.versions.get()

    response = client_for(delegate).get(
        f"/documents/sittings/{sitting.pk}/search/", {"q": "ngân sách"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert f"#v={version.pk}&amp;page=2" in html
    assert "page=1" not in html and "page=3" not in html


def test_search_ignores_case_and_diacritics_and_shows_the_text_as_written(
    secretariat, delegate, sitting
):
    from documents.queries import search

    # Letters the test PDF's standard font can write (Latin-1): "ự" would come back as "?".
    texts = ["Mở đầu", "Báo cáo ngân sách tài chính", "Kết luận"]
    document = upload(secretariat, sitting, title="Tờ trình", data=corpus.valid_pdf(3, texts=texts))
    services.publish_document(secretariat, document)

    for query in ("ngan sach", "NGÂN SÁCH", "  Ngân   sách "):
        (hit,) = search(sitting, delegate, query)
        assert hit.page == 2
        assert (hit.before, hit.match, hit.after) == ("Báo cáo", "ngân sách", "tài chính")
    assert search(sitting, delegate, "ngan sachs") == []


def test_search_does_not_show_delegates_unpublished_documents(secretariat, delegate, sitting):
    upload(secretariat, sitting, title="Dự thảo", data=corpus.valid_pdf(3, texts=BUDGET))
    delegate_html = (
        client_for(delegate)
        .get(f"/documents/sittings/{sitting.pk}/search/", {"q": "ngân sách"})
        .content.decode()
    )
    secretariat_html = (
        client_for(secretariat)
        .get(f"/documents/sittings/{sitting.pk}/search/", {"q": "ngân sách"})
        .content.decode()
    )
    assert "Dự thảo" not in delegate_html
    assert "Dự thảo" in secretariat_html


def test_search_looks_only_at_the_latest_version(secretariat, delegate, sitting):
    from tests.documents.conftest import pdf_file

    document = upload(secretariat, sitting, data=corpus.valid_pdf(3, texts=BUDGET))
    services.add_version(secretariat, document, pdf_file(corpus.valid_pdf(1, texts=["Khác"])))
    services.publish_document(secretariat, document)
    html = (
        client_for(delegate)
        .get(
            f"/documents/sittings/{sitting.pk}/search/", {"q": "ngân sách"}, HTTP_HX_REQUEST="true"
        )
        .content.decode()
    )
    assert 'class="search-hit"' not in html


def test_an_outsider_cannot_search_the_sitting(outsider, sitting):
    response = client_for(outsider).get(f"/documents/sittings/{sitting.pk}/search/", {"q": "ab"})
    assert response.status_code == 404


def test_items_move_up_and_down_and_the_ends_refuse(secretariat, sitting):
    first, second, third = sitting.items.order_by("position")
    sitting_services.move_agenda_item(secretariat, sitting, third.pk, -1)
    assert list(sitting.items.order_by("position")) == [first, third, second]
    with pytest.raises(ActionRefused):
        sitting_services.move_agenda_item(secretariat, sitting, first.pk, -1)
    with pytest.raises(ActionRefused):
        sitting_services.move_agenda_item(secretariat, sitting, second.pk, 1)
    assert AuditEntry.objects.filter(action="sessions.item.moved").count() == 1


def test_removing_an_item_keeps_its_documents_as_other_documents(secretariat, sitting):
    item = sitting.items.order_by("position").first()
    document = upload(secretariat, sitting, item=item)
    sitting_services.remove_agenda_item(secretariat, sitting, item.pk)

    document.refresh_from_db()
    assert document.agenda_item is None
    assert list(sitting.items.values_list("position", flat=True)) == [1, 2]


def test_the_item_the_hall_is_on_cannot_be_removed(secretariat, live_sitting):
    with pytest.raises(ActionRefused):
        sitting_services.remove_agenda_item(secretariat, live_sitting, live_sitting.current_item_id)


def test_a_delegate_cannot_edit_the_agenda(delegate, sitting):
    item = sitting.items.first()
    response = client_for(delegate).post(
        f"/sittings/{sitting.pk}/manage/items/{item.pk}/", {"title": "Hacked"}
    )
    assert response.status_code == 404
    item.refresh_from_db()
    assert item.title != "Hacked"


def test_the_builder_edits_moves_and_publishes_through_its_forms(secretariat, sitting):
    client = client_for(secretariat)
    first, second, _third = sitting.items.order_by("position")
    client.post(f"/sittings/{sitting.pk}/manage/items/{first.pk}/", {"title": "Khai mạc (sửa)"})
    client.post(f"/sittings/{sitting.pk}/manage/items/{second.pk}/up/", HTTP_HX_REQUEST="true")
    document = upload(secretariat, sitting, item=second)
    client.post(f"/documents/d/publish/{document.pk}/")

    first.refresh_from_db()
    assert first.title == "Khai mạc (sửa)"
    assert sitting.items.order_by("position").first() == second
    assert Document.objects.get().published
    page = client.get(f"/sittings/{sitting.pk}/manage/").content.decode()
    assert 'id="agenda-builder"' in page
    assert f'id="document-{document.pk}"' in page
