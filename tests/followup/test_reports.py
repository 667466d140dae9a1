import pytest

from followup.models import ReportAttachment, TaskStatus
from followup.services import agency_moves
from sessions.errors import ActionRefused
from tests import pdf_corpus
from tests.followup.conftest import files_under, make_task, pdf_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def working(conclusion, agency, chair):
    return make_task(conclusion, agency, chair, status=TaskStatus.IN_PROGRESS)


def test_a_report_with_pdfs_is_stored_and_the_task_is_reported(working, officer, media_root):
    report = agency_moves.submit_report(
        officer, working.pk, working.version, "Đã hoàn thành rà soát", [pdf_upload()]
    )
    working.refresh_from_db()
    assert working.status == TaskStatus.REPORTED
    attachment = ReportAttachment.objects.get(report=report)
    assert attachment.pages == 2 and attachment.filename == "bao-cao.pdf"
    assert (media_root / attachment.file.name).exists()


def test_a_file_that_is_no_pdf_refuses_the_whole_report(working, officer, media_root):
    with pytest.raises(ActionRefused):
        agency_moves.submit_report(
            officer,
            working.pk,
            working.version,
            "Báo cáo",
            [pdf_upload(), pdf_upload(pdf_corpus.not_pdf(), name="virus.exe")],
        )
    working.refresh_from_db()
    assert working.status == TaskStatus.IN_PROGRESS and not working.reports.exists()
    assert files_under(media_root / "followup") == []
    assert [p for p in files_under(media_root) if p.suffix == ".part"] == []


def test_a_report_needs_text(working, officer):
    with pytest.raises(ActionRefused):
        agency_moves.submit_report(officer, working.pk, working.version, "", [])


def test_too_many_attachments_are_refused(working, officer):
    with pytest.raises(ActionRefused):
        agency_moves.submit_report(
            officer, working.pk, working.version, "Nhiều tệp", [pdf_upload() for _ in range(6)]
        )
