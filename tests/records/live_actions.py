"""The records' event for tests/live/test_event_consistency.py: the minutes of the sitting,
signed by the secretary and the chair with demo keys, are issued (the last event sent)."""

import tempfile
from pathlib import Path

from django.test import override_settings

from records import demo_keys, services
from sessions import services as sitting_services
from sessions.models import SittingState

PIN = "1357"


def issue_minutes(personas, sitting):
    chair, secretariat = personas["chair"], personas["secretariat"]
    sitting_services.change_sitting_state(chair, sitting, SittingState.IN_PROGRESS)
    sitting_services.change_sitting_state(chair, sitting, SittingState.CLOSED)
    folder = Path(tempfile.mkdtemp(prefix="records-live-"))
    with override_settings(
        MEDIA_ROOT=folder / "media", RECORDS_KEY_DIR=folder / "keys", RECORDS_VAR_DIR=folder
    ):
        ca = demo_keys.ensure_ca(folder / "keys")
        for member in (chair, secretariat):
            demo_keys.write_pkcs12(
                ca, folder / "keys", member.user.username, member.full_name, "HĐND", PIN
            )
        minutes = services.open_minutes(secretariat, sitting)
        record = services.finalise_minutes(secretariat, minutes)
        services.sign_record(secretariat, record, pin=PIN)
        services.sign_record(chair, record, pin=PIN)


ACTIONS = {"record.issued": issue_minutes}
