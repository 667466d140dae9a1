"""The record and the review's promises are a fixed number of queries, whatever the size: a
sitting's questioning runs to a hundred questions, the review rebuilds on each task change."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from followup.services.conclusions import set_review_item
from questioning import answering
from questioning.answering import PromiseInput
from questioning.record import earlier_promises, record_rows
from sessions.models import SittingState
from tests.conftest import make_sitting
from tests.questioning_record.conftest import give_floor_done, make_official, make_question

pytestmark = pytest.mark.django_db


def _questions(sitting, secretariat, authors, n):
    official = make_official(sitting, name=f"Quan chức {n}")
    for i in range(n):
        question = make_question(sitting, official, authors[i % len(authors)], text=f"Hỏi {i}")
        question.co_authors.add(*authors)
        give_floor_done(question, seconds=60 + i)
        answering.record_answer(
            secretariat,
            question.pk,
            gist=f"Đáp {i}",
            promise=PromiseInput(f"Hứa {i}", sitting.starts_on + datetime.timedelta(days=30)),
        )


def _count(fn):
    with CaptureQueriesContext(connection) as queries:
        fn()
    return len(queries)


def test_the_record_is_a_fixed_number_of_queries(sitting, secretariat, delegate, chair):
    _questions(sitting, secretariat, [delegate, chair], 1)
    one = _count(lambda: record_rows(sitting))
    _questions(sitting, secretariat, [delegate, chair], 12)
    assert len(record_rows(sitting)) == 13
    assert _count(lambda: record_rows(sitting)) == one


def test_the_reviews_promises_are_a_fixed_number_of_queries(sitting, secretariat, delegate):
    set_review_item(secretariat, sitting, sitting.items.first().pk, True)
    earlier = make_sitting(sitting.council, number=14, state=SittingState.CLOSED)
    _questions(earlier, secretariat, [delegate], 1)
    one = _count(lambda: earlier_promises(sitting))
    _questions(earlier, secretariat, [delegate], 10)
    assert sum(len(b["rows"]) for b in earlier_promises(sitting)) == 11
    assert _count(lambda: earlier_promises(sitting)) == one
