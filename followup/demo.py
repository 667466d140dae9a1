"""Demo follow-up for seed_demo: agencies with their officers, the closed "Kỳ họp thứ 14" with
conclusions whose tasks are in every state (some overdue), and a follow-up review item on
"Kỳ họp thứ 15". Idempotent, like the rest of the demo: found by natural keys first.

Deadlines are set relative to today, so "overdue" stays true whenever the demo is seeded.
"""

import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from council.models import Council, Member, Role
from followup.models import (
    Agency,
    AgencyKind,
    AgencyMembership,
    Conclusion,
    ExtensionRequest,
    Priority,
    ReviewItem,
    Task,
    TaskEvent,
    TaskReport,
    TaskStatus,
)
from sessions.models import AgendaItem, Sitting, SittingState

# (username, agency name, short name, kind, officer's full name)
AGENCIES = [
    ("ubndtp", "Ủy ban nhân dân Thành phố", "UBND TP", AgencyKind.CITY, "Lê Minh Tuấn"),
    ("sokhdt", "Sở Kế hoạch và Đầu tư", "Sở KH&ĐT", AgencyKind.DEPARTMENT, "Trần Thu Hà"),
    ("sotc", "Sở Tài chính", "Sở TC", AgencyKind.DEPARTMENT, "Phạm Quốc Bảo"),
    ("soxd", "Sở Xây dựng", "Sở XD", AgencyKind.DEPARTMENT, "Võ Thanh Hải"),
    ("sogtvt", "Sở Giao thông vận tải", "Sở GTVT", AgencyKind.DEPARTMENT, "Đỗ Ngọc Lan"),
    ("ubndq1", "UBND Quận 1", "UBND Q1", AgencyKind.DISTRICT, "Nguyễn Hữu Phước"),
    ("ubndtd", "UBND TP Thủ Đức", "UBND TĐ", AgencyKind.DISTRICT, "Huỳnh Kim Ngân"),
]
SITTING_14_ITEMS = [
    "Báo cáo tình hình kinh tế - xã hội 6 tháng đầu năm 2026",
    "Chất vấn và trả lời chất vấn",
    "Nghị quyết về điều chỉnh kế hoạch đầu tư công năm 2026",
]
# (item index, conclusion, [(agency username, task title, status, days to deadline, progress)])
CONCLUSIONS: list[tuple[int, str, list[tuple[str, str, str, int, int]]]] = [
    (
        0,
        "Giao UBND Thành phố chỉ đạo đẩy nhanh giải ngân vốn đầu tư công, bảo đảm đạt trên 95% "
        "kế hoạch năm 2026.",
        [
            (
                "sokhdt",
                "Báo cáo tiến độ giải ngân theo từng dự án",
                TaskStatus.IN_PROGRESS,
                -12,
                60,
            ),
            (
                "sotc",
                "Rà soát, điều chuyển vốn của dự án chậm giải ngân",
                TaskStatus.DONE,
                -20,
                100,
            ),
            ("ubndtp", "Ban hành chỉ thị về kỷ luật giải ngân", TaskStatus.REPORTED, 5, 100),
        ],
    ),
    (
        1,
        "Sở Giao thông vận tải khẩn trương khắc phục tình trạng ngập nước tại các tuyến đường "
        "trọng điểm trước mùa mưa.",
        [
            ("sogtvt", "Lập danh mục điểm ngập và giải pháp xử lý", TaskStatus.ACKNOWLEDGED, -3, 0),
            (
                "ubndq1",
                "Nạo vét hệ thống thoát nước trên địa bàn Quận 1",
                TaskStatus.ASSIGNED,
                -2,
                0,
            ),
            ("ubndtd", "Khắc phục điểm ngập đường Nguyễn Duy Trinh", TaskStatus.RETURNED, 10, 70),
        ],
    ),
    (
        1,
        "UBND Quận 1 rà soát, xử lý dứt điểm tình trạng lấn chiếm vỉa hè, lòng đường.",
        [
            (
                "ubndq1",
                "Báo cáo kết quả ra quân lập lại trật tự vỉa hè",
                TaskStatus.IN_PROGRESS,
                20,
                40,
            ),
        ],
    ),
    (
        2,
        "Sở Xây dựng hoàn thành thẩm định các dự án nhà ở xã hội đã đăng ký trong năm 2026.",
        [
            ("soxd", "Thẩm định hồ sơ các dự án nhà ở xã hội", TaskStatus.ASSIGNED, 30, 0),
            ("sokhdt", "Tham mưu bố trí vốn cho dự án nhà ở xã hội", TaskStatus.DONE, -5, 100),
        ],
    ),
]
REVIEW_TITLE = "Giám sát việc thực hiện kết luận Kỳ họp thứ 14"


def seed_followup(sitting_15: Sitting, password: str) -> list[str]:
    """Seed the follow-up demo; return the agency logins' lines for seed_demo's output."""
    council = sitting_15.council
    with transaction.atomic():
        agencies = _agencies(council, make_password(password))
        sitting_14 = _sitting_14(council)
        _conclusions_and_tasks(council, sitting_14, agencies)
        _review_item(sitting_15)
    return [f"  {username:<13} {name}" for username, name, *_rest in AGENCIES]


def _agencies(council: Council, password: str) -> dict[str, Agency]:
    found = {}
    for username, name, short_name, kind, full_name in AGENCIES:
        agency, _ = Agency.objects.get_or_create(
            council=council, name=name, defaults={"short_name": short_name, "kind": kind}
        )
        user, created = get_user_model().objects.get_or_create(username=username)
        if created:
            user.password = password
            user.save(update_fields=["password"])
        member, _ = Member.objects.update_or_create(
            user=user,
            council=council,
            defaults={"role": Role.AGENCY, "full_name": full_name, "group": None, "seat": ""},
        )
        AgencyMembership.objects.update_or_create(member=member, defaults={"agency": agency})
        if agency.head_id is None:
            agency.head = member
            agency.save(update_fields=["head"])
        found[username] = agency
    return found


def _sitting_14(council: Council) -> Sitting:
    # Issue 16's demo finds-or-creates the same sitting; either may run first.
    sitting, _ = Sitting.objects.get_or_create(
        council=council,
        number=14,
        defaults={
            "title": "Kỳ họp thứ 14",
            "starts_on": datetime.date(2026, 7, 8),
            "ends_on": datetime.date(2026, 7, 10),
            "state": SittingState.CLOSED,
        },
    )
    if not sitting.items.exists():
        for position, title in enumerate(SITTING_14_ITEMS, start=1):
            AgendaItem.objects.create(sitting=sitting, position=position, title=title)
    return sitting


def _conclusions_and_tasks(council: Council, sitting: Sitting, agencies: dict[str, Agency]):
    if sitting.conclusions.exists():
        return
    chair = Member.objects.filter(council=council, role=Role.CHAIR).first()
    secretariat = Member.objects.filter(council=council, role=Role.SECRETARIAT).first()
    assigner = chair or secretariat
    assert assigner is not None, "seed the council's members first"
    items = list(sitting.items.order_by("position", "id"))
    today = timezone.localdate()
    now = timezone.now()
    for number, (item_index, text, tasks) in enumerate(CONCLUSIONS, start=1):
        conclusion = Conclusion.objects.create(
            sitting=sitting,
            item=items[min(item_index, len(items) - 1)] if items else None,
            number=number,
            text=text,
            created_by=assigner,
        )
        for username, title, status, days, progress in tasks:
            agency = agencies[username]
            task = Task.objects.create(
                council=council,
                conclusion=conclusion,
                agency=agency,
                assignee=agency.head,
                assigned_by=assigner,
                title=title,
                description="",
                priority=Priority.HIGH if days < 0 else Priority.NORMAL,
                deadline=today + datetime.timedelta(days=days),
                status=status,
                progress=progress,
                acknowledged_at=None if status == TaskStatus.ASSIGNED else now,
                completed_at=now if status == TaskStatus.DONE else None,
            )
            # Assigned at the sitting, or six weeks before the deadline if that is later.
            assigned_on = max(
                datetime.datetime.combine(sitting.ends_on, datetime.time(10)),
                datetime.datetime.combine(task.deadline, datetime.time(10))
                - datetime.timedelta(days=45),
            )
            assigned_at = timezone.make_aware(
                min(assigned_on, timezone.localtime().replace(tzinfo=None))
            )
            Task.objects.filter(pk=task.pk).update(
                created_at=assigned_at,
                acknowledged_at=(
                    None
                    if status == TaskStatus.ASSIGNED
                    else assigned_at + datetime.timedelta(hours=3)
                ),
            )
            _history(task, assigner, agency.head, status, assigned_at)
    # One pending extension request, for the assigner's side to decide in the demo.
    asking = Task.objects.filter(conclusion__sitting=sitting, agency=agencies["sogtvt"]).first()
    head = asking.agency.head if asking is not None else None
    if asking is not None and head is not None:
        ExtensionRequest.objects.create(
            task=asking,
            requested_deadline=asking.deadline + datetime.timedelta(days=30),
            previous_deadline=asking.deadline,
            reason="Cần thêm thời gian khảo sát hiện trường sau mùa mưa.",
            requested_by=head,
        )


def _history(
    task: Task, assigner: Member, officer: Any, status: str, start: datetime.datetime
) -> None:
    events = [("assigned", assigner, "")]
    if status != TaskStatus.ASSIGNED:
        events.append(("acknowledged", officer, ""))
    if status in (
        TaskStatus.IN_PROGRESS,
        TaskStatus.REPORTED,
        TaskStatus.DONE,
        TaskStatus.RETURNED,
    ):
        events.append(("progress", officer, "Đã triển khai, đang tổng hợp số liệu."))
    if status in (TaskStatus.REPORTED, TaskStatus.DONE, TaskStatus.RETURNED):
        text = "Báo cáo kết quả thực hiện: đã hoàn thành các nội dung được giao."
        TaskReport.objects.create(task=task, text=text, created_by=officer)
        events.append(("reported", officer, text))
    if status == TaskStatus.DONE:
        events.append(("accepted", assigner, "Đạt yêu cầu."))
    if status == TaskStatus.RETURNED:
        events.append(("returned", assigner, "Chưa có số liệu đối chiếu; đề nghị bổ sung."))
    now = timezone.now()
    for step, (kind, actor, note) in enumerate(events):
        at = min(start + datetime.timedelta(days=2 * step, hours=3 * bool(step)), now)
        TaskEvent.objects.create(task=task, kind=kind, actor=actor, note=note, at=at)
    Task.objects.filter(pk=task.pk).update(version=F("version") + len(events) - 1)


def _review_item(sitting: Sitting) -> None:
    item = sitting.items.filter(title=REVIEW_TITLE).first()
    if item is None:
        # Before the questioning, as councils usually place it.
        before = sitting.items.filter(title__startswith="Chất vấn").first()
        position = before.position if before else (sitting.items.count() + 1)
        sitting.items.filter(position__gte=position).update(position=F("position") + 1)
        item = AgendaItem.objects.create(
            sitting=sitting,
            position=position,
            title=REVIEW_TITLE,
            description="Các cơ quan báo cáo kết quả thực hiện kết luận; cập nhật trực tiếp.",
        )
    ReviewItem.objects.get_or_create(item=item)
