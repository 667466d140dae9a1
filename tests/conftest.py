"""Personas, as in healthchecks' tests: the chair, a delegate, the secretariat, a hall screen,
and an outsider — a delegate of another council, who must never learn this council exists."""

import datetime
import os

import pytest
from asgiref.sync import sync_to_async
from channels.layers import get_channel_layer
from django.contrib.auth import get_user_model
from django.test import Client

from council.models import Council, DelegateGroup, Member, Role
from sessions.models import AgendaItem, Sitting, SittingState

IN_CI = os.environ.get("CI", "").lower() == "true"


def without_real_services(what: str) -> None:
    """A test that needs PostgreSQL or Redis and has none configured.

    CI runs the suite twice: on the embedded defaults, then on PostgreSQL + Redis with
    REQUIRE_REAL_SERVICES=true (.ci/run). Such a test is skipped in the embedded run and
    on a laptop, and fails in the run that must have the real servers.
    """
    if os.environ.get("REQUIRE_REAL_SERVICES", "").lower() == "true":
        pytest.fail(f"{what}: REQUIRE_REAL_SERVICES=true, but it is not configured")
    pytest.skip(f"needs {what}")


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def council(db):
    return Council.objects.create(name="HĐND Thành phố Thử nghiệm", total_delegates=95)


@pytest.fixture
def other_council(db):
    return Council.objects.create(name="HĐND Tỉnh Khác", total_delegates=50)


@pytest.fixture
def group(council):
    return DelegateGroup.objects.create(council=council, name="Tổ đại biểu Quận 1")


def make_member(council, username, role, *, group=None, language="vi", seat=""):
    user = get_user_model().objects.create_user(username=username, password="pw-" + username)
    return Member.objects.create(
        user=user,
        council=council,
        role=role,
        full_name=username.title(),
        group=group,
        language=language,
        seat=seat,
    )


@pytest.fixture
def chair(council, group):
    return make_member(council, "chair", Role.CHAIR, group=group, seat="001")


@pytest.fixture
def delegate(council, group):
    return make_member(council, "delegate", Role.DELEGATE, group=group, seat="002")


@pytest.fixture
def secretariat(council):
    return make_member(council, "secretariat", Role.SECRETARIAT)


@pytest.fixture
def screen(council):
    return make_member(council, "screen", Role.SCREEN)


@pytest.fixture
def outsider(other_council):
    return make_member(other_council, "outsider", Role.DELEGATE)


def make_sitting(council, *, state=SittingState.PUBLISHED, number=15) -> Sitting:
    """Sitting 15 of `council` (8 to 10 December 2026), in `state`."""
    return Sitting.objects.create(
        council=council,
        number=number,
        title=f"Kỳ họp thứ {number}",
        starts_on=datetime.date(2026, 12, 8),
        ends_on=datetime.date(2026, 12, 10),
        state=state,
    )


@pytest.fixture
def sitting(council):
    sitting = make_sitting(council)
    for position, title in enumerate(["Khai mạc", "Báo cáo kinh tế - xã hội", "Bế mạc"], start=1):
        AgendaItem.objects.create(sitting=sitting, position=position, title=title)
    return sitting


@pytest.fixture
def live_sitting(sitting):
    sitting.state = SittingState.IN_PROGRESS
    sitting.current_item = sitting.items.first()
    sitting.save()
    return sitting


def client_for(member: Member) -> Client:
    client = Client()
    client.force_login(member.user)
    return client


@pytest.fixture(autouse=True)
def _member_events_sent_inline(monkeypatch):
    # A delegate's own events go out at once in tests, from the thread that committed them:
    # a batch timer thread would send through an event loop of its own, and its Redis
    # connection could still be open when channel_layer's teardown closes every pool.
    # tests/voting/test_live.py checks the batching itself, flushing by hand.
    from sessions.live import member_batcher

    monkeypatch.setattr(member_batcher, "window", 0)


@pytest.fixture
async def channel_layer():
    layer = get_channel_layer()
    yield layer
    if hasattr(layer, "flush"):
        await layer.flush()


def session_cookie_for(member: Member) -> str:
    client = client_for(member)
    return client.cookies["sessionid"].value


async def async_session_cookie_for(member: Member) -> str:
    return await sync_to_async(session_cookie_for)(member)


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    # Consumers and the tally coalescer use the database from worker threads; with persistent
    # connections those threads would keep the test database open and PostgreSQL would refuse
    # to drop it at the end of the run.
    from django.conf import settings

    settings.DATABASES["default"]["CONN_MAX_AGE"] = 0


@pytest.fixture(scope="session", autouse=True)
def ballot_box_process(tmp_path_factory):
    """One real ballot box process (python -m ballotbox) for the run; secret polls need it.

    Set up before any class-level live server forks (browser tests), and its URL and token
    also go to the environment, for the Daphne processes integration tests start."""
    from django.conf import settings

    from ballotbox.testing import BoxProcess

    box = BoxProcess(tmp_path_factory.mktemp("ballotbox")).start()
    os.environ["BALLOT_BOX_URL"] = settings.BALLOT_BOX_URL = box.url
    os.environ["BALLOT_BOX_TOKEN"] = settings.BALLOT_BOX_TOKEN = box.token
    # Where its keys are, for tests that make it lose one (tests/sealing.py: lose_key).
    os.environ["COUNCIL_TEST_BALLOT_BOX_DIR"] = str(box.folder)
    settings.BALLOT_BOX_MAIN_KEY = ""
    yield box
    box.kill()
