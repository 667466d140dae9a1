"""Live events and regions of the speakers' list and the hall screens, registered at app start.

Regions (each one partial, rendered once per event, never per viewer):
- "speaker-queue"   chair console: who has the floor, the timer buttons, the queue;
- "hall-console"    chair console: screen mode, message and countdown, presented page;
- "speaker-current" delegate's tablet: who has the floor, the countdown and the queue. A
  delegate's own place ("you are 3rd") is marked in the browser: the rows carry
  data-member-id and the page knows its member id (static/js/speakers.js);
- "presentation"    delegate's tablet: what the chair presents (follow-me, static/js/follow.js);
- "screen-main"     the hall screen (sessions/regions.py).

Timers are server time. A running timer's region carries `data-ends-at` (epoch ms) and every
event here carries the server's `now` (epoch ms), as the snapshot does (sessions/consumers.py):
the browser counts down from ends_at - now with its monotonic clock, whatever its wall clock.
"""

from typing import Any, TypedDict

from django.apps import apps

from sessions import events, regions, state
from sessions.events import EventType
from sessions.models import (
    HallDisplay,
    ScreenMode,
    Sitting,
    SittingSettings,
    SpeakerRequest,
    SpeakerState,
)

SPEAKER_REGIONS = ("speaker-queue", "speaker-current", "screen-main")


class SpeakersChangedPayload(TypedDict):
    request_id: int | None
    change: str
    now: int


class SpeakerTimerPayload(TypedDict):
    request_id: int
    timer: str
    ends_at: int | None
    remaining_ms: int
    now: int


class HallChangedPayload(TypedDict):
    change: str
    now: int


class PresentationChangedPayload(TypedDict):
    version_id: int | None
    page: int | None


# Screens count timers down from the server's clock (static/js/speakers.js): `now` only.
SPEAKERS_CHANGED = EventType(
    "speakers.changed", SpeakersChangedPayload, regions=SPEAKER_REGIONS, screen_data=("now",)
)
SPEAKER_TIMER = EventType(
    "speakers.timer", SpeakerTimerPayload, regions=SPEAKER_REGIONS, screen_data=("now",)
)
HALL_CHANGED = EventType(
    "hall.changed",
    HallChangedPayload,
    regions=("hall-console", "screen-main"),
    screen_data=("now",),
)
PRESENTATION_CHANGED = EventType(
    "presentation.changed",
    PresentationChangedPayload,
    regions=("hall-console", "presentation", "screen-main"),
)


def settings_of(sitting: Sitting) -> SittingSettings:
    # Read-only default: rendering a region never writes a row.
    return SittingSettings.objects.filter(sitting=sitting).first() or SittingSettings(
        sitting=sitting
    )


def hall_of(sitting: Sitting) -> HallDisplay:
    return HallDisplay.objects.filter(sitting=sitting).first() or HallDisplay(sitting=sitting)


def timer_view(request: SpeakerRequest | None) -> dict[str, Any] | None:
    if request is None:
        return None
    if request.timer_stopped:
        timer = "stopped"
    elif request.timer_running:
        timer = "running"
    else:
        timer = "paused"
    return {
        "state": timer,
        "ends_at": request.ends_at_ms,
        # A running timer shows this until the browser's first tick: it is fixed by the
        # row (not by the time of rendering), so every render of one state is the same.
        "remaining_ms": request.remaining_ms_at_pause,
        "allotted_seconds": request.allotted_seconds,
    }


def speakers_view(sitting: Sitting) -> dict[str, Any]:
    item_id = sitting.current_item_id
    speaking = (
        SpeakerRequest.objects.filter(sitting=sitting, state=SpeakerState.SPEAKING)
        .select_related("member__group", "item")
        .first()
    )
    rows = SpeakerRequest.objects.filter(sitting=sitting, item_id=item_id).select_related(
        "member__group"
    )
    waiting = list(rows.filter(state=SpeakerState.WAITING)) if item_id else []
    done = (
        list(rows.filter(state=SpeakerState.DONE).order_by("started_at", "id")) if item_id else []
    )
    return {
        "speaking": speaking,
        "timer": timer_view(speaking),
        "waiting": waiting,
        "done": done,
        "speech_seconds": settings_of(sitting).speech_seconds,
        "live": sitting.is_live,
        "has_item": item_id is not None,
    }


def screen_focus(hall: HallDisplay, speaking: SpeakerRequest | None) -> str:
    """What the hall screen puts first. The chair may force a mode; otherwise what happened
    decides. An open poll outranks all of these: static/js/screen.js compares with the voting
    region, which this region must not depend on."""
    available: dict[str, bool] = {
        ScreenMode.MESSAGE: bool(hall.message or hall.countdown_ends_at),
        ScreenMode.DOCUMENT: hall.presenting_version_id is not None,
        ScreenMode.SPEAKER: speaking is not None,
        ScreenMode.ITEM: True,
    }
    if hall.mode == ScreenMode.TALLY:
        return ScreenMode.TALLY
    if hall.mode != ScreenMode.AUTO and available.get(hall.mode):
        return hall.mode
    return next(mode for mode, present in available.items() if present)


def presented_page_shown(hall: HallDisplay) -> bool:
    """Whether the hall screens draw the presented page, or show only its title and number.

    Never a confidential document's page: the hall may have guests and the press.
    """
    if hall.presenting_version_id is None or not apps.is_installed("documents"):
        return False
    version_model = apps.get_model("documents", "DocumentVersion")
    return version_model.objects.filter(
        pk=hall.presenting_version_id, document__confidential=False
    ).exists()


def hall_view(sitting: Sitting) -> dict[str, Any]:
    hall = hall_of(sitting)
    return {
        "hall": hall,
        "countdown_ends_at": (
            int(hall.countdown_ends_at.timestamp() * 1000) if hall.countdown_ends_at else None
        ),
        "modes": ScreenMode.choices,
    }


def _queue_context(sitting: Sitting) -> dict[str, Any]:
    return speakers_view(sitting)


def _hall_console_context(sitting: Sitting) -> dict[str, Any]:
    return hall_view(sitting)


def _presentation_context(sitting: Sitting) -> dict[str, Any]:
    return {"hall": hall_of(sitting)}


def register() -> None:
    for event in (SPEAKERS_CHANGED, SPEAKER_TIMER, HALL_CHANGED, PRESENTATION_CHANGED):
        events.register(event)
    for region in (
        regions.Region("speaker-queue", "sessions/_partials/speaker_queue.html", _queue_context),
        regions.Region(
            "speaker-current", "sessions/_partials/speaker_current.html", _queue_context
        ),
        regions.Region(
            "hall-console", "sessions/_partials/hall_console.html", _hall_console_context
        ),
        regions.Region(
            "presentation", "sessions/_partials/presentation.html", _presentation_context
        ),
    ):
        regions.register(region)
    for page, ids in {
        "chair": ("speaker-queue", "hall-console"),
        "room": ("speaker-current", "presentation"),
    }.items():
        for region_id in ids:
            if region_id not in state.EXTRA_PAGE_REGIONS[page]:
                state.EXTRA_PAGE_REGIONS[page].append(region_id)
