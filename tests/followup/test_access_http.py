"""Who sees what over HTTP: an agency's officer sees only the agency's tasks and the
conclusions behind them, never another agency's task, a sitting's room, documents or ballots."""

import pytest
from django.urls import reverse

from followup.models import Task, TaskStatus
from followup.services import agency_moves
from tests.conftest import client_for
from tests.followup.conftest import pdf_upload
from tests.sessions.test_speakers import published_version

pytestmark = pytest.mark.django_db


@pytest.fixture
def secret_task(conclusion, other_agency, chair):
    return Task.objects.create(
        council=conclusion.sitting.council,
        conclusion=conclusion,
        agency=other_agency,
        assigned_by=chair,
        title="Việc riêng của Quận 1",
        deadline=conclusion.created_at.date(),
    )


def test_an_agency_officer_lands_on_their_tasks(officer):
    response = client_for(officer).get("/")
    assert response.status_code == 302 and response["Location"] == reverse("followup:my_tasks")


def test_the_list_shows_only_the_agencys_tasks(officer, task, secret_task):
    page = client_for(officer).get(reverse("followup:my_tasks")).content.decode()
    assert task.title in page and secret_task.title not in page


def test_an_officer_reads_their_agencys_task(officer, task):
    assert client_for(officer).get(reverse("followup:task", args=[task.pk])).status_code == 200


def test_an_officer_cannot_read_another_agencys_task(officer, secret_task):
    response = client_for(officer).get(reverse("followup:task", args=[secret_task.pk]))
    assert response.status_code == 404


def test_an_officer_cannot_read_another_agencys_report(officer, other_officer, other_task):
    other_task.status = TaskStatus.IN_PROGRESS
    other_task.save()
    report = agency_moves.submit_report(
        other_officer, other_task.pk, other_task.version, "Riêng", [pdf_upload()]
    )
    attachment = report.attachments.get()
    url = reverse("followup:attachment", args=[attachment.pk])
    assert client_for(officer).get(url).status_code == 404
    own = client_for(other_officer).get(url)
    own.close()
    assert own.status_code == 200 and own["Content-Type"] == "application/pdf"


def test_an_officer_cannot_act_on_another_agencys_task(officer, secret_task):
    url = reverse("followup:move", args=[secret_task.pk, "acknowledge"])
    response = client_for(officer).post(url, {"version": secret_task.version})
    assert response.status_code == 404
    secret_task.refresh_from_db()
    assert secret_task.status == TaskStatus.ASSIGNED


def test_an_officer_reads_the_conclusion_behind_their_task(officer, task):
    url = reverse("followup:conclusion", args=[task.conclusion_id])
    page = client_for(officer).get(url).content.decode()
    assert task.conclusion.text in page


def test_an_officer_cannot_read_a_conclusion_without_their_task(officer, secret_task):
    url = reverse("followup:conclusion", args=[secret_task.conclusion_id])
    assert client_for(officer).get(url).status_code == 404


def test_an_officer_never_enters_a_sitting(officer, live_sitting):
    client = client_for(officer)
    assert client.get(reverse("sessions:room", args=[live_sitting.pk])).status_code == 404
    assert client.get(reverse("sessions:chair", args=[live_sitting.pk])).status_code == 404
    listing = client.get(reverse("sessions:list")).content.decode()
    assert live_sitting.title not in listing


def test_an_officer_cannot_read_a_sittings_documents(officer, live_sitting):
    version = published_version(live_sitting)
    client = client_for(officer)
    assert client.get(reverse("documents:version", args=[version.pk])).status_code == 404
    assert client.get(reverse("documents:file", args=[version.pk])).status_code == 404
    assert client.get(reverse("documents:reader", args=[live_sitting.pk])).status_code == 404


def test_an_officer_cannot_see_ballots_or_results(officer, live_sitting, chair):
    from tests.voting.conftest import open_motion

    poll = open_motion(chair, live_sitting)
    client = client_for(officer)
    assert client.get(reverse("voting:result", args=[poll.pk])).status_code == 404
    assert client.get(reverse("voting:my_vote", args=[live_sitting.pk])).status_code == 404
    assert client.get(reverse("voting:sitting_results", args=[live_sitting.pk])).status_code == 404
    cast = client.post(reverse("voting:cast", args=[poll.pk]), {"choice": "yes"})
    assert cast.status_code == 404
    assert not poll.ballots.exists()


def test_an_officer_has_no_dashboard_nor_exports(officer):
    client = client_for(officer)
    for name in ("followup:dashboard", "followup:export_csv", "followup:export_xlsx"):
        assert client.get(reverse(name)).status_code == 404


def test_a_delegate_reads_any_task_of_the_council(delegate, secret_task):
    assert (
        client_for(delegate).get(reverse("followup:task", args=[secret_task.pk])).status_code == 200
    )


def test_a_delegate_cannot_assign(delegate, conclusion, agency):
    url = reverse("followup:assign", args=[conclusion.pk])
    response = client_for(delegate).post(url, {"agency": agency.pk, "deadline": "2099-01-01"})
    assert response.status_code == 404
    assert not Task.objects.exists()


def test_a_delegate_cannot_record_a_conclusion(delegate, live_sitting):
    url = reverse("followup:record", args=[live_sitting.pk])
    assert client_for(delegate).post(url, {"text": "Không"}).status_code == 404


def test_a_hall_screen_reads_no_task(screen, task):
    assert client_for(screen).get(reverse("followup:task", args=[task.pk])).status_code == 404


def test_another_council_does_not_find_the_task(outsider, task):
    assert client_for(outsider).get(reverse("followup:task", args=[task.pk])).status_code == 404


def test_a_missing_attachment_file_is_404_not_500(officer, task, media_root):
    task.status = TaskStatus.IN_PROGRESS
    task.save()
    report = agency_moves.submit_report(officer, task.pk, task.version, "Có tệp", [pdf_upload()])
    attachment = report.attachments.get()
    (media_root / attachment.file.name).unlink()
    url = reverse("followup:attachment", args=[attachment.pk])
    assert client_for(officer).get(url).status_code == 404
