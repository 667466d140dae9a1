"""Every server -> tablet event type, in one place, with its payload schema.

An event names the live regions it changes; `live.publish` renders those regions once per
event (per language) and the tablet swaps them by element id. A snapshot renders the same
regions through the same partials, so snapshot + events == a fresh snapshot
(tests/live/test_event_consistency.py checks that for every type listed here).
"""

from dataclasses import dataclass
from enum import StrEnum
from typing import Any, TypedDict, get_args, get_type_hints


class Audience(StrEnum):
    SITTING = "sitting"  # every tablet and screen of the sitting; numbered with `seq`
    MEMBER = "member"  # one member's own devices; not numbered (applied idempotently)


@dataclass(frozen=True)
class EventType:
    name: str
    payload: type
    regions: tuple[str, ...] = ()
    audience: Audience = Audience.SITTING
    # A coalesced event (a live tally) is a "latest state" event: not numbered, and under a
    # burst only the newest one per key is sent, rendered from the database at send time.
    # Its regions carry a data-version the tablet uses to ignore an older one that arrives
    # late (from another process). The numbered event that ends the burst (poll closed)
    # carries the final state, so nothing depends on every coalesced event arriving.
    coalesce: bool = False
    # A member event that may wait a few ms to travel with others of its kind (a ballot's
    # receipt under a burst; sessions/member_events.py). Unbatched member events keep their
    # order with the sitting's events (annotations: a group's "drop" before the sitting's
    # "show").
    batched: bool = False
    # The only payload fields a hall screen's frame carries (sessions/live.py
    # `screen_frame`): numbers only, so no text of a confidential document can ride along.
    # Screens draw what they show from their regions; their scripts need only the clock.
    screen_data: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        hints = get_type_hints(self.payload)
        for field in self.screen_data:
            kinds = set(get_args(hints.get(field))) or {hints.get(field)}
            if not kinds <= {int, type(None)}:
                raise ValueError(f"{self.name}.{field}: a screen may only be sent numbers")

    def validate(self, data: dict[str, Any]) -> None:
        hints = get_type_hints(self.payload)
        missing = set(hints) - set(data)
        extra = set(data) - set(hints)
        if missing or extra:
            raise ValueError(f"{self.name}: missing {sorted(missing)}, unexpected {sorted(extra)}")
        for key, expected in hints.items():
            origin = getattr(expected, "__origin__", expected)
            value = data[key]
            if value is None and type(None) in getattr(expected, "__args__", ()):
                continue
            if isinstance(origin, type) and not isinstance(value, origin):
                raise ValueError(f"{self.name}.{key}: {value!r} is not {expected}")


class SittingStateChangedPayload(TypedDict):
    state: str


class CurrentItemChangedPayload(TypedDict):
    item_id: int | None
    title: str


class AgendaChangedPayload(TypedDict):
    item_count: int


# The speakers' list shows the item under way and offers "ask to speak" only while the
# sitting is in progress (regions registered by sessions/speaker_events.py).
SPEAKER_LIST_REGIONS = ("speaker-queue", "speaker-current")

SITTING_STATE_CHANGED = EventType(
    "sitting.state_changed",
    SittingStateChangedPayload,
    regions=(
        "sitting-header",
        "agenda",
        "chair-controls",
        "screen-main",
        *SPEAKER_LIST_REGIONS,
    ),
)
CURRENT_ITEM_CHANGED = EventType(
    "agenda.current_changed",
    CurrentItemChangedPayload,
    regions=("agenda", "chair-controls", "screen-main", *SPEAKER_LIST_REGIONS),
)
AGENDA_CHANGED = EventType(
    "agenda.changed",
    AgendaChangedPayload,
    regions=("agenda", "chair-controls", "screen-main"),
)

EVENT_TYPES: dict[str, EventType] = {
    event.name: event for event in (SITTING_STATE_CHANGED, CURRENT_ITEM_CHANGED, AGENDA_CHANGED)
}


def register(event: EventType) -> EventType:
    """Other apps (voting, documents) declare their event types through this, at import."""
    if event.name in EVENT_TYPES and EVENT_TYPES[event.name] is not event:
        raise ValueError(f"event type {event.name} is declared twice")
    EVENT_TYPES[event.name] = event
    return event


def add_regions(event: EventType, region_ids: tuple[str, ...]) -> None:
    """Another app's regions that also follow `event`, at app start (the follow-up review on
    the hall screen follows the current item). Event types are otherwise fixed."""
    missing = tuple(r for r in region_ids if r not in event.regions)
    object.__setattr__(event, "regions", (*event.regions, *missing))
