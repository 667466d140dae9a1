"""Pairs of draft versions (v1 -> v2) for re-anchoring annotations, made with reportlab.

``tests.pdf_corpus`` writes PDFs by hand in Helvetica/WinAnsi, which cannot carry
Vietnamese; these drafts need a TrueType font with Vietnamese glyphs, paragraphs that
wrap and pages that break where the text says, which is what reportlab's platypus does.
The font is DejaVu Sans (Debian's fonts-dejavu-core, installed by scripts/ensure_pdf_tools.sh).

Every sentence is unique (seeded word choices plus its own number), so a test knows which
sentence a mark was on and where that sentence is in v2. ``CASES`` maps a case name to a
function returning (v1 bytes, v2 bytes, v1's sentences, changes) where ``changes`` says
what became of each v1 sentence: ``{sentence: new sentence}`` for edits, ``{sentence: None}``
for deletions.
"""

from __future__ import annotations

import io
import random
from collections.abc import Callable, Sequence
from pathlib import Path

FONT_PATH = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
FONT = "DejaVuSans"

_EN = (
    "council budget district committee report plan school road water housing transport "
    "hospital market revenue spending audit review proposal vote draft article clause "
    "delegate citizen ward park bridge canal flood energy waste tax fee permit land "
    "approves requires limits funds reviews assigns extends reduces adds publishes"
)
_VI = (
    "hội đồng nhân dân thành phố ngân sách quận huyện ủy ban báo cáo kế hoạch trường học "
    "đường giao thông nước sạch nhà ở bệnh viện chợ thu chi kiểm toán dự thảo điều khoản "
    "đại biểu công dân phường công viên cầu kênh rạch ngập lụt năng lượng rác thải thuế "
    "phí giấy phép đất đai phê duyệt quy định giới hạn phân bổ xem xét giao nhiệm vụ "
    "mở rộng giảm bổ sung công bố trách nhiệm"
)
EN_WORDS, VI_WORDS = _EN.split(), _VI.split()

Paragraph = list[str]


def _sentence(rng: random.Random, words: Sequence[str], label: str) -> str:
    body = " ".join(rng.choice(words) for _ in range(rng.randint(9, 16)))
    return f"{label} {body}."


def paragraphs(
    seed: int, count: int, words: Sequence[str] = EN_WORDS, label: str = "Item"
) -> list[Paragraph]:
    rng = random.Random(seed)
    return [
        [_sentence(rng, words, f"{label} {seed}.{p}.{s}") for s in range(1, rng.randint(3, 5))]
        for p in range(1, count + 1)
    ]


def render(pages: Sequence[Sequence[Paragraph]], *, font_size: float = 11) -> bytes:
    """One PDF: each element of ``pages`` starts on a new page (and may flow over more)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import PageBreak, SimpleDocTemplate
    from reportlab.platypus import Paragraph as Para

    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, str(FONT_PATH)))
    style = ParagraphStyle("body", fontName=FONT, fontSize=font_size, leading=font_size * 1.4)
    style.spaceAfter = font_size * 0.8
    out = io.BytesIO()
    story: list = []
    for number, page in enumerate(pages):
        if number:
            story.append(PageBreak())
        story.extend(Para(" ".join(paragraph), style) for paragraph in page)
    SimpleDocTemplate(out, pagesize=A4, invariant=1).build(story)
    return out.getvalue()


Changes = dict[str, str | None]
# v1, v2, every sentence of v1, what became of the changed ones
Case = tuple[bytes, bytes, list[str], Changes]


def _all(pages: Sequence[Sequence[Paragraph]]) -> list[str]:
    return [sentence for page in pages for paragraph in page for sentence in paragraph]


def inserted_above() -> Case:
    body = paragraphs(1, 16)
    added = paragraphs(101, 3, label="New")
    return render([body]), render([added + body]), _all([body]), {}


def deleted() -> Case:
    body = paragraphs(2, 16)
    gone = body[5]
    return render([body]), render([body[:5] + body[6:]]), _all([body]), dict.fromkeys(gone)


def sentence_edited() -> Case:
    body = paragraphs(3, 16)
    rng = random.Random(33)
    edited = [list(p) for p in body]
    changes: Changes = {}
    for paragraph in edited[1::3]:
        old = paragraph[1]
        words = old.rstrip(".").split(" ")
        # Two words replaced in the sentence's second half: an amendment, not a rewrite.
        for at in rng.sample(range(len(words) // 2, len(words)), 2):
            words[at] = rng.choice(("municipal", "annual", "additional", "regional"))
        paragraph[1] = " ".join(words) + "."
        changes[old] = paragraph[1]
    return render([body]), render([edited]), _all([body]), changes


def pages_reordered() -> Case:
    sections = [paragraphs(40 + n, 5) for n in range(4)]
    v2 = render([sections[2], sections[0], sections[3], sections[1]])
    return render(sections), v2, _all(sections), {}


def across_page_break() -> Case:
    body = paragraphs(5, 14)
    # Three paragraphs added in the middle of page 1 push its last paragraphs onto page 2,
    # some sentences broken by the page end.
    added = paragraphs(105, 3, label="Added")
    return render([body]), render([body[:3] + added + body[3:]]), _all([body]), {}


def vietnamese() -> Case:
    body = paragraphs(6, 14, VI_WORDS, label="Điều")
    added = paragraphs(106, 2, VI_WORDS, label="Khoản mới")
    edited = [list(p) for p in body]
    old = edited[4][0]
    edited[4][0] = old[:-1] + " và báo cáo Hội đồng nhân dân thành phố."
    return render([body]), render([added + edited]), _all([body]), {old: edited[4][0]}


CASES: dict[str, Callable[[], Case]] = {
    "paragraph inserted above": inserted_above,
    "paragraph deleted": deleted,
    "sentence edited": sentence_edited,
    "pages reordered": pages_reordered,
    "text moved across a page break": across_page_break,
    "Vietnamese with diacritics": vietnamese,
}
