import io

import pytest
from django.core.management import call_command

from followup.models import TaskStatus
from questioning.models import Promise, Question, QuestionState
from questioning.record import record_rows
from records.models import Minutes
from records.services import minutes_content
from sessions.models import Sitting
from tests.records.helpers import pdf_text


@pytest.mark.django_db(transaction=True)
def test_the_demo_past_sitting_has_answered_questions_and_a_promise_made_a_task(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.RECORDS_KEY_DIR = tmp_path / "keys"
    settings.RECORDS_VAR_DIR = tmp_path / "records"
    settings.RECORDS_TRUST_ROOTS = [str(tmp_path / "keys" / "demo-ca.pem")]
    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())  # idempotent

    earlier = Sitting.objects.get(number=14)
    questions = Question.objects.filter(sitting=earlier)
    assert questions.count() == 3
    assert set(questions.values_list("state", flat=True)) == {QuestionState.ANSWERED}
    tasked = Promise.objects.get(sitting=earlier, task__isnull=False)
    assert tasked.task.agency.short_name == "Sở XD"
    assert tasked.task.status == TaskStatus.ASSIGNED
    assert Promise.objects.filter(sitting=earlier, task__isnull=True).count() == 1
    hall = record_rows(earlier)[0]
    assert hall.time_used == "4:28"  # the floor in the speakers' record of sitting 14
    # Built before the minutes: they carry the questioning.
    minutes = Minutes.objects.filter(sitting=earlier).order_by("-version").first()
    assert len(minutes_content(minutes).questions) == 3
    with minutes.file.pdf.open("rb") as fh:
        text = " ".join(pdf_text(fh.read()).split())
    assert "III. CHẤT VẤN VÀ TRẢ LỜI CHẤT VẤN" in text
