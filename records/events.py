"""Records' live event and region, registered with sessions at app start.

When a record is issued (its last signature lands) every tablet of the sitting is told, and
the "records" region (issued minutes and resolutions with their numbers) is swapped.
"""

from typing import Any, TypedDict

from sessions import events, regions, state
from sessions.events import EventType
from sessions.models import Sitting


class RecordIssuedPayload(TypedDict):
    kind: str
    code: str
    number: str


RECORD_ISSUED = EventType("record.issued", RecordIssuedPayload, regions=("records",))


def issued_records(sitting: Sitting) -> list[Any]:
    from records.models import RecordFile, RecordState

    return list(
        RecordFile.objects.filter(
            sitting=sitting, state__in=[RecordState.ISSUED, RecordState.SUPERSEDED]
        ).order_by("kind", "number_label", "created_at")
    )


def _records_context(sitting: Sitting) -> dict[str, Any]:
    return {"records": issued_records(sitting)}


def register() -> None:
    events.register(RECORD_ISSUED)
    regions.register(regions.Region("records", "records/_partials/records.html", _records_context))
    for page in ("room", "chair"):
        if "records" not in state.EXTRA_PAGE_REGIONS[page]:
            state.EXTRA_PAGE_REGIONS[page].append("records")
