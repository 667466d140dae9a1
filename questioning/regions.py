"""Questioning's live events and regions, in the sittings' registries (sessions/events.py,
sessions/regions.py), so snapshot + events == a fresh snapshot is checked for them too.

Regions (each one partial, rendered once per event, never per viewer: only public questions):
- "questioning-list"    delegate's tablet: the sitting's registered questions by group, and
                        which group is being questioned. A delegate's own drafts are not
                        here (they are private): the page lists them around it;
- "questioning-floor"   tablets, the chair's console and the hall screen: the question on
                        the floor, its authors and its quoted passage (the page region drawn
                        when the document is not confidential, the words alone when it is);
- "questioning-console" chair's console: the groups in order (↑/↓), open/close, the floor;
- "questioning-desk"    the secretariat's grouping page (its own live page, "desk").
"""

from typing import Any, TypedDict

from sessions import events, regions, state
from sessions.events import SITTING_STATE_CHANGED, EventType
from sessions.models import Sitting


class QuestionsChangedPayload(TypedDict):
    question_id: int | None
    change: str


class GroupsChangedPayload(TypedDict):
    group_id: int | None
    change: str


class FloorChangedPayload(TypedDict):
    question_id: int | None
    change: str


LIST_REGIONS = ("questioning-list", "questioning-console", "questioning-desk")

QUESTIONS_CHANGED = EventType(
    "questioning.questions_changed", QuestionsChangedPayload, regions=LIST_REGIONS
)
GROUPS_CHANGED = EventType("questioning.groups_changed", GroupsChangedPayload, regions=LIST_REGIONS)
# The floor: the hall screen's region too. Its payload (words of the question) never
# reaches a screen: screen_data is empty, screens draw from the region.
FLOOR_CHANGED = EventType(
    "questioning.floor_changed",
    FloorChangedPayload,
    regions=(*LIST_REGIONS, "questioning-floor"),
)

PAGES = {
    "room": ("questioning-list", "questioning-floor"),
    "chair": ("questioning-console", "questioning-floor"),
    "screen": ("questioning-floor",),
    "desk": ("questioning-desk",),
}


def _groups(sitting: Sitting) -> dict[str, Any]:
    """The groups in order with their questions, and the registered ones not yet grouped."""

    def build() -> dict[str, Any]:
        from questioning.models import Official, QuestionGroup, QuestionState
        from questioning.queries import public

        questions = list(public(sitting).order_by("position", "registered_at", "id"))
        by_group: dict[int | None, list[Any]] = {}
        for question in questions:
            by_group.setdefault(question.group_id, []).append(question)
        groups = list(
            QuestionGroup.objects.filter(sitting=sitting).select_related("official", "item")
        )
        for group in groups:
            group.listed = by_group.get(group.pk, [])  # type: ignore[attr-defined]
        ungrouped = [q for q in by_group.get(None, []) if q.state == QuestionState.REGISTERED]
        merged = [q for q in questions if q.state == QuestionState.MERGED]
        return {
            "groups": groups,
            "open_group": next((g for g in groups if g.state == "open"), None),
            "ungrouped": ungrouped,
            "merged": merged,
            "registered": [q for q in questions if q.state == QuestionState.REGISTERED],
            "officials": list(Official.objects.filter(sitting=sitting)),
            "live": sitting.is_live,
        }

    return regions.memoized(("questioning-groups", sitting.pk), build)


def floor_view(sitting: Sitting) -> dict[str, Any]:
    from questioning.queries import on_floor

    question = on_floor(sitting)
    passage = None
    if question is not None and question.version is not None:
        document = question.version.document
        passage = {
            # The page region is drawn only for a document the hall may see.
            "drawn": not document.confidential and bool(question.rects),
            "document": document,
            "version": question.version,
            "page": question.page,
            "quote": question.quote,
            "rects": question.rects,
            "anchor_state": question.anchor_state,
        }
    return {"question": question, "passage": passage}


def register() -> None:
    for event in (QUESTIONS_CHANGED, GROUPS_CHANGED, FLOOR_CHANGED):
        events.register(event)
    # The console offers "open the questioning" only while the sitting is in progress.
    events.add_regions(SITTING_STATE_CHANGED, ("questioning-console",))
    for region in (
        regions.Region("questioning-list", "questioning/_partials/list.html", _groups),
        regions.Region("questioning-console", "questioning/_partials/console.html", _groups),
        regions.Region("questioning-desk", "questioning/_partials/desk.html", _groups),
        regions.Region("questioning-floor", "questioning/_partials/floor.html", floor_view),
    ):
        regions.register(region)
    for page, region_ids in PAGES.items():
        for region_id in region_ids:
            if region_id not in state.EXTRA_PAGE_REGIONS[page]:
                state.EXTRA_PAGE_REGIONS[page].append(region_id)
