"""The questioning is part of the minutes: each question, who asked, the answer's gist, the
time used and the promises, in the assembled content and in the signed PDF."""

import datetime

import pytest

from questioning import answering
from questioning.answering import PromiseInput
from questioning.models import QuestionState
from records import assembly, services
from tests.questioning_record.conftest import give_floor_done, make_official, make_question
from tests.records.conftest import (  # noqa: F401  (the records' fixtures, autouse ones too)
    _no_voting_threads,
    _record_dirs,
    closed_sitting,
    keys,
    people,
    small_council,
)
from tests.records.helpers import pdf_text

pytestmark = pytest.mark.django_db

DUE = datetime.date(2027, 3, 31)


def _questioned(closed_sitting, people):  # noqa: F811
    sitting = closed_sitting[0]
    official = make_official(sitting, name="Trần Văn Tài", office="Giám đốc Sở Tài chính")
    question = make_question(
        sitting, official, people["db2"], text="Vì sao dự toán chi đầu tư chậm giao?"
    )
    question.co_authors.add(people["db3"])
    give_floor_done(question, seconds=240)
    answering.record_answer(
        people["thuky"],
        question.pk,
        gist="Sở sẽ trình phương án giao vốn trong tháng 1.",
        promise=PromiseInput("Trình phương án giao vốn đầu tư công", DUE),
    )
    # A registered question the sitting had no time for: in the minutes, answered in writing.
    make_question(sitting, official, people["db4"], state=QuestionState.REGISTERED, text="Hỏi B")
    # A draft stays its author's: never in the minutes.
    make_question(sitting, official, people["db5"], state=QuestionState.DRAFT, text="Nháp riêng")
    return sitting


def test_the_assembled_minutes_carry_the_questioning(closed_sitting, people):  # noqa: F811
    sitting = _questioned(closed_sitting, people)
    content = assembly.assemble(sitting, notes={}, absence_reasons={})
    first, second = content.questions
    assert first.authors == ["Lê Thị Hồng Nhung", "Phạm Quốc Bảo"]
    assert first.addressed_to == "Trần Văn Tài, Giám đốc Sở Tài chính"
    assert (first.answered, first.duration) == (True, "4 phút 00 giây")
    assert [(p.text, p.due) for p in first.promises] == [
        ("Trình phương án giao vốn đầu tư công", "31/03/2027")
    ]
    assert (second.text, second.answered) == ("Hỏi B", False)


def test_a_sitting_without_questions_has_no_questioning_section(closed_sitting):  # noqa: F811
    content = assembly.assemble(closed_sitting[0], notes={}, absence_reasons={})
    assert content.questions == []


def test_the_signed_minutes_pdf_has_the_questioning_section(
    closed_sitting,  # noqa: F811
    people,  # noqa: F811
    keys,  # noqa: F811
):
    sitting = _questioned(closed_sitting, people)
    minutes = services.open_minutes(people["thuky"], sitting)
    record = services.finalise_minutes(people["thuky"], minutes)
    with record.pdf.open("rb") as fh:
        text = " ".join(pdf_text(fh.read()).split())
    assert "III. CHẤT VẤN VÀ TRẢ LỜI CHẤT VẤN" in text
    assert "Đại biểu Lê Thị Hồng Nhung, Phạm Quốc Bảo chất vấn Trần Văn Tài" in text
    assert "Sở sẽ trình phương án giao vốn trong tháng 1." in text
    assert "Trình phương án giao vốn đầu tư công (hạn 31/03/2027)" in text
    assert "Nháp riêng" not in text


def test_the_minutes_editor_shows_the_questioning(closed_sitting, people):  # noqa: F811
    from django.urls import reverse

    from tests.conftest import client_for

    sitting = _questioned(closed_sitting, people)
    client = client_for(people["thuky"])
    client.post(reverse("records:minutes", args=[sitting.pk]))
    html = client.get(reverse("records:minutes", args=[sitting.pk])).content.decode()
    assert 'id="minutes-questioning"' in html
    assert "Sở sẽ trình phương án giao vốn trong tháng 1." in html
    assert "Trình phương án giao vốn đầu tư công (31/03/2027)" in html
