"""The demo's earlier sitting, "Kỳ họp thứ 14": closed, with its attendance, speeches, a named
and a secret vote, its minutes and one resolution signed with demo keys and issued, so that
the public verification page has something real on first run.

Idempotent, and independent of the order in which the demo's modules run: the sitting is
found or created by (council, number=14) — the follow-up app adds its conclusions to the
same sitting — and each part is made only if it is missing.

The sitting is already closed, so its past is written as rows (as seed_demo writes the
sitting itself); the frozen poll results are counted by voting.tally, the same code that
closes a real poll. The records are made through the real services.
"""

import datetime
import uuid
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.urls import reverse

from council.models import Council, Member, Role
from records import demo_keys, services
from records.models import RecordFile, RecordKind, RecordState, Resolution
from sessions.models import (
    AgendaItem,
    Sitting,
    SittingState,
    SpeakerKind,
    SpeakerRequest,
    SpeakerState,
)
from voting import rules
from voting.models import (
    Attendance,
    AttendanceStatus,
    Ballot,
    BallotReceipt,
    MotionChoice,
    Poll,
    PollKind,
    PollOption,
    PollState,
)
from voting.tally import compute_result, entitled_record

NUMBER = 14
AGENDA = [
    "Khai mạc kỳ họp",
    "Tờ trình về điều chỉnh dự toán ngân sách năm 2026",
    "Nghị quyết về Đề án chống ngập nước khu vực trung tâm",
    "Chất vấn và trả lời chất vấn",
    "Bế mạc kỳ họp",
]
EXCUSED = {"daibieu05": "công tác nước ngoài", "daibieu17": "ốm, điều trị tại bệnh viện"}
ABSENT = ["daibieu40"]
NAMED_TITLE = "Thông qua Nghị quyết về điều chỉnh dự toán ngân sách năm 2026"
BALLOT_TITLE = "Thông qua Nghị quyết về Đề án chống ngập nước khu vực trung tâm"
NOTES = {
    2: "Các đại biểu thống nhất cao với Tờ trình; đề nghị ưu tiên vốn cho giáo dục và y tế.",
    3: "Đại biểu đề nghị công khai tiến độ từng hạng mục và trách nhiệm của chủ đầu tư.",
}


def sitting_14(council: Council) -> Sitting:
    sitting, _created = Sitting.objects.get_or_create(
        council=council,
        number=NUMBER,
        defaults={
            "title": f"Kỳ họp thứ {NUMBER}",
            "starts_on": datetime.date(2026, 7, 8),
            "ends_on": datetime.date(2026, 7, 10),
            "state": SittingState.CLOSED,
        },
    )
    return sitting


def _at(day: int, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(2026, 7, day, hour, minute, tzinfo=datetime.UTC)


@transaction.atomic
def _past(sitting: Sitting) -> None:
    """Agenda, attendance, speeches and the two votes, if the sitting has none yet."""
    council = sitting.council
    if not sitting.items.exists():
        for position, title in enumerate(AGENDA, start=1):
            AgendaItem.objects.create(sitting=sitting, position=position, title=title)
    items = list(sitting.items.order_by("position", "id"))
    delegates = list(Member.objects.filter(council=council).delegates().order_by("seat", "pk"))
    by_username = {m.user.username: m for m in Member.objects.filter(council=council)}
    if not Attendance.objects.filter(sitting=sitting).exists():
        away = {by_username[u].pk for u in [*EXCUSED, *ABSENT] if u in by_username}
        excused = {by_username[u].pk for u in EXCUSED if u in by_username}
        Attendance.objects.bulk_create(
            Attendance(
                sitting=sitting,
                member=m,
                status=AttendanceStatus.EXCUSED
                if m.pk in excused
                else AttendanceStatus.ABSENT
                if m.pk in away
                else AttendanceStatus.PRESENT,
                checked_in_at=None if m.pk in away else _at(8, 1),
            )
            for m in delegates
        )
    if not SpeakerRequest.objects.filter(sitting=sitting).exists() and len(items) > 3:
        speeches = [
            ("daibieu12", items[1], SpeakerKind.SPEECH, "", 212),
            ("daibieu23", items[2], SpeakerKind.SPEECH, "", 175),
            ("daibieu31", items[3], SpeakerKind.QUESTION, "Giám đốc Sở Xây dựng", 268),
        ]
        for position, (username, item, kind, addressee, seconds) in enumerate(speeches):
            if username not in by_username:
                continue
            started = _at(9, 2, 10 * position)
            SpeakerRequest.objects.create(
                sitting=sitting,
                item=item,
                member=by_username[username],
                kind=kind,
                addressee=addressee,
                state=SpeakerState.DONE,
                position=position,
                requested_at=started,
                started_at=started,
                ended_at=started + datetime.timedelta(seconds=seconds),
                spoken_seconds=seconds,
                allotted_seconds=300,
            )
    if not Poll.objects.filter(sitting=sitting).exists() and len(items) > 2:
        chair = by_username.get("chutoa") or delegates[0]
        present = [
            m for m in delegates if m.user.username not in EXCUSED and m.user.username not in ABSENT
        ]
        # 84 present: 70 in favour, 8 against, 6 abstain; the secret ballot 76 / 5 / 3.
        _vote(sitting, items[1], chair, NAMED_TITLE, False, present, (70, 8, 6), _at(9, 3))
        _vote(sitting, items[2], chair, BALLOT_TITLE, True, present, (76, 5, 3), _at(10, 3))


def _vote(
    sitting: Sitting,
    item: AgendaItem,
    chair: Member,
    title: str,
    secret: bool,
    voters: list[Member],
    split: tuple[int, int, int],
    closed_at: datetime.datetime,
) -> None:
    poll = Poll(
        sitting=sitting,
        item=item,
        kind=PollKind.MOTION,
        title=title,
        secret=secret,
        state=PollState.OPEN,
        created_by=chair,
        opened_at=closed_at - datetime.timedelta(minutes=2),
    )
    poll.set_rule(rules.RESOLUTION_RULE)
    poll.save()
    options = {
        choice: PollOption.objects.create(poll=poll, label="", code=choice.value, position=n)
        for n, choice in enumerate(MotionChoice, start=1)
    }
    marks = (
        [MotionChoice.YES] * split[0]
        + [MotionChoice.NO] * split[1]
        + [MotionChoice.ABSTAIN] * split[2]
    )
    for member, choice in zip(voters, marks, strict=False):
        BallotReceipt.objects.create(poll=poll, member=member, submission_id=uuid.uuid4())
        Ballot.objects.create(
            poll=poll,
            member=None if secret else member,
            secret=secret,
            choices={str(options[choice].pk): "x"},
            submission_id=None if secret else uuid.uuid4(),
        )
    result = compute_result(poll, closed=True) | {"closed_at": closed_at.isoformat()}
    Poll.objects.filter(pk=poll.pk).update(
        state=PollState.CLOSED, result=result, entitled=entitled_record(poll), closed_at=closed_at
    )


def _keys(council: Council) -> None:
    directory = Path(settings.RECORDS_KEY_DIR)
    ca = demo_keys.ensure_ca(directory, "HĐND Thành phố Hồ Chí Minh (demo)")
    for member in Member.objects.filter(council=council, role__in=[Role.CHAIR, Role.SECRETARIAT]):
        demo_keys.write_pkcs12(
            ca, directory, member.user.username, member.full_name, "HĐND (demo)", DEMO_PIN
        )


DEMO_PIN = "demo1234"


def _records(sitting: Sitting) -> None:
    council = sitting.council
    secretary = Member.objects.filter(council=council, role=Role.SECRETARIAT).first()
    chair = Member.objects.filter(council=council, role=Role.CHAIR).first()
    if secretary is None or chair is None:
        return

    def sign(member: Member, record: RecordFile) -> RecordFile:
        return services.sign_record(member, record, pin=DEMO_PIN)

    minutes = services.open_minutes(secretary, sitting)
    if minutes.state == RecordState.DRAFT:
        for position, text in NOTES.items():
            item = sitting.items.filter(position=position).first()
            if item is not None and not minutes.notes.get(str(item.pk)):
                minutes = services.save_draft(secretary, minutes, item_id=item.pk, notes=text)
        for username, reason in EXCUSED.items():
            member = Member.objects.filter(council=council, user__username=username).first()
            if member is not None:
                minutes = services.save_draft(
                    secretary, minutes, member_id=member.pk, reason=reason
                )
        services.finalise_minutes(secretary, minutes)
        minutes.refresh_from_db()
    if minutes.file is not None and minutes.file.state == RecordState.SIGNING:
        for member in (secretary, chair):
            if services.role_of(member, minutes.file) not in set(
                minutes.file.signatures.values_list("role", flat=True)
            ):
                sign(member, minutes.file)
    poll = Poll.objects.filter(sitting=sitting, title=NAMED_TITLE, state=PollState.CLOSED).first()
    if poll is not None and not Resolution.objects.filter(poll=poll).exists():
        services.issue_resolution(
            secretary, poll, title="Nghị quyết về điều chỉnh dự toán ngân sách năm 2026"
        )
    for record in RecordFile.objects.filter(
        sitting=sitting, kind=RecordKind.RESOLUTION, state=RecordState.SIGNING
    ):
        sign(chair, record)


def seed_past(council: Council) -> None:
    """Sitting 14 as it happened: agenda, attendance, speeches and the two votes."""
    sitting = sitting_14(council)
    if sitting.state == SittingState.CLOSED:
        _past(sitting)


def seed(council: Council) -> str:
    """Sitting 14's minutes and resolution (after its past and the chair's conclusions, which
    the minutes carry), signed and issued; return the resolution's verification URL."""
    sitting = sitting_14(council)
    if sitting.state != SittingState.CLOSED:
        return ""
    _keys(council)
    _records(sitting)
    resolution = (
        RecordFile.objects.filter(
            sitting=sitting, kind=RecordKind.RESOLUTION, state=RecordState.ISSUED
        )
        .order_by("created_at")
        .first()
    )
    if resolution is None:
        return ""
    base = settings.RECORDS_PUBLIC_URL.rstrip("/")
    return base + reverse("records:verify", args=[resolution.code])
