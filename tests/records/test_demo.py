"""The demo's sitting 14: seeded once however often seed_demo runs, its resolution signed and
issued, and its verification page (printed by seed_demo) finding the downloaded file authentic."""

import io

import pytest
from django.core.management import call_command
from django.test import Client

from records.models import RecordFile, RecordKind, RecordState, Resolution
from sessions.models import Sitting, SittingState
from voting.models import Poll


@pytest.mark.django_db(transaction=True)
def test_seed_demo_issues_sitting_14s_records_once(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.RECORDS_KEY_DIR = tmp_path / "keys"
    settings.RECORDS_VAR_DIR = tmp_path / "records"
    settings.RECORDS_TRUST_ROOTS = [str(tmp_path / "keys" / "demo-ca.pem")]
    output = io.StringIO()
    call_command("seed_demo", stdout=output)
    call_command("seed_demo", stdout=output)
    sitting = Sitting.objects.get(number=14)
    assert sitting.state == SittingState.CLOSED
    assert Poll.objects.filter(sitting=sitting).count() == 2
    assert Poll.objects.filter(sitting=sitting, secret=True).count() == 1
    assert Resolution.objects.count() == 1
    files = RecordFile.objects.filter(sitting=sitting, state=RecordState.ISSUED)
    assert {f.kind for f in files} == {RecordKind.MINUTES, RecordKind.RESOLUTION}
    resolution = files.get(kind=RecordKind.RESOLUTION)
    assert resolution.number_label == "1/NQ-HĐND"
    link = f"{settings.RECORDS_PUBLIC_URL}/xac-thuc/{resolution.code}/"
    assert output.getvalue().count(link) == 2
    assert "DEMO — không có giá trị pháp lý" in resolution.signatures.get().certificate_subject

    client = Client()
    download = client.get(f"/xac-thuc/{resolution.code}/tai-ve/")
    data = b"".join(download.streaming_content)
    upload = io.BytesIO(data)
    upload.name = "nghi-quyet.pdf"
    answer = client.post(f"/xac-thuc/{resolution.code}/", {"file": upload})
    assert 'data-outcome="authentic"' in answer.text
