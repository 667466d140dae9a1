"""Demo data: the HCMC people's council with its 95 delegates and sitting 15.

Idempotent: every object is found by a natural key first, so `make run` may run it again
and again without duplicating anything. Passwords are for the demo only.
"""

import datetime
import itertools

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand
from django.db import transaction

from council.management.commands._demo_pdf import demo_pdf
from council.models import Council, DelegateGroup, Member, Role
from documents import services as documents
from followup.demo import seed_followup
from questioning.demo import seed_questioning
from questioning.demo_record import seed_questioning_record
from records.demo import DEMO_PIN, seed_past
from records.demo import seed as seed_records
from sessions.models import AgendaItem, Sitting, SittingState

DEMO_PASSWORD = "demo1234"  # noqa: S105  (documented demo-only password)
COUNCIL_NAME = "HĐND Thành phố Hồ Chí Minh, khóa X"
TOTAL_DELEGATES = 95

GROUPS = [
    "Tổ đại biểu Quận 1",
    "Tổ đại biểu Quận 3",
    "Tổ đại biểu Quận 5",
    "Tổ đại biểu Quận 7",
    "Tổ đại biểu Quận 10",
    "Tổ đại biểu Quận Bình Thạnh",
    "Tổ đại biểu Quận Gò Vấp",
    "Tổ đại biểu Quận Tân Bình",
    "Tổ đại biểu TP Thủ Đức",
    "Tổ đại biểu Huyện Củ Chi",
    "Tổ đại biểu Huyện Cần Giờ",
]
FAMILY = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Phan",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lý",
]
MIDDLE = ["Văn", "Thị", "Minh", "Thanh", "Quốc", "Ngọc", "Hữu", "Thu", "Đức", "Kim"]
GIVEN = [
    "An",
    "Bình",
    "Châu",
    "Dũng",
    "Giang",
    "Hà",
    "Hải",
    "Hạnh",
    "Hiếu",
    "Hòa",
    "Hùng",
    "Hương",
    "Khánh",
    "Lan",
    "Linh",
    "Long",
    "Mai",
    "Nam",
    "Nga",
    "Phong",
    "Phúc",
    "Quân",
    "Quang",
    "Sơn",
    "Tâm",
    "Thảo",
    "Thắng",
    "Trang",
    "Trung",
    "Tuấn",
    "Vân",
    "Yến",
]
AGENDA = [
    ("Khai mạc kỳ họp", "Diễn văn khai mạc của Chủ tọa; thông qua chương trình kỳ họp."),
    (
        "Báo cáo tình hình kinh tế - xã hội năm 2026 và kế hoạch năm 2027",
        "Ủy ban nhân dân Thành phố trình bày.",
    ),
    (
        "Tờ trình về dự toán ngân sách nhà nước năm 2027",
        "Kèm báo cáo thẩm tra của Ban Kinh tế - Ngân sách.",
    ),
    ("Nghị quyết về kế hoạch đầu tư công trung hạn 2026-2030", ""),
    ("Báo cáo thẩm tra của các Ban Hội đồng nhân dân", ""),
    ("Chất vấn và trả lời chất vấn", "Lĩnh vực giao thông, quy hoạch đô thị và ngập nước."),
    ("Biểu quyết thông qua các nghị quyết", ""),
    ("Bế mạc kỳ họp", ""),
]
_BUDGET_PAGES = [
    [
        f"Mục {n}. Dự toán thu, chi ngân sách năm 2027 theo lĩnh vực {n}: giáo dục, y tế,"
        " giao thông, chống ngập, chuyển đổi số và an sinh xã hội.",
        "Căn cứ Luật Ngân sách nhà nước và Nghị quyết của Hội đồng nhân dân Thành phố về"
        " nguyên tắc, tiêu chí và định mức phân bổ dự toán chi thường xuyên.",
        "Đề nghị Hội đồng nhân dân Thành phố xem xét, quyết định.",
    ]
    for n in range(1, 13)
]
# (agenda position, title, confidential, pages of paragraphs)
DEMO_DOCUMENTS = [
    (
        2,
        "Báo cáo tình hình kinh tế - xã hội năm 2026",
        False,
        [
            [
                "Tổng sản phẩm trên địa bàn (GRDP) ước tăng 7,5%; thu ngân sách đạt 104% dự toán.",
                "Các chương trình đột phá: giảm ngập, giảm kẹt xe, chuyển đổi số.",
            ],
            ["Nhiệm vụ và giải pháp trọng tâm năm 2027."],
        ],
    ),
    (3, "Tờ trình dự toán ngân sách nhà nước năm 2027", False, _BUDGET_PAGES),
    (
        3,
        "Báo cáo thẩm tra của Ban Kinh tế - Ngân sách (mật)",
        True,
        [["Ý kiến thẩm tra về dự toán ngân sách năm 2027.", "Tài liệu mật: không sao chép."]],
    ),
]
# (username, role, full name); the chair and vice-chairs are among the 95 delegates.
OFFICERS = [
    ("chutoa", Role.CHAIR, "Nguyễn Thị Lệ"),
    ("phochutoa1", Role.VICE_CHAIR, "Phạm Đức Hải"),
    ("phochutoa2", Role.VICE_CHAIR, "Trần Thị Diệu Thúy"),
]
STAFF = [
    ("thuky", Role.SECRETARIAT, "Văn phòng HĐND — Thư ký kỳ họp"),
    ("manhinh1", Role.SCREEN, "Màn hình hội trường 1"),
    ("manhinh2", Role.SCREEN, "Màn hình hội trường 2"),
]


def delegate_names(count: int) -> list[str]:
    combos = itertools.product(GIVEN, MIDDLE, FAMILY)
    names = []
    for index, (given, middle, family) in enumerate(combos):
        if index % 7:  # spread the names instead of walking one family name first
            continue
        names.append(f"{family} {middle} {given}")
        if len(names) == count:
            break
    return names


class Command(BaseCommand):
    help = "Create (or keep) the demo council, its members and sitting 15."

    def handle(self, *args, **options):
        sitting = self._people_and_agenda()
        # Uploads go through the real PDF checks, which must not run inside a transaction.
        self._documents(sitting)
        # Sitting 14, closed: what happened in it, the chair's conclusions and their tasks,
        # then its minutes (which carry the conclusions) and a resolution, signed with demo
        # keys and issued.
        seed_past(sitting.council)
        agencies = seed_followup(sitting, DEMO_PASSWORD)
        # Its questioning: answers and promises, one made a task (before the minutes: they
        # carry it).
        seed_questioning_record(sitting.council)
        records = seed_records(sitting.council)
        # Officials to question (linked to the agencies above) and questions sent before.
        seed_questioning(sitting)
        self.stdout.write(
            self.style.SUCCESS(f"Demo ready: {sitting.council.name}, {sitting.title}")
        )
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD} — demo only):")
        self.stdout.write("  chair:        chutoa  (vice-chairs: phochutoa1, phochutoa2)")
        self.stdout.write("  secretariat:  thuky")
        self.stdout.write("  delegates:    daibieu01 … daibieu92")
        self.stdout.write("  hall screens: manhinh1, manhinh2")
        self.stdout.write('  agencies (their assigned tasks, "Việc được giao"):')
        for line in agencies:
            self.stdout.write(line)
        if records:
            self.stdout.write(f"  signing PIN of the demo keys (chutoa, thuky): {DEMO_PIN}")
            self.stdout.write(f"Verify the demo resolution (public, no login): {records}")

    @transaction.atomic
    def _people_and_agenda(self) -> Sitting:
        password = make_password(DEMO_PASSWORD)  # hashed once: 100 hashes would take a minute
        council, _ = Council.objects.get_or_create(
            name=COUNCIL_NAME, defaults={"total_delegates": TOTAL_DELEGATES}
        )
        groups = [DelegateGroup.objects.get_or_create(council=council, name=n)[0] for n in GROUPS]

        people = list(OFFICERS)
        plain = TOTAL_DELEGATES - len(OFFICERS)
        people += [
            (f"daibieu{i:02d}", Role.DELEGATE, name)
            for i, name in enumerate(delegate_names(plain), start=1)
        ]
        for seat, (username, role, full_name) in enumerate(people, start=1):
            self._member(
                council,
                username,
                role,
                full_name,
                password,
                group=groups[(seat - 1) % len(groups)],
                seat=f"{seat:03d}",
            )
        for username, role, full_name in STAFF:
            self._member(council, username, role, full_name, password, group=None, seat="")

        sitting, created = Sitting.objects.get_or_create(
            council=council,
            number=15,
            defaults={
                "title": "Kỳ họp thứ 15",
                "starts_on": datetime.date(2026, 12, 8),
                "ends_on": datetime.date(2026, 12, 10),
                "state": SittingState.PUBLISHED,
            },
        )
        if created:
            for position, (title, description) in enumerate(AGENDA, start=1):
                AgendaItem.objects.create(
                    sitting=sitting, position=position, title=title, description=description
                )

        return sitting

    def _documents(self, sitting: Sitting) -> None:
        if sitting.documents.exists():
            return
        secretariat = Member.objects.get(council=sitting.council, role=Role.SECRETARIAT)
        items = list(sitting.items.order_by("position"))
        for position, title, confidential, pages in DEMO_DOCUMENTS:
            document = documents.upload_document(
                secretariat,
                sitting,
                title=title,
                upload=SimpleUploadedFile(f"tai-lieu-{position}.pdf", demo_pdf(title, pages)),
                agenda_item_id=items[position - 1].pk,
                confidential=confidential,
            )
            documents.publish_document(secretariat, document)

    def _member(self, council, username, role, full_name, password, *, group, seat):
        user, created = get_user_model().objects.get_or_create(username=username)
        if created:
            user.password = password
            user.save(update_fields=["password"])
        Member.objects.update_or_create(
            user=user,
            council=council,
            defaults={"role": role, "full_name": full_name, "group": group, "seat": seat},
        )
