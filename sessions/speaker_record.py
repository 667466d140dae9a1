"""Who spoke on which agenda item, in the order they had the floor: for the minutes.

Speeches are public in the hall, so every member of the council may read the record;
the secretariat prints it or opens it as CSV to write the minutes (biên bản).
"""

from dataclasses import dataclass, field

from sessions.models import AgendaItem, Sitting, SpeakerRequest, SpeakerState


@dataclass(frozen=True)
class Speech:
    request: SpeakerRequest

    @property
    def spoken(self) -> str:
        """How long, as min:s; empty while the delegate still has the floor."""
        if self.request.state == SpeakerState.SPEAKING:
            return ""
        return minutes_and_seconds(self.request.spoken_seconds or 0)


@dataclass
class ItemRecord:
    number: int | None  # None: items since removed from the agenda
    item: AgendaItem | None
    speeches: list[Speech] = field(default_factory=list)


def speaker_record(sitting: Sitting) -> list[ItemRecord]:
    """The agenda items with the speeches given on them, in agenda and speaking order."""
    records = [
        ItemRecord(number, item)
        for number, item in enumerate(sitting.items.order_by("position", "id"), start=1)
    ]
    by_item = {record.item.pk: record for record in records if record.item is not None}
    removed = ItemRecord(None, None)
    spoken = (
        SpeakerRequest.objects.filter(
            sitting=sitting, state__in=[SpeakerState.SPEAKING, SpeakerState.DONE]
        )
        .select_related("member__group")
        .order_by("started_at", "id")
    )
    for speech in spoken:
        by_item.get(speech.item_id, removed).speeches.append(Speech(speech))  # type: ignore[arg-type]
    return [record for record in [*records, removed] if record.speeches]


def minutes_and_seconds(seconds: int) -> str:
    return f"{seconds // 60}:{seconds % 60:02d}"
