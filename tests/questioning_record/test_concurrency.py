"""Two consoles pressing "Giao việc" on the same promise at once, on PostgreSQL: one task."""

import threading

import pytest
from django.db import connection, connections

from followup.models import Task
from questioning import answering
from questioning.answering import PromiseInput
from questioning.models import Promise
from sessions.errors import ActionRefused
from tests.conftest import without_real_services
from tests.questioning_record.conftest import promised_on

CONSOLES = 6


@pytest.mark.django_db(transaction=True)
def test_concurrent_giao_viec_makes_one_task(secretariat, chair, sitting, question):
    if connection.vendor != "postgresql":
        without_real_services("DATABASE_URL pointing at PostgreSQL")
    answering.record_answer(
        secretariat,
        question.pk,
        gist="Trả lời",
        promise=PromiseInput("Khởi công cầu", promised_on(sitting)),
    )
    promise = Promise.objects.get()
    barrier = threading.Barrier(CONSOLES)
    made: list[int] = []
    refused: list[str] = []
    errors: list[BaseException] = []

    def press(actor):
        try:
            barrier.wait()
            made.append(answering.promise_to_task(actor, promise.pk).pk)
        except ActionRefused as refusal:
            refused.append(str(refusal.message))
        except BaseException as exc:  # reported below
            errors.append(exc)
        finally:
            connections.close_all()

    actors = [secretariat, chair] * (CONSOLES // 2)
    threads = [threading.Thread(target=press, args=(actor,)) for actor in actors]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(made) == 1 and len(refused) == CONSOLES - 1
    assert Task.objects.count() == 1
    assert Promise.objects.get().task_id == made[0]
