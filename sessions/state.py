"""What a (re)connecting tablet is sent: the viewer's page regions and the current seq."""

from typing import Any

from council.models import Member
from sessions.models import Sitting
from sessions.regions import render_regions

# The hall screens' page: its frames are built apart (sessions/live.py `screen_frame`).
SCREEN_PAGE = "screen"

# Which live regions each kind of page shows. Events carry every region they change;
# a tablet swaps only those present on its page.
PAGE_REGIONS: dict[str, tuple[str, ...]] = {
    "room": ("sitting-header", "agenda"),
    "chair": ("sitting-header", "chair-controls"),
    "screen": ("screen-main",),
    # The secretariat's working pages that follow the sitting (questioning's grouping).
    "desk": (),
}

# Apps add their regions to pages at import (voting adds the tally, documents the list).
EXTRA_PAGE_REGIONS: dict[str, list[str]] = {page: [] for page in PAGE_REGIONS}


def page_regions(page: str) -> tuple[str, ...]:
    return PAGE_REGIONS[page] + tuple(EXTRA_PAGE_REGIONS[page])


def page_for(member: Member) -> str:
    if member.is_screen:
        return "screen"
    if member.is_chair:
        return "chair"
    return "room"


def build_snapshot(sitting_id: int, member: Member, page: str | None = None) -> dict[str, Any]:
    # Read seq before rendering: state rendered after it is at least as new, so an event
    # with a higher seq that arrives later can only repeat what the snapshot shows.
    sitting = Sitting.objects.select_related("council").get(pk=sitting_id)
    page = page or page_for(member)
    return {
        "type": "snapshot",
        "seq": sitting.event_seq,
        "state": sitting.state,
        "page": page,
        "regions": render_regions(sitting, page_regions(page), member.language),
    }
