import io

import pytest
from django.core.management import call_command

from followup.models import Agency, ReviewItem, Task, TaskStatus
from sessions.models import Sitting, SittingState


@pytest.mark.django_db(transaction=True)
def test_the_demo_has_agencies_and_tasks_in_every_state_some_overdue(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    output = io.StringIO()
    call_command("seed_demo", stdout=output)
    call_command("seed_demo", stdout=output)
    text = output.getvalue()
    assert text.count("sokhdt") == 2 and "ubndq1" in text

    assert Agency.objects.count() == 7
    earlier = Sitting.objects.get(number=14)
    assert earlier.state == SittingState.CLOSED
    tasks = Task.objects.filter(conclusion__sitting=earlier)
    assert set(tasks.values_list("status", flat=True)) == set(TaskStatus.values)
    assert tasks.overdue().count() >= 2
    assert ReviewItem.objects.filter(item__sitting__number=15).count() == 1
