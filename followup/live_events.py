"""The follow-up's live events and regions in the sittings' registries (sessions/events.py,
sessions/regions.py), so snapshot + events == a fresh snapshot is checked for them too.

Regions (each one partial, rendered once per event, never per viewer):
- "followup-conclusions" tablets and the chair's console: the sitting's conclusions under
  their agenda items, each with its tasks' agency and status;
- "followup-review"      tablets and the chair's console: on a sitting with a follow-up review
  item, the earlier sittings' conclusions with their tasks' status (sums per conclusion);
- "screen-followup"      the hall screen: the review while its item is under way, otherwise
  the conclusions recorded on the current item.
"""

from typing import Any, TypedDict

from django.template.loader import render_to_string
from django.utils import translation

from followup import review_sections
from sessions import events, regions, state
from sessions.events import CURRENT_ITEM_CHANGED, EventType
from sessions.models import Sitting


class ConclusionsChangedPayload(TypedDict):
    conclusion_id: int | None


class TasksChangedPayload(TypedDict):
    task_id: int
    change: str


class ReviewChangedPayload(TypedDict):
    item_id: int


CONCLUSIONS_CHANGED = EventType(
    "followup.conclusions_changed",
    ConclusionsChangedPayload,
    regions=("followup-conclusions", "followup-review", "screen-followup"),
)
TASKS_CHANGED = EventType(
    "followup.tasks_changed",
    TasksChangedPayload,
    regions=("followup-conclusions", "followup-review", "screen-followup"),
)
REVIEW_CHANGED = EventType(
    "followup.review_changed",
    ReviewChangedPayload,
    regions=("followup-review", "screen-followup"),
)

PAGES = {
    "room": ("followup-conclusions", "followup-review"),
    "chair": ("followup-conclusions", "followup-review"),
    "screen": ("screen-followup",),
}


def _conclusions(sitting: Sitting) -> dict[str, Any]:
    from followup.queries import sitting_conclusions

    return regions.memoized(
        ("followup-conclusions", sitting.pk), lambda: sitting_conclusions(sitting)
    )


def _review_data(sitting: Sitting) -> dict[str, Any]:
    from followup.queries import review_of

    return regions.memoized(("followup-review", sitting.pk), lambda: review_of(sitting))


def _review(sitting: Sitting) -> dict[str, Any]:
    """The review's table, rendered once per language for both regions that show it (the
    tablets' and the hall screen's): with hundreds of conclusions it is the costly part."""
    data = _review_data(sitting)
    if not data["review"]:
        return data
    language = translation.get_language()
    table = regions.memoized(
        ("followup-review-table", sitting.pk, language),
        lambda: render_to_string("followup/_partials/review_table.html", data),
    )
    # What other apps add (followup/review_sections.py): the promises after questioning.
    sections = regions.memoized(
        ("followup-review-sections", sitting.pk, language),
        lambda: review_sections.render(sitting),
    )
    return {"review": True, "table": table, "sections": sections}


def _screen(sitting: Sitting) -> dict[str, Any]:
    from followup.queries import is_review_item

    current = sitting.current_item_id
    if current is not None and is_review_item(current):
        return {"mode": "review", **_review(sitting)}
    groups = _conclusions(sitting)["groups"]
    shown = [g for g in groups if g["item"] is not None and g["item"].pk == current]
    return {"mode": "conclusions", "groups": shown}


def register() -> None:
    for event in (CONCLUSIONS_CHANGED, TASKS_CHANGED, REVIEW_CHANGED):
        events.register(event)
    # The hall screen shows the review when its item comes up.
    events.add_regions(CURRENT_ITEM_CHANGED, ("screen-followup",))
    for region in (
        regions.Region("followup-conclusions", "followup/_partials/conclusions.html", _conclusions),
        # Worded: built in each language, so that the table is rendered once per language.
        regions.Region(
            "followup-review", "followup/_partials/review.html", _review, worded_context=True
        ),
        regions.Region(
            "screen-followup", "followup/_partials/screen.html", _screen, worded_context=True
        ),
    ):
        regions.register(region)
    for page, region_ids in PAGES.items():
        for region_id in region_ids:
            if region_id not in state.EXTRA_PAGE_REGIONS[page]:
                state.EXTRA_PAGE_REGIONS[page].append(region_id)
