"""What the sitting's records page shows: each record with its status, and what can be done."""

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from council.models import Member
from documents.models import Document
from records.models import Minutes, RecordFile, RecordKind, RecordState, Resolution
from records.services import role_of
from sessions.models import Sitting
from voting.models import Poll, PollKind, PollState


@dataclass
class RecordRow:
    record: RecordFile
    signed: int
    required: int
    signers: list[str]
    my_role: str | None  # the box the viewer may still sign

    @property
    def status(self) -> str:
        state = self.record.state
        if state == RecordState.SIGNING:
            return _("signed by %(signed)d of %(required)d") % {
                "signed": self.signed,
                "required": self.required,
            }
        return str(RecordState(state).label).lower()


def record_rows(sitting: Sitting, viewer: Member) -> list[RecordRow]:
    rows = []
    files = (
        RecordFile.objects.filter(sitting=sitting)
        .prefetch_related("signatures__signer")
        .order_by("kind", "created_at", "id")
    )
    for record in files:
        signatures = list(record.signatures.all())
        done = {s.role for s in signatures}
        role = role_of(viewer, record)
        rows.append(
            RecordRow(
                record=record,
                signed=len(signatures),
                required=len(record.required_roles),
                signers=[s.signer.full_name for s in signatures],
                my_role=role
                if role and role not in done and record.state == RecordState.SIGNING
                else None,
            )
        )
    return rows


def open_minutes(sitting: Sitting) -> Minutes | None:
    return (
        Minutes.objects.filter(sitting=sitting)
        .exclude(state=RecordState.SUPERSEDED)
        .order_by("-version")
        .first()
    )


def issuable_polls(sitting: Sitting) -> list[Poll]:
    """Adopted motions of the sitting that have no resolution yet."""
    issued = set(Resolution.objects.filter(sitting=sitting).values_list("poll_id", flat=True))
    polls = Poll.objects.filter(sitting=sitting, kind=PollKind.MOTION, state=PollState.CLOSED)
    return [
        poll
        for poll in polls.order_by("closed_at", "id")
        if poll.pk not in issued and ((poll.result or {}).get("verdict") or {}).get("passed")
    ]


def linkable_documents(sitting: Sitting) -> list[Document]:
    return list(
        Document.objects.filter(sitting=sitting, confidential=False, withdrawn=False).order_by(
            "position", "id"
        )
    )


def page_context(sitting: Sitting, viewer: Member) -> dict[str, Any]:
    return {
        "rows": record_rows(sitting, viewer),
        "minutes": open_minutes(sitting),
        "polls": issuable_polls(sitting) if viewer.is_secretariat else [],
        "documents": linkable_documents(sitting) if viewer.is_secretariat else [],
        "kinds": RecordKind,
    }
