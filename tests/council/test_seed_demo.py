import io

import pytest
from django.core.management import call_command

from council.models import Council, Member, Role
from documents.models import Document
from sessions.models import Sitting


@pytest.mark.django_db(transaction=True)
def test_the_demo_seeds_the_council_once_however_often_it_runs(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.RECORDS_KEY_DIR = tmp_path / "keys"
    settings.RECORDS_VAR_DIR = tmp_path / "records"
    output = io.StringIO()
    call_command("seed_demo", stdout=output)
    call_command("seed_demo", stdout=output)
    assert output.getvalue().count("daibieu01") == 2  # the logins are printed each time

    council = Council.objects.get()
    assert council.total_delegates == 95
    assert Member.objects.filter(council=council).delegates().count() == 95
    assert Member.objects.filter(council=council).exclude(role=Role.AGENCY).count() == 98
    sitting = Sitting.objects.get(number=15)
    assert sitting.items.count() == 9  # with the follow-up review of sitting 14 (issue 15)
    assert Document.objects.filter(sitting=sitting, published=True).count() == 3
    assert Document.objects.filter(confidential=True).count() == 1
