import uuid

import pytest
from django.db import connection

from council.models import Role
from sessions.live import coalescer
from tests.conftest import make_member, without_real_services
from tests.sealing import seal
from voting import services
from voting.models import Attendance, AttendanceStatus, PollKind


@pytest.fixture(autouse=True)
def _no_countdown_threads(settings):
    # Countdowns are closed by the lazy paths in tests; a timer thread would outlive the test.
    settings.VOTING_COUNTDOWN_TIMERS = False


@pytest.fixture(autouse=True)
def _flush_tallies(monkeypatch, db):
    # Tallies go out when a test calls coalescer.flush(), not from a timer thread that
    # would race the test's own writes.
    monkeypatch.setattr(coalescer, "window", 3600)
    monkeypatch.setattr(coalescer, "quiet", 3600)
    yield
    coalescer.flush()


@pytest.fixture
def postgres(db):
    """Tests that need real row locks and parallel connections.

    Skipped without PostgreSQL; mandatory in CI's PostgreSQL run (see
    tests.conftest.without_real_services).
    """
    if connection.vendor != "postgresql":
        without_real_services("DATABASE_URL pointing at PostgreSQL")
    return connection


def submission() -> uuid.UUID:
    return uuid.uuid4()


def present(sitting, *members):
    for member in members:
        Attendance.objects.update_or_create(
            sitting=sitting, member=member, defaults={"status": AttendanceStatus.PRESENT}
        )


@pytest.fixture
def english_chair(council, group):
    return make_member(council, "chairen", Role.CHAIR, group=group, language="en")


def motion(chair, sitting, **overrides):
    spec = {"kind": PollKind.MOTION, "title": "Nghị quyết ngân sách 2027"} | overrides
    return services.create_poll(chair, sitting, services.PollSpec(**spec))


def open_motion(chair, sitting, **overrides):
    poll = motion(chair, sitting, **overrides)
    return services.open_poll(chair, poll)


def option(poll, code_or_label):
    return (
        poll.options.get(code=code_or_label)
        if code_or_label
        in (
            "yes",
            "no",
            "abstain",
        )
        else poll.options.get(label=code_or_label)
    )


def vote(member, poll, code_or_label, submission_id=None):
    return cast(member, poll, {option(poll, code_or_label).pk: "x"}, submission_id)


def cast(member, poll, selection, submission_id=None):
    """Cast as the tablet would: a secret poll's choice sealed to its key (tests/sealing.py)."""
    submission_id = submission_id or uuid.uuid4()
    if poll.secret:
        poll.refresh_from_db()
        ciphertext, _token = seal(poll, selection)
        return services.cast_sealed_ballot(member, poll, ciphertext, submission_id)
    return services.cast_ballot(member, poll, selection, submission_id)
