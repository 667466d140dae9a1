"""The demo's questioning at "Kỳ họp thứ 14" (closed): two officials linked to their agencies,
three questions answered (one in the hall on the floor the speakers' record already has, one
registered before the sitting, one answered in writing after it), promises, and one promise
made a task of Sở Xây dựng through the same service the secretariat uses.

seed_demo calls it after the follow-up's agencies exist and before the minutes are built, so
that sitting 14's minutes carry the questioning. Idempotent: found by natural keys first.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from council.models import Council, Member, Role
from followup.models import Agency
from questioning import answering
from questioning.answering import PromiseInput
from questioning.models import Official, Promise, Question, QuestionGroup, QuestionState
from sessions.models import Sitting, SittingState, SpeakerKind, SpeakerRequest

# (name, office, agency's short name)
OFFICIALS = [
    ("Võ Thanh Hải", "Giám đốc Sở Xây dựng", "Sở XD"),
    ("Đỗ Ngọc Lan", "Giám đốc Sở Giao thông vận tải", "Sở GTVT"),
]
# (official index, topic, author, co-authors, question, gist, [(promise, days from today, task?)],
#  asked in the hall?)
QUESTIONS = [
    (
        0,
        "Chống ngập đô thị",
        "daibieu31",
        ["daibieu45"],
        "Đề nghị Giám đốc Sở Xây dựng cho biết nguyên nhân dự án chống ngập khu vực trung tâm "
        "chậm tiến độ 18 tháng và giải pháp khắc phục.",
        "Nguyên nhân chính là vướng mặt bằng tại 3 phường và nhà thầu thiếu năng lực; Sở đã "
        "chấm dứt hợp đồng với một nhà thầu và đang lựa chọn nhà thầu thay thế.",
        [("Hoàn thành lựa chọn nhà thầu thay thế và tái khởi công dự án chống ngập", 45, True)],
        True,
    ),
    (
        1,
        "Ùn tắc giao thông",
        "daibieu52",
        [],
        "Kế hoạch giảm ùn tắc tại nút giao cửa ngõ phía Đông trong năm 2026 là gì?",
        "Sở sẽ điều chỉnh pha đèn, tổ chức lại luồng xe tải và mở rộng nhánh rẽ phải.",
        [("Báo cáo HĐND kết quả thí điểm tổ chức lại giao thông nút giao phía Đông", 75, False)],
        False,
    ),
    (
        1,
        "Ùn tắc giao thông",
        "daibieu17",
        [],
        "Đề nghị cho biết tiến độ lắp đặt camera giám sát giao thông trên các tuyến chính.",
        "Trả lời bằng văn bản: đã lắp 420/600 camera; phần còn lại hoàn thành trong quý IV.",
        [],
        False,
    ),
]


def seed_questioning_record(council: Council) -> None:
    sitting = Sitting.objects.filter(council=council, number=14).first()
    secretariat = Member.objects.filter(council=council, role=Role.SECRETARIAT).first()
    if sitting is None or sitting.state != SittingState.CLOSED or secretariat is None:
        return
    if Question.objects.filter(sitting=sitting, text=QUESTIONS[0][4]).exists():
        return
    members = {m.user.username: m for m in Member.objects.filter(council=council)}
    officials = _officials(sitting)
    item = sitting.items.filter(title__startswith="Chất vấn").first()
    opened = timezone.make_aware(datetime.datetime.combine(sitting.starts_on, datetime.time(8)))
    today = timezone.localdate()
    for index, (official_index, topic, author, co, text, gist, promises, hall) in enumerate(
        QUESTIONS, start=1
    ):
        if author not in members:
            continue
        official = officials[official_index]
        with transaction.atomic():
            group, _ = QuestionGroup.objects.get_or_create(
                sitting=sitting,
                official=official,
                topic=topic,
                defaults={"item": item, "position": official_index + 1, "state": "done"},
            )
            question = Question.objects.create(
                sitting=sitting,
                official=official,
                author=members[author],
                text=text,
                state=QuestionState.ASKED if hall else QuestionState.REGISTERED,
                group=group,
                position=index,
                registered_at=opened - datetime.timedelta(days=7 if not hall else 0),
                floor=_floor(sitting, members[author]) if hall else None,
            )
            question.co_authors.add(*[members[u] for u in co if u in members])
        answering.record_answer(
            secretariat,
            question.pk,
            gist=gist,
            promise=PromiseInput(promises[0][0], today + datetime.timedelta(days=promises[0][1]))
            if promises
            else None,
        )
        for promise in Promise.objects.filter(question=question):
            if promises[0][2]:
                answering.promise_to_task(secretariat, promise.pk)


def _officials(sitting: Sitting) -> list[Official]:
    found = []
    for position, (name, office, short_name) in enumerate(OFFICIALS, start=1):
        official, _ = Official.objects.get_or_create(
            sitting=sitting,
            name=name,
            office=office,
            defaults={
                "agency": Agency.objects.filter(
                    council_id=sitting.council_id, short_name=short_name
                ).first(),
                "position": position,
            },
        )
        found.append(official)
    return found


def _floor(sitting: Sitting, author: Member) -> SpeakerRequest | None:
    """The question's floor in the speakers' record of sitting 14 (records/demo.py), whose
    timer gives the record its time used."""
    return (
        SpeakerRequest.objects.filter(sitting=sitting, member=author, kind=SpeakerKind.QUESTION)
        .filter(question__isnull=True)
        .first()
    )
