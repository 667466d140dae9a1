import pytest
from django.urls import reverse

from council.audit import AuditEntry
from followup.models import Agency
from followup.services.agencies import add_agency, set_active
from sessions.errors import ActionRefused, NotAllowed
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def test_the_secretariat_adds_an_agency(secretariat):
    client = client_for(secretariat)
    response = client.post(
        reverse("followup:agency_add"),
        {"name": "Sở Y tế", "short_name": "Sở YT", "kind": "department"},
    )
    assert response.status_code == 302
    agency = Agency.objects.get()
    assert agency.council_id == secretariat.council_id
    assert AuditEntry.objects.filter(action="followup.agency.added").exists()
    assert "Sở Y tế" in client.get(reverse("followup:agencies")).content.decode()


def test_a_duplicate_agency_is_refused(secretariat, agency):
    with pytest.raises(ActionRefused):
        add_agency(secretariat, agency.name, "Khác", "department")


def test_an_unknown_kind_is_refused(secretariat):
    with pytest.raises(ActionRefused):
        add_agency(secretariat, "Sở A", "SA", "<script>")


def test_the_chair_and_agencies_do_not_manage_the_list(chair, officer, agency):
    for member in (chair, officer):
        with pytest.raises(NotAllowed):
            set_active(member, agency.pk, False)
        assert client_for(member).get(reverse("followup:agencies")).status_code == 404


def test_an_inactive_agency_is_offered_no_new_task(secretariat, chair, agency, conclusion):
    from followup.services.assign import assign_task

    set_active(secretariat, agency.pk, False)
    with pytest.raises(ActionRefused):
        assign_task(chair, conclusion, agency_id=agency.pk, deadline=conclusion.created_at.date())


def test_another_councils_agency_is_not_found(secretariat, other_council):
    foreign = Agency.objects.create(council=other_council, name="Sở khác", short_name="SK")
    with pytest.raises(ActionRefused):
        set_active(secretariat, foreign.pk, False)
