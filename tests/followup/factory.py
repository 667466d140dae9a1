"""Many tasks at once, for the query-count tests and the bench (bench/followup_bench.py)."""

import datetime
import uuid

from django.contrib.auth import get_user_model
from django.utils import timezone

from council.models import Council, Member, Role
from followup.models import Agency, AgencyMembership, Conclusion, ReviewItem, Task, TaskStatus
from sessions.models import AgendaItem, Sitting, SittingState

STATUSES = list(TaskStatus.values)


def seed_tasks(
    council: Council,
    assigner: Member,
    *,
    tasks: int,
    agencies: int,
    sittings: int = 5,
    conclusions_per_sitting: int = 20,
    first_number: int = 100,
) -> Sitting:
    """Earlier closed sittings with conclusions and `tasks` tasks spread over `agencies`
    agencies, every status, a third of the open ones overdue; returns a later sitting whose
    first item is a follow-up review."""
    today = timezone.localdate()
    tag = uuid.uuid4().hex[:6]
    found = []
    for n in range(agencies):
        user = get_user_model().objects.create(username=f"agency-{tag}-{n}")
        member = Member.objects.create(
            user=user, council=council, role=Role.AGENCY, full_name=f"Cán bộ {n}"
        )
        agency = Agency.objects.create(
            council=council,
            name=f"Cơ quan thử {tag} {n:02d}",
            short_name=f"CQ{n:02d}-{tag}",
            head=member,
        )
        AgencyMembership.objects.create(member=member, agency=agency)
        found.append(agency)
    conclusions = []
    for s in range(sittings):
        sitting = Sitting.objects.create(
            council=council,
            number=first_number + s,
            title=f"Kỳ họp thử {first_number + s}",
            starts_on=datetime.date(2026, 1, 1),
            ends_on=datetime.date(2026, 1, 2),
            state=SittingState.CLOSED,
        )
        item = AgendaItem.objects.create(sitting=sitting, position=1, title="Nội dung")
        conclusions += Conclusion.objects.bulk_create(
            Conclusion(
                sitting=sitting,
                item=item,
                number=c + 1,
                text=f"Kết luận {c + 1} của kỳ họp thử {first_number + s}: giao thực hiện.",
                created_by=assigner,
            )
            for c in range(conclusions_per_sitting)
        )
    Task.objects.bulk_create(
        (
            Task(
                council=council,
                conclusion=conclusions[i % len(conclusions)],
                agency=found[i % agencies],
                assigned_by=assigner,
                title=f"Nhiệm vụ thử {i}",
                deadline=today + datetime.timedelta(days=(i % 90) - 30),
                status=STATUSES[i % len(STATUSES)],
                progress=(i * 7) % 101,
            )
            for i in range(tasks)
        ),
        batch_size=2000,
    )
    later = Sitting.objects.create(
        council=council,
        number=first_number + sittings,
        title=f"Kỳ họp thử {first_number + sittings}",
        starts_on=today,
        ends_on=today,
        state=SittingState.IN_PROGRESS,
    )
    review = AgendaItem.objects.create(sitting=later, position=1, title="Giám sát")
    ReviewItem.objects.create(item=review)
    later.current_item = review
    later.save(update_fields=["current_item"])
    return later
