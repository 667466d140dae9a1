"""A scripted sitting for the records tests: a small council (7 delegates, so that a motion
can pass with real ballots), attendance, two speeches, a named and a secret vote, then
closed; and demo keys (a CA, one PKCS#12 key per signer) in a temporary directory."""

import datetime
from pathlib import Path

import pytest

from council.models import Council, Member, Role
from records import demo_keys
from sessions import services as sittings
from sessions.models import AgendaItem, SittingState, SpeakerKind, SpeakerRequest, SpeakerState
from tests.conftest import make_member
from tests.voting.conftest import cast
from voting import services as voting
from voting.models import PollKind

PIN = "246810"
NAMES = {
    "chutoa": (Role.CHAIR, "Nguyễn Thị Lệ"),
    "db1": (Role.DELEGATE, "Trần Văn Đức"),
    "db2": (Role.DELEGATE, "Lê Thị Hồng Nhung"),
    "db3": (Role.DELEGATE, "Phạm Quốc Bảo"),
    "db4": (Role.DELEGATE, "Võ Thị Ánh Tuyết"),
    "db5": (Role.DELEGATE, "Đặng Hữu Phước"),
    "db6": (Role.DELEGATE, "Huỳnh Ngọc Yến"),
}
SECRET_TITLE = "Bầu Ủy viên Ủy ban nhân dân (biểu quyết kín)"
NAMED_TITLE = "Thông qua Nghị quyết về dự toán ngân sách năm 2027"


@pytest.fixture(autouse=True)
def _no_voting_threads(settings, monkeypatch, db):
    # As in tests/voting: tallies go out on flush, countdowns are closed lazily.
    from sessions.live import coalescer

    settings.VOTING_COUNTDOWN_TIMERS = False
    monkeypatch.setattr(coalescer, "window", 3600)
    monkeypatch.setattr(coalescer, "quiet", 3600)
    yield
    coalescer.flush()


@pytest.fixture(autouse=True)
def _record_dirs(settings, tmp_path, tmp_path_factory):
    settings.MEDIA_ROOT = tmp_path / "media"
    # The stamp font is rescaled once per run, not per test.
    settings.RECORDS_VAR_DIR = tmp_path_factory.getbasetemp() / "records-var"
    settings.RECORDS_KEY_DIR = tmp_path / "keys"
    settings.RECORDS_TRUST_ROOTS = [str(tmp_path / "keys" / demo_keys.CA_FILE)]
    settings.RECORDS_SIGNING_BACKEND = "pkcs12"


@pytest.fixture
def small_council(db):
    return Council.objects.create(name="HĐND Thành phố Hồ Chí Minh, khóa X", total_delegates=7)


@pytest.fixture
def people(small_council):
    members = {}
    for username, (role, name) in NAMES.items():
        member = make_member(small_council, username, role)
        member.full_name = name
        member.save(update_fields=["full_name"])
        members[username] = member
    secretary = make_member(small_council, "thuky", Role.SECRETARIAT)
    secretary.full_name = "Văn phòng HĐND — Thư ký kỳ họp"
    secretary.save(update_fields=["full_name"])
    members["thuky"] = secretary
    return members


@pytest.fixture
def keys(settings, people):
    directory = Path(settings.RECORDS_KEY_DIR)
    ca = demo_keys.ensure_ca(directory)
    for username in ("chutoa", "thuky"):
        member = people[username]
        demo_keys.write_pkcs12(ca, directory, username, member.full_name, "HĐND", PIN)
    return ca


def _vote(member, poll, code):
    option = poll.options.get(code=code)
    # As the tablet casts: a secret poll's choice is sealed to the ballot box's key.
    cast(member, poll, {option.pk: "x"})


def script_sitting(council, people, *, number=14, close=True):
    """Kỳ họp thứ 14, run for real through the services, then closed (unless told not to)."""
    from sessions.models import Sitting

    sitting = Sitting.objects.create(
        council=council,
        number=number,
        title=f"Kỳ họp thứ {number}",
        starts_on=datetime.date(2026, 7, 8),
        ends_on=datetime.date(2026, 7, 10),
        state=SittingState.PUBLISHED,
    )
    items = [
        AgendaItem.objects.create(sitting=sitting, position=i, title=title)
        for i, title in enumerate(
            ["Khai mạc kỳ họp", "Dự toán ngân sách nhà nước năm 2027", "Bế mạc"], start=1
        )
    ]
    chair = people["chutoa"]
    sittings.change_sitting_state(chair, sitting, SittingState.IN_PROGRESS)
    delegates = [people[u] for u in ("chutoa", "db1", "db2", "db3", "db4", "db5")]
    for member in delegates:  # db6 stays away
        voting.check_in(member, sitting)
    now = datetime.datetime(2026, 7, 9, 9, 0, tzinfo=datetime.UTC)
    for position, (who, kind, addressee, seconds) in enumerate(
        [
            ("db1", SpeakerKind.SPEECH, "", 185),
            ("db2", SpeakerKind.QUESTION, "Giám đốc Sở Tài chính", 240),
        ]
    ):
        SpeakerRequest.objects.create(
            sitting=sitting,
            item=items[1],
            member=people[who],
            kind=kind,
            addressee=addressee,
            state=SpeakerState.DONE,
            position=position,
            started_at=now + datetime.timedelta(minutes=10 * position),
            ended_at=now + datetime.timedelta(minutes=10 * position, seconds=seconds),
            spoken_seconds=seconds,
        )
    named = voting.create_poll(
        chair,
        sitting,
        voting.PollSpec(kind=PollKind.MOTION, title=NAMED_TITLE, item_id=items[1].pk),
    )
    voting.open_poll(chair, named)
    for username, code in [
        ("chutoa", "yes"),
        ("db1", "yes"),
        ("db2", "yes"),
        ("db3", "yes"),
        ("db4", "no"),
        ("db5", "abstain"),
    ]:
        _vote(people[username], named, code)
    voting.close_poll(chair, named)
    secret = voting.create_poll(
        chair,
        sitting,
        voting.PollSpec(kind=PollKind.MOTION, title=SECRET_TITLE, item_id=items[1].pk, secret=True),
    )
    voting.open_poll(chair, secret)
    for username, code in [
        ("chutoa", "yes"),
        ("db1", "no"),
        ("db2", "yes"),
        ("db3", "no"),
        ("db4", "yes"),
        ("db5", "yes"),
    ]:
        _vote(people[username], secret, code)
    voting.close_poll(chair, secret)
    if close:
        sittings.change_sitting_state(chair, sitting, SittingState.CLOSED)
    sitting.refresh_from_db()
    return sitting, named, secret


@pytest.fixture
def closed_sitting(small_council, people):
    return script_sitting(small_council, people)


def member(people, username) -> Member:
    return people[username]
