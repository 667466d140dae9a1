"""Tasks whose reminders are due at MONDAY_9AM, for the sweep's tests, worker and bench."""

import datetime
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from council.models import Council, Member, Role
from followup.models import Agency, AgencyMembership, Task

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
# Monday 7 December 2026, 09:00 in Hồ Chí Minh City; the deadline was Friday 4 December,
# so each task is one working day overdue then (the weekend does not count).
MONDAY_9AM = datetime.datetime(2026, 12, 7, 9, tzinfo=HCM)
DEADLINE = datetime.date(2026, 12, 4)
CREATED = datetime.datetime(2026, 11, 2, 10, tzinfo=HCM)


def seed(tasks: int, officers: int, agencies: int = 1, *, council: Council | None = None):
    """`tasks` open tasks spread over `officers` agency officers (with e-mail addresses) of
    `agencies` agencies; returns the council."""
    council = council or Council.objects.create(name="HĐND Thành phố Nhắc việc", total_delegates=9)
    User = get_user_model()
    password = make_password(None)
    chair_user = User.objects.create(username=f"chair-{council.pk}", password=password)
    chair = Member.objects.create(
        user=chair_user, council=council, role=Role.CHAIR, full_name="Chủ tọa"
    )
    agency_rows = Agency.objects.bulk_create(
        [Agency(council=council, name=f"Sở số {i}", short_name=f"S{i}") for i in range(agencies)]
    )
    users = User.objects.bulk_create(
        [
            User(
                username=f"officer-{council.pk}-{i}",
                email=f"officer{i}@so.example.gov.vn",
                password=password,
            )
            for i in range(officers)
        ]
    )
    members = Member.objects.bulk_create(
        [
            Member(user=u, council=council, role=Role.AGENCY, full_name=f"Cán bộ Nguyễn Văn {i}")
            for i, u in enumerate(users)
        ]
    )
    AgencyMembership.objects.bulk_create(
        [
            AgencyMembership(member=m, agency=agency_rows[i % agencies])
            for i, m in enumerate(members)
        ]
    )
    Task.objects.bulk_create(
        [
            Task(
                council=council,
                agency=agency_rows[(i % officers) % agencies],
                assignee=members[i % officers],
                assigned_by=chair,
                title=f"Báo cáo tiến độ giải phóng mặt bằng số {i}",
                deadline=DEADLINE,
                status="in_progress",
            )
            for i in range(tasks)
        ],
        batch_size=1000,
    )
    Task.objects.filter(council=council).update(created_at=CREATED)
    return council
