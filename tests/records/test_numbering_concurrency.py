"""20 secretaries issuing at once on PostgreSQL get 20 distinct, consecutive numbers."""

import threading

import pytest
from django.db import connection, connections

from records import services
from records.models import Resolution, ResolutionSeries
from tests.conftest import without_real_services
from voting.models import Poll

ISSUERS = 20


@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_issues_get_twenty_consecutive_numbers(closed_sitting, people, keys):
    if connection.vendor != "postgresql":
        without_real_services("DATABASE_URL pointing at PostgreSQL")
    sitting, named, _secret = closed_sitting
    named.refresh_from_db()
    polls = [named] + [
        Poll.objects.create(
            sitting=sitting,
            item=named.item,
            kind=named.kind,
            title=f"Nghị quyết số {n} về đầu tư công",
            rule_base=named.rule_base,
            rule_numerator=named.rule_numerator,
            rule_denominator=named.rule_denominator,
            rule_comparison=named.rule_comparison,
            state=named.state,
            created_by=people["chutoa"],
            closed_at=named.closed_at,
            result=named.result,
            entitled=named.entitled,
        )
        for n in range(2, ISSUERS + 1)
    ]
    barrier = threading.Barrier(ISSUERS)
    errors: list[BaseException] = []

    def issue(poll):
        try:
            barrier.wait()
            services.issue_resolution(people["thuky"], poll)
        except BaseException as exc:  # reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=issue, args=(poll,)) for poll in polls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    numbers = sorted(Resolution.objects.values_list("number", flat=True))
    assert numbers == list(range(1, ISSUERS + 1))
    assert ResolutionSeries.objects.get().last_number == ISSUERS
    labels = set(Resolution.objects.values_list("file__number_label", flat=True))
    assert len(labels) == ISSUERS
