"""No N+1: the dashboard, an agency's list and the follow-up review take as many queries for
many tasks as for a few."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from followup.models import Agency, Task
from sessions.regions import render_regions
from tests.conftest import client_for
from tests.followup.factory import seed_tasks

pytestmark = pytest.mark.django_db


def queries(work) -> int:
    with CaptureQueriesContext(connection) as captured:
        work()
    return len(captured)


@pytest.fixture
def few(council, chair):
    return seed_tasks(council, chair, tasks=12, agencies=3, sittings=2, conclusions_per_sitting=3)


def more(council, chair, few):
    # Grown in place: 30 times the tasks, more agencies, sittings and conclusions.
    seed_tasks(
        council,
        chair,
        tasks=360,
        agencies=9,
        sittings=3,
        conclusions_per_sitting=10,
        first_number=50,
    )
    assert Task.objects.count() == 372


def test_the_dashboard_takes_the_same_queries_for_many_tasks(council, chair, secretariat, few):
    client = client_for(secretariat)
    url = reverse("followup:dashboard")
    small = queries(lambda: client.get(url))
    more(council, chair, few)
    large = queries(lambda: client.get(url))
    assert small == large
    assert large <= 16


def test_an_agencys_list_takes_the_same_queries_for_many_tasks(council, chair, few):
    agency = Agency.objects.first()
    officer = agency.head
    client = client_for(officer)
    small = queries(lambda: client.get(reverse("followup:my_tasks")))
    more(council, chair, few)
    large = queries(lambda: client.get(reverse("followup:my_tasks")))
    assert small == large


def test_the_review_takes_the_same_queries_for_many_tasks(council, chair, few):
    def render():
        render_regions(few, ("followup-review", "screen-followup"), "vi")

    small = queries(render)
    more(council, chair, few)
    large = queries(render)
    assert small == large
    assert large <= 8
