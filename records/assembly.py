"""What the minutes say, gathered from what the app already holds about a closed sitting.

Reads only; the service freezes the result into a PDF. Secret ballots contribute counts,
never names: their ballots carry no member (voting/models.py), and this module reads only
``Poll.result``, the frozen record written when the poll closed, plus, for named polls,
who chose what.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models.functions import Coalesce

from council.models import Member
from council.vietnamese import name_key
from documents.models import Document
from followup.models import Conclusion
from records import numbering
from sessions.models import Sitting, SpeakerKind, SpeakerRequest, SpeakerState
from voting.models import (
    AttendanceStatus,
    Ballot,
    BallotReceipt,
    MotionChoice,
    Poll,
    PollKind,
    PollState,
)

# The minutes are a Vietnamese legal record: these words are the document's, in every
# language of the interface (like the legal-basis phrase in records/numbering.py).
CHOICE_WORDS = {
    MotionChoice.YES: "Tán thành",
    MotionChoice.NO: "Không tán thành",
    MotionChoice.ABSTAIN: "Không biểu quyết",
}
SPEECH_WORDS = {
    SpeakerKind.SPEECH: "phát biểu",
    SpeakerKind.QUESTION: "chất vấn",
    SpeakerKind.REPLY: "trả lời",
}
VERDICT_WORDS = {True: "Thông qua", False: "Không thông qua"}


@dataclass
class Absentee:
    member_id: int
    name: str
    reason: str  # empty: absent without a reason given


@dataclass
class Speech:
    name: str
    kind: str
    addressee: str
    duration: str


@dataclass
class PollRecord:
    poll_id: int
    title: str
    secret: bool
    counts: list[tuple[str, int]]  # (choice words, votes), in the motion's order
    present: int
    total: int
    passed: bool | None  # None: elections and confidence polls (no single verdict)
    verdict: str
    legal_basis: str
    # Named motions only: (choice words, names), in the motion's order. Never for secret polls.
    named: list[tuple[str, list[str]]] = field(default_factory=list)
    # Voided (the ballot box lost its key): nothing was counted; the chair's reason.
    voided: bool = False
    void_reason: str = ""
    voters: int = 0  # voided polls: how many delegates had voted (receipts)


@dataclass
class ItemRecord:
    item_id: int
    number: int
    title: str
    documents: list[str]
    confidential_documents: int
    speeches: list[Speech]
    polls: list[PollRecord]
    conclusions: list[str]
    notes: str


@dataclass
class PromiseRecord:
    text: str
    due: str  # dd/mm/yyyy


@dataclass
class QuestionRecord:
    """One question put at the sitting (questioning/record.py), as the minutes word it."""

    authors: list[str]
    addressed_to: str
    text: str
    answered: bool
    gist: str
    duration: str  # "" without a timer
    promises: list[PromiseRecord]


@dataclass
class MinutesContent:
    present: list[str]
    excused: list[Absentee]
    absent: list[Absentee]
    total: int
    items: list[ItemRecord]
    questions: list[QuestionRecord] = field(default_factory=list)


def _questions(sitting: Sitting) -> list[QuestionRecord]:
    """The questioning (chất vấn và trả lời chất vấn): each question, who asked, the answer's
    gist and the promises made, read from the questioning record."""
    from questioning.record import record_rows

    return [
        QuestionRecord(
            authors=row.authors,
            addressed_to=row.addressed_to,
            text=row.text,
            answered=bool(row.gist),
            gist=row.gist,
            duration=numbering.duration(row.seconds_used) if row.seconds_used is not None else "",
            promises=[
                PromiseRecord(text=p.text, due=p.due_date.strftime("%d/%m/%Y"))
                for p in row.promises
            ],
        )
        for row in record_rows(sitting)
    ]


def _conclusions(sitting: Sitting) -> dict[int | None, list[str]]:
    """The chair's conclusions per item (followup/), in their numbered order."""
    by_item: dict[int | None, list[str]] = defaultdict(list)
    for item_id, text in (
        Conclusion.objects.filter(sitting=sitting).order_by("number").values_list("item_id", "text")
    ):
        by_item[item_id].append(text)
    return by_item


def _voided_record(poll: Poll) -> PollRecord:
    """A voided poll counted nothing: the minutes say so, with the chair's reason."""
    return PollRecord(
        poll_id=poll.pk,
        title=poll.title,
        secret=poll.secret,
        counts=[],
        present=0,
        total=poll.sitting.council.total_delegates,
        passed=None,
        verdict="Hủy bỏ (hòm phiếu mất khóa, không thể kiểm phiếu)",
        legal_basis="",
        voided=True,
        void_reason=poll.void_reason,
        voters=BallotReceipt.objects.filter(poll=poll).count(),
    )


def _poll_record(poll: Poll, names: dict[int, str]) -> PollRecord:
    if poll.is_voided:
        return _voided_record(poll)
    result: dict[str, Any] = poll.result or {}
    total = int(result.get("total_delegates", 0))
    record = PollRecord(
        poll_id=poll.pk,
        title=poll.title,
        secret=poll.secret,
        counts=[],
        present=int(result.get("present", 0)),
        total=total,
        passed=None,
        verdict="",
        legal_basis="",
    )
    if poll.kind == PollKind.MOTION:
        by_code = {o["code"]: int(o["votes"]) for o in result.get("options", [])}
        record.counts = [(CHOICE_WORDS[c], by_code.get(c, 0)) for c in MotionChoice]
        verdict = result.get("verdict") or {}
        params = verdict.get("params") or {}
        record.passed = bool(verdict.get("passed"))
        record.verdict = VERDICT_WORDS[record.passed]
        if params:
            record.legal_basis = numbering.legal_basis(
                result["rule"], int(params["needed"]), int(params["base"])
            )
        if not poll.secret:
            chosen: dict[str, list[str]] = defaultdict(list)
            codes = {str(o.pk): o.code for o in poll.options.all()}
            for member_id, choices in Ballot.objects.filter(poll=poll).values_list(
                "member_id", "choices"
            ):
                for option_id in choices:
                    chosen[codes.get(option_id, "")].append(names.get(member_id, "?"))
            record.named = [
                (CHOICE_WORDS[c], sorted(chosen[c], key=name_key))
                for c in MotionChoice
                if chosen[c]
            ]
    elif poll.kind == PollKind.ELECTION:
        record.counts = [(c["label"], int(c["votes"])) for c in result.get("candidates", [])]
        elected = [c["label"] for c in result.get("candidates", []) if c.get("elected")]
        record.verdict = "Trúng cử: " + (", ".join(elected) if elected else "không có")
    else:
        record.counts = [
            (o["label"], int(o["high"]) + int(o["confidence"]) + int(o["low"]))
            for o in result.get("officials", [])
        ]
        record.verdict = "Kết quả lấy phiếu tín nhiệm đã được công bố tại kỳ họp"
    return record


def assemble(
    sitting: Sitting, *, notes: dict[str, str], absence_reasons: dict[str, str]
) -> MinutesContent:
    council = sitting.council
    delegates = list(Member.objects.filter(council=council).delegates().order_by("full_name"))
    status = dict(sitting.attendances.values_list("member_id", "status"))
    present, excused, absent = [], [], []
    for member in sorted(delegates, key=lambda m: name_key(m.full_name)):
        state = status.get(member.pk, AttendanceStatus.ABSENT)
        reason = str(absence_reasons.get(str(member.pk), "")).strip()
        if state == AttendanceStatus.PRESENT:
            present.append(member.full_name)
        elif state == AttendanceStatus.EXCUSED or reason:
            excused.append(Absentee(member.pk, member.full_name, reason))
        else:
            absent.append(Absentee(member.pk, member.full_name, ""))

    conclusions = _conclusions(sitting)
    speeches: dict[int | None, list[Speech]] = defaultdict(list)
    for request in (
        SpeakerRequest.objects.filter(sitting=sitting, state=SpeakerState.DONE)
        .select_related("member")
        .order_by("started_at", "id")
    ):
        speeches[request.item_id].append(
            Speech(
                name=request.member.full_name,
                kind=SPEECH_WORDS.get(SpeakerKind(request.kind), request.kind),
                addressee=request.addressee,
                duration=numbering.duration(request.spoken_seconds or 0),
            )
        )
    documents: dict[int | None, list[Document]] = defaultdict(list)
    for document in Document.objects.filter(sitting=sitting, published=True).order_by(
        "position", "id"
    ):
        documents[document.agenda_item_id].append(document)
    polls: dict[int | None, list[Poll]] = defaultdict(list)
    ended = Poll.objects.filter(sitting=sitting, state__in=(PollState.CLOSED, PollState.VOIDED))
    for poll in ended.select_related("sitting__council").order_by(
        Coalesce("closed_at", "voided_at"), "id"
    ):
        polls[poll.item_id].append(poll)
    voter_names = dict(Member.objects.filter(council=council).values_list("pk", "full_name"))

    items = []
    for number, item in enumerate(sitting.items.order_by("position", "id"), start=1):
        item_documents = documents[item.pk]
        items.append(
            ItemRecord(
                item_id=item.pk,
                number=number,
                title=item.title,
                # A confidential document is counted, never named: the minutes become public.
                documents=[d.title for d in item_documents if not d.confidential],
                confidential_documents=sum(1 for d in item_documents if d.confidential),
                speeches=speeches[item.pk],
                polls=[_poll_record(p, voter_names) for p in polls[item.pk]],
                conclusions=conclusions.get(item.pk, []),
                notes=str(notes.get(str(item.pk), "")),
            )
        )
    return MinutesContent(
        present=present,
        excused=excused,
        absent=absent,
        total=council.total_delegates,
        items=items,
        questions=_questions(sitting),
    )
