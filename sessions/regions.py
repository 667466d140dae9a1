"""Live regions: one template partial each, used for the first page load and every event.

A region's context depends only on the sitting, never on the viewer, so it can be rendered
once per event and sent to every tablet. Viewer-specific parts (a delegate's own ballot,
private annotations) travel as member events instead.
"""

import contextvars
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.template.loader import render_to_string
from django.utils import translation

from sessions.models import Sitting, SittingState


@dataclass(frozen=True)
class Region:
    id: str
    template: str
    context: Callable[[Sitting], dict[str, Any]]
    # A context that words text itself (a verdict sentence) is built once per language;
    # others are built once per event and rendered in every language.
    worded_context: bool = False


REGIONS: dict[str, Region] = {}

# No frame a tablet is sent may exceed this: Daphne's WebSocket message limit (its default
# websocket_max_message_size, 1 MiB). The regions of one render pass (one frame) share
# what the envelope (type, seq, state, page) leaves; past it, the largest regions are
# sent as a short notice instead (never the oversized frame). Write-time bounds
# (AGENDA_DESCRIPTION_MAX_CHARS, each field's max_length) keep a real sitting far below:
# tests/sessions/test_frame_limit.py builds one with every field at its bound.
FRAME_MAX_BYTES = 1024 * 1024
FRAME_ENVELOPE_BYTES = 16 * 1024
TOO_LARGE_TEMPLATE = "sessions/_partials/region_too_large.html"

logger = logging.getLogger(__name__)

# What the contexts of one render_regions_in call share: a voting tally feeds four
# renders per event (two regions, two languages) and its counting is the costly part.
_pass_memo: contextvars.ContextVar[dict[Any, Any] | None] = contextvars.ContextVar(
    "region_pass_memo", default=None
)


def memoized[T](key: Any, compute: Callable[[], T]) -> T:
    """compute() once per render pass (every region and language of one event)."""
    memo = _pass_memo.get()
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]


def register(region: Region) -> Region:
    if region.id in REGIONS and REGIONS[region.id] is not region:
        raise ValueError(f"region {region.id} is declared twice")
    REGIONS[region.id] = region
    return region


def render_regions(
    sitting: Sitting, region_ids: list[str] | tuple[str, ...], language: str
) -> dict[str, str]:
    return render_regions_in(sitting, region_ids, [language])[language]


def render_regions_in(
    sitting: Sitting, region_ids: list[str] | tuple[str, ...], languages: list[str]
) -> dict[str, dict[str, str]]:
    """The regions in each language; their data is queried once, not once per language."""

    def context_of(region_id: str) -> dict[str, Any]:
        return {"sitting": sitting, "region_id": region_id, **REGIONS[region_id].context(sitting)}

    token = _pass_memo.set({})
    try:
        shared = {rid: context_of(rid) for rid in region_ids if not REGIONS[rid].worded_context}
        rendered: dict[str, dict[str, str]] = {}
        for language in languages:
            with translation.override(language):
                rendered[language] = within_frame_limit(
                    sitting,
                    {
                        rid: render_to_string(
                            REGIONS[rid].template,
                            shared[rid] if rid in shared else context_of(rid),
                        )
                        for rid in region_ids
                    },
                )
        return rendered
    finally:
        _pass_memo.reset(token)


def frame_bytes(html: str) -> int:
    """What a region's HTML weighs in a frame (JSON, UTF-8)."""
    return len(json.dumps(html, ensure_ascii=False).encode())


def within_frame_limit(sitting: Sitting, regions: dict[str, str]) -> dict[str, str]:
    """The regions, the largest replaced by a notice until they fit in one frame."""
    sizes = {rid: frame_bytes(html) for rid, html in regions.items()}
    budget = FRAME_MAX_BYTES - FRAME_ENVELOPE_BYTES
    while sum(sizes.values()) > budget:
        largest = max(sizes, key=lambda rid: sizes[rid])
        notice = render_to_string(TOO_LARGE_TEMPLATE, {"region_id": largest})
        if frame_bytes(notice) >= sizes[largest]:
            break  # only notices left
        logger.error(
            "sitting %s: region %s (%d bytes) would overflow the frame; sent as a notice",
            sitting.pk,
            largest,
            sizes[largest],
        )
        regions[largest], sizes[largest] = notice, frame_bytes(notice)
    return regions


def _current_item_id(sitting: Sitting) -> int | None:
    # A closed sitting keeps the item it ended on for the record, but nothing is being
    # discussed any more: no tablet, console or screen marks it "now".
    return None if sitting.state == SittingState.CLOSED else sitting.current_item_id


def _agenda_context(sitting: Sitting) -> dict[str, Any]:
    return {"items": list(sitting.items.all()), "current_id": _current_item_id(sitting)}


def _screen_context(sitting: Sitting) -> dict[str, Any]:
    # Imported here: speaker_events registers regions through this module.
    from sessions.speaker_events import (
        hall_view,
        presented_page_shown,
        screen_focus,
        speakers_view,
    )

    items = list(sitting.items.all())
    current = next((item for item in items if item.pk == _current_item_id(sitting)), None)
    number = items.index(current) + 1 if current else None
    speakers = speakers_view(sitting)
    hall = hall_view(sitting)
    return {
        "current": current,
        "number": number,
        "item_count": len(items),
        **speakers,
        **hall,
        "next_speakers": speakers["waiting"][:3],
        "focus": screen_focus(hall["hall"], speakers["speaking"]) if sitting.is_live else "item",
        # Only the screen draws the page, so only its region asks (not the chair's console).
        "presented_shown": presented_page_shown(hall["hall"]),
    }


register(Region("sitting-header", "sessions/_partials/sitting_header.html", lambda s: {}))
register(Region("agenda", "sessions/_partials/agenda.html", _agenda_context))
register(Region("chair-controls", "sessions/_partials/chair_controls.html", _agenda_context))
register(Region("screen-main", "sessions/_partials/screen_main.html", _screen_context))
