"""Questioning personas beyond the council's and the follow-up's: an official of the sitting
(Director of the Department of Planning, linked to its agency) and questions built with the
ORM (the asking flow is another module's; the record starts where it ends)."""

import datetime

import pytest
from django.utils import timezone

from questioning.models import Official, Question, QuestionGroup, QuestionState
from sessions.models import SpeakerKind, SpeakerRequest, SpeakerState
from tests.followup.conftest import (  # noqa: F401
    agency,
    make_agency,
    make_officer,
    officer,
    other_agency,
    other_officer,
)


def make_official(sitting, name="Nguyễn Văn Sở", office="Giám đốc Sở Kế hoạch và Đầu tư", **kw):
    return Official.objects.create(sitting=sitting, name=name, office=office, **kw)


def make_question(
    sitting, official, author, *, state=QuestionState.ASKED, text="Vì sao giải ngân chậm?", **kw
):
    return Question.objects.create(
        sitting=sitting,
        official=official,
        author=author,
        text=text,
        state=state,
        registered_at=kw.pop("registered_at", timezone.now()),
        **kw,
    )


def give_floor_done(question, seconds=185):
    """The question's floor, over: its timer used `seconds`."""
    floor = SpeakerRequest.objects.create(
        sitting=question.sitting,
        member=question.author,
        kind=SpeakerKind.QUESTION,
        addressee=str(question.official),
        state=SpeakerState.DONE,
        started_at=timezone.now() - datetime.timedelta(seconds=seconds),
        ended_at=timezone.now(),
        spoken_seconds=seconds,
    )
    question.floor = floor
    question.save(update_fields=["floor"])
    return floor


@pytest.fixture
def official(sitting, agency):  # noqa: F811
    return make_official(sitting, agency=agency)


@pytest.fixture
def qgroup(sitting, official):
    return QuestionGroup.objects.create(sitting=sitting, official=official, topic="Đầu tư công")


@pytest.fixture
def question(sitting, official, delegate, qgroup):
    return make_question(sitting, official, delegate, group=qgroup)


def promised_on(sitting, days=20):
    return sitting.starts_on + datetime.timedelta(days=days)
