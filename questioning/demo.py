"""Demo questioning for seed_demo: the officials questioned at "Kỳ họp thứ 15" (linked to the
follow-up's agencies) and a few questions sent before the sitting, one quoting a passage of
the socio-economic report. Idempotent: officials by natural key, questions by a fixed
client id (the same retry-safety a tablet relies on)."""

import logging
import uuid

from annotations import glyphs
from council.models import Member
from documents.models import DocumentVersion
from followup.models import Agency
from questioning.models import Official
from questioning.services import drafting
from sessions.models import Sitting

logger = logging.getLogger(__name__)

# (name, office, agency's short name)
OFFICIALS = [
    ("Lê Minh Tuấn", "Chủ tịch UBND Thành phố", "UBND TP"),
    ("Phạm Quốc Bảo", "Giám đốc Sở Tài chính", "Sở TC"),
    ("Võ Thanh Hải", "Giám đốc Sở Xây dựng", "Sở XD"),
    ("Đỗ Ngọc Lan", "Giám đốc Sở Giao thông vận tải", "Sở GTVT"),
]
REPORT = "Báo cáo tình hình kinh tế - xã hội năm 2026"
PASSAGE = "Các chương trình đột phá: giảm ngập, giảm kẹt xe, chuyển đổi số."
# (delegate's username, official's office, question, quotes the report's passage)
QUESTIONS = [
    (
        "daibieu01",
        "Giám đốc Sở Giao thông vận tải",
        "Chương trình giảm kẹt xe đã đạt những chỉ tiêu nào, và vì sao các nút giao "
        "trọng điểm vẫn ùn tắc giờ cao điểm?",
        True,
    ),
    (
        "daibieu02",
        "Giám đốc Sở Tài chính",
        "Đề nghị làm rõ nguyên nhân giải ngân vốn đầu tư công chậm trong 9 tháng đầu năm.",
        False,
    ),
    (
        "daibieu03",
        "Giám đốc Sở Tài chính",
        "Vì sao tỷ lệ giải ngân vốn đầu tư công của Thành phố còn thấp so với kế hoạch?",
        False,
    ),
    (
        "daibieu04",
        "Giám đốc Sở Xây dựng",
        "Tiến độ các dự án nhà ở xã hội năm 2026 ra sao, khi nào người lao động được nhận nhà?",
        False,
    ),
]
_NAMESPACE = uuid.UUID("2f6c3f0e-6b57-4a43-9d0b-5a1f3b7c1717")


def seed_questioning(sitting: Sitting) -> int:
    """Officials and registered questions on sitting 15; return how many questions exist."""
    officials = {}
    for position, (name, office, short_name) in enumerate(OFFICIALS, start=1):
        agency = Agency.objects.filter(council=sitting.council, short_name=short_name).first()
        officials[office], _ = Official.objects.get_or_create(
            sitting=sitting,
            name=name,
            office=office,
            defaults={"agency": agency, "position": position},
        )
    passage = _passage(sitting)
    made = 0
    for username, office, text, quoting in QUESTIONS:
        author = Member.objects.filter(council=sitting.council, user__username=username).first()
        if author is None:
            continue
        extra = passage if quoting and passage else {}
        drafting.draft_question(
            author,
            sitting,
            official_id=officials[office].pk,
            text=text,
            send=True,
            client_id=uuid.uuid5(_NAMESPACE, username + office),
            **extra,
        )
        made += 1
    return made


def _passage(sitting: Sitting) -> dict | None:
    """The report's passage as a tablet would send it: its page and the rectangles of its
    words, read from the PDF's glyphs (None if they cannot be read: the question then goes
    without its quote)."""
    version = (
        DocumentVersion.objects.filter(document__sitting=sitting, document__title=REPORT)
        .order_by("-number")
        .first()
    )
    doc = glyphs.doc_text(version) if version is not None else None
    if version is None or doc is None or PASSAGE not in doc.text:
        logger.warning("demo: the report's passage could not be found; quoted without it")
        return None
    start = doc.text.index(PASSAGE)
    end = start + len(PASSAGE)
    page = doc.page_of_span(start, end)
    if page is None:
        return None
    return {
        "version_id": version.pk,
        "page": page,
        "quote": PASSAGE,
        "rects": doc.rects(start, end, page),
    }
