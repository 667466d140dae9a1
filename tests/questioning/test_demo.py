import io

import pytest
from django.core.management import call_command

from questioning.models import Official, Question, QuestionState


@pytest.mark.django_db(transaction=True)
def test_the_demo_has_officials_and_registered_questions_one_quoting_the_report(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())  # idempotent

    sitting_officials = Official.objects.filter(sitting__number=15)
    assert sitting_officials.count() == 4
    assert all(o.agency_id for o in sitting_officials)
    questions = Question.objects.filter(sitting__number=15)
    assert questions.count() == 4
    assert set(questions.values_list("state", flat=True)) == {QuestionState.REGISTERED}
    quoting = questions.exclude(version=None).get()
    assert quoting.quote.startswith("Các chương trình đột phá") and quoting.rects
