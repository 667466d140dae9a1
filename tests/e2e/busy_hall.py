"""A hall in full swing, for layout tests: 95 delegates in 11 groups with long Vietnamese
names, eight items with long titles, a speaker with the floor and four waiting, an open
named vote half cast. Built with the real services (their live pushes go nowhere here:
the pages are opened afterwards and read the database)."""

import uuid
from dataclasses import dataclass

from django.contrib.auth import get_user_model

from council.models import Council, DelegateGroup, Member, Role
from sessions import speakers
from sessions.models import AgendaItem, Sitting, SittingState
from tests.conftest import make_member, make_sitting
from voting.models import Attendance, AttendanceStatus, Poll, PollKind
from voting.services import ballots, polls

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi"]
MIDDLE = ["Thị Ngọc", "Văn", "Hữu", "Minh", "Thị Thanh", "Quốc", "Đức", "Thị Kim"]
GIVEN = ["Anh", "Bảo", "Châu", "Dũng", "Đào", "Giang", "Hương", "Khánh", "Long", "Phượng", "Yến"]
LONG_TITLE = (
    "Nghị quyết về việc điều chỉnh dự toán ngân sách thành phố năm 2027 và kế hoạch đầu tư "
    "công trung hạn giai đoạn 2026-2030 của Thành phố Hồ Chí Minh"
)


@dataclass
class BusyHall:
    council: Council
    sitting: Sitting
    chair: Member
    secretariat: Member
    screen: Member
    delegates: list[Member]
    poll: Poll


def build(*, present: int = 70, cast_count: int = 40, open_vote: bool = True) -> BusyHall:
    council = Council.objects.create(
        name="Hội đồng nhân dân Thành phố Hồ Chí Minh khóa X", total_delegates=95
    )
    groups = [
        DelegateGroup.objects.create(council=council, name=f"Tổ đại biểu số {n}: Quận {n}")
        for n in range(1, 12)
    ]
    chair = make_member(council, "chair", Role.CHAIR, group=groups[0], language="en")
    secretariat = make_member(council, "secretariat", Role.SECRETARIAT, language="en")
    screen = make_member(council, "screen", Role.SCREEN, language="en")
    delegates = [chair]
    for n in range(1, 95):
        # No password: the pages log in by session cookie, and hashing 95 is slow.
        user = get_user_model().objects.create_user(username=f"d{n:02d}", password=None)
        name = (
            f"{FAMILY[n % 11]} {MIDDLE[n % 8]} {GIVEN[(n * 7) % 11]}{' Hoa' if n % 5 == 0 else ''}"
        )
        delegates.append(
            Member.objects.create(
                user=user,
                council=council,
                role=Role.DELEGATE,
                full_name=name,
                group=groups[n % 11],
                language="vi",
            )
        )
    sitting = make_sitting(council, state=SittingState.IN_PROGRESS)
    items = [
        AgendaItem.objects.create(
            sitting=sitting,
            position=n,
            title=LONG_TITLE if n == 3 else f"Nội dung {n}: báo cáo và thảo luận về chủ đề số {n}",
        )
        for n in range(1, 9)
    ]
    sitting.current_item = items[2]
    sitting.save(update_fields=["current_item"])
    for member in delegates[:present]:
        Attendance.objects.create(sitting=sitting, member=member, status=AttendanceStatus.PRESENT)
    requests = [
        speakers.request_to_speak(
            member,
            sitting,
            kind=kind,
            addressee="Giám đốc Sở Tài chính" if kind == "question" else "",
            seen_item_id=items[2].pk,
        )
        for member, kind in zip(
            delegates[1:6], ["speech", "question", "speech", "reply", "speech"], strict=True
        )
    ]
    speakers.give_floor(chair, sitting, requests[0].pk)
    poll = polls.create_poll(
        chair, sitting, polls.PollSpec(kind=PollKind.MOTION, title=LONG_TITLE, item_id=items[2].pk)
    )
    hall = BusyHall(council, sitting, chair, secretariat, screen, delegates, poll)
    if open_vote:
        polls.open_poll(chair, poll)
        cast(hall, poll, cast_count)
    return hall


def cast(hall: BusyHall, poll: Poll, count: int) -> None:
    """The first `count` delegates vote: mostly in favour, some against, some abstain."""
    options = list(poll.options.all())
    for n, member in enumerate(hall.delegates[:count]):
        option = options[0] if n % 5 else options[n // 5 % len(options)]
        ballots.cast_ballot(member, poll, {option.pk: "x"}, uuid.uuid4())
