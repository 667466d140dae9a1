"""Sitting and agenda services: permission, state check, row lock, change, audit, publish.

Each runs in one transaction; `live.publish` sends its event only after commit.
"""

import datetime
from collections.abc import Callable

from django.db import transaction
from django.utils.translation import gettext as _

from council import permissions
from council.audit import log_action
from council.models import Member
from council.sequence import AtTheEnd, moved, placed
from sessions import events, live
from sessions.errors import ActionRefused, NotAllowed, StaleState
from sessions.models import SITTING_TRANSITIONS, AgendaItem, Sitting, SittingState

# Who may make which move: preparing the sitting is the secretariat's, running it the chair's.
_TRANSITION_ROLES: dict[tuple[str, str], Callable[[Member], bool]] = {
    (SittingState.DRAFT, SittingState.PUBLISHED): permissions.can_manage_sittings,
    (SittingState.PUBLISHED, SittingState.DRAFT): permissions.can_manage_sittings,
    (SittingState.PUBLISHED, SittingState.IN_PROGRESS): permissions.can_chair,
    (SittingState.IN_PROGRESS, SittingState.CLOSED): permissions.can_chair,
}

# Other apps' reasons a sitting cannot be closed yet (voting: a vote still open). Each takes
# the locked sitting and returns a translated refusal or None. Apps add theirs in their
# AppConfig.ready(), so that sessions need not import them.
closing_checks: list[Callable[[Sitting], str | None]] = []


def _locked(sitting: Sitting, actor: Member) -> Sitting:
    if sitting.council_id != actor.council_id:
        raise NotAllowed()
    return Sitting.objects.select_for_update().get(pk=sitting.pk)


@transaction.atomic
def create_sitting(
    actor: Member, *, number: int, title: str, starts_on: datetime.date, ends_on: datetime.date
) -> Sitting:
    if not permissions.can_manage_sittings(actor):
        raise NotAllowed()
    if ends_on < starts_on:
        raise ActionRefused(_("A sitting cannot end before it starts."))
    if Sitting.objects.filter(council=actor.council, number=number).exists():
        raise ActionRefused(_("Sitting number %(number)s already exists.") % {"number": number})
    sitting = Sitting.objects.create(
        council=actor.council, number=number, title=title, starts_on=starts_on, ends_on=ends_on
    )
    log_action(actor, "sessions.sitting.created", sitting, {"number": number, "title": title})
    return sitting


@transaction.atomic
def change_sitting_state(actor: Member, sitting: Sitting, to_state: str) -> Sitting:
    sitting = _locked(sitting, actor)
    from_state = sitting.state
    if to_state not in SITTING_TRANSITIONS[from_state]:
        raise ActionRefused(
            _("A sitting that is %(from)s cannot become %(to)s.")
            % {
                "from": SittingState(from_state).label,
                "to": SittingState(to_state).label if to_state in SittingState.values else to_state,
            }
        )
    allowed = _TRANSITION_ROLES[(from_state, to_state)]
    if not allowed(actor):
        raise NotAllowed()
    if to_state == SittingState.CLOSED:
        for check in closing_checks:
            if reason := check(sitting):
                raise ActionRefused(reason)
    sitting.state = to_state
    update_fields = ["state"]
    if to_state == SittingState.IN_PROGRESS and sitting.current_item_id is None:
        sitting.current_item = sitting.items.order_by("position", "id").first()
        update_fields.append("current_item")
    sitting.save(update_fields=update_fields)
    log_action(actor, f"sessions.sitting.{to_state}", sitting, {"from": from_state, "to": to_state})
    live.publish(sitting, events.SITTING_STATE_CHANGED, {"state": to_state})
    return sitting


@transaction.atomic
def set_current_item(
    actor: Member,
    sitting: Sitting,
    item_id: int | None,
    *,
    seen_item_id: int | None = None,
    check_seen: bool = False,
) -> Sitting:
    """Make `item_id` the item the hall is on.

    With `check_seen`, the chair's tablet says which item it showed: if another of the
    chair's devices moved on meanwhile, a stale "next" must not skip an item.
    """
    if not permissions.can_chair(actor):
        raise NotAllowed()
    sitting = _locked(sitting, actor)
    if sitting.state != SittingState.IN_PROGRESS:
        raise ActionRefused(_("The sitting has not started."))
    if check_seen and sitting.current_item_id != seen_item_id:
        raise StaleState(_("The agenda moved on meanwhile; your screen has been updated."))
    item = None
    if item_id is not None:
        item = AgendaItem.objects.filter(pk=item_id, sitting=sitting).first()
        if item is None:
            raise ActionRefused(_("That agenda item is not on this sitting's agenda."))
    if sitting.current_item_id == item_id:
        return sitting
    previous = sitting.current_item_id
    sitting.current_item = item
    sitting.save(update_fields=["current_item"])
    log_action(actor, "sessions.item.started", sitting, {"from": previous, "to": item_id})
    live.publish(
        sitting,
        events.CURRENT_ITEM_CHANGED,
        {"item_id": item_id, "title": item.title if item else ""},
    )
    return sitting


def step_item(actor: Member, sitting: Sitting, direction: int, seen_item_id: int | None) -> Sitting:
    """Move to the next (+1) or previous (-1) item from the one the chair's screen showed."""
    ids = list(sitting.items.order_by("position", "id").values_list("id", flat=True))
    if not ids:
        raise ActionRefused(_("The agenda is empty."))
    if seen_item_id in ids:
        index = ids.index(seen_item_id) + direction
    else:
        index = 0 if direction > 0 else len(ids) - 1
    if not 0 <= index < len(ids):
        raise ActionRefused(
            _("This is the last agenda item.")
            if direction > 0
            else _("This is the first agenda item.")
        )
    return set_current_item(actor, sitting, ids[index], seen_item_id=seen_item_id, check_seen=True)


@transaction.atomic
def add_agenda_item(
    actor: Member, sitting: Sitting, *, title: str, description: str = ""
) -> AgendaItem:
    if not permissions.can_manage_sittings(actor):
        raise NotAllowed()
    sitting = _locked(sitting, actor)
    if sitting.state == SittingState.CLOSED:
        raise ActionRefused(_("The sitting is closed."))
    title = title.strip()
    if not title:
        raise ActionRefused(_("An agenda item needs a title."))
    last = sitting.items.order_by("-position").values_list("position", flat=True).first()
    item = AgendaItem.objects.create(
        sitting=sitting, title=title, description=description.strip(), position=(last or 0) + 1
    )
    log_action(actor, "sessions.item.added", item, {"title": title}, council=sitting.council)
    live.publish(sitting, events.AGENDA_CHANGED, {"item_count": sitting.items.count()})
    return item


def _agenda_changed(sitting: Sitting) -> None:
    live.publish(sitting, events.AGENDA_CHANGED, {"item_count": sitting.items.count()})
    # The documents list (documents app) is grouped under the items' numbers and titles,
    # so an edit, a move or a removal changes it too. Looked up by name: sessions does not
    # depend on the documents app.
    documents_changed = events.EVENT_TYPES.get("documents.changed")
    if documents_changed is not None:
        live.publish(sitting, documents_changed, {"document_id": None, "change": "agenda"})


def _locked_item(actor: Member, sitting: Sitting, item_id: int) -> tuple[Sitting, AgendaItem]:
    if not permissions.can_manage_sittings(actor):
        raise NotAllowed()
    sitting = _locked(sitting, actor)
    if sitting.state == SittingState.CLOSED:
        raise ActionRefused(_("The sitting is closed."))
    item = AgendaItem.objects.filter(pk=item_id, sitting=sitting).first()
    if item is None:
        raise StaleState(_("That agenda item is not on this sitting's agenda."))
    return sitting, item


@transaction.atomic
def edit_agenda_item(
    actor: Member, sitting: Sitting, item_id: int, *, title: str, description: str = ""
) -> AgendaItem:
    sitting, item = _locked_item(actor, sitting, item_id)
    title = title.strip()
    if not title:
        raise ActionRefused(_("An agenda item needs a title."))
    before = {"title": item.title, "description": item.description}
    item.title, item.description = title, description.strip()
    item.save(update_fields=["title", "description"])
    log_action(
        actor,
        "sessions.item.edited",
        item,
        {"from": before, "to": {"title": item.title, "description": item.description}},
        council=sitting.council,
    )
    _agenda_changed(sitting)
    return item


@transaction.atomic
def remove_agenda_item(actor: Member, sitting: Sitting, item_id: int) -> None:
    """Remove an item; its documents stay with the sitting, under "other documents"."""
    sitting, item = _locked_item(actor, sitting, item_id)
    if sitting.current_item_id == item.pk:
        raise ActionRefused(_("The hall is on this item; the chair must move on first."))
    log_action(actor, "sessions.item.removed", item, {"title": item.title}, council=sitting.council)
    item.delete()
    _renumber(sitting, list(sitting.items.order_by("position", "id")))
    _agenda_changed(sitting)


@transaction.atomic
def move_agenda_item(actor: Member, sitting: Sitting, item_id: int, direction: int) -> None:
    """Swap an item with its neighbour above (-1) or below (+1)."""
    sitting, item = _locked_item(actor, sitting, item_id)
    try:
        items, index, target = moved(sitting.items.order_by("position", "id"), item.pk, direction)
    except AtTheEnd as end:
        raise ActionRefused(
            _("This is the last agenda item.") if end.last else _("This is the first agenda item.")
        ) from None
    _renumber(sitting, items)
    log_action(
        actor,
        "sessions.item.moved",
        item,
        {"from": index + 1, "to": target + 1},
        council=sitting.council,
    )
    _agenda_changed(sitting)


@transaction.atomic
def place_agenda_item(actor: Member, sitting: Sitting, item_id: int, before_id: int | None) -> None:
    """Drag and drop: put the item just before another one (last when None)."""
    sitting, item = _locked_item(actor, sitting, item_id)
    items, index, target = placed(sitting.items.order_by("position", "id"), item.pk, before_id)
    if index == target:
        return
    _renumber(sitting, items)
    log_action(
        actor,
        "sessions.item.moved",
        item,
        {"from": index + 1, "to": target + 1},
        council=sitting.council,
    )
    _agenda_changed(sitting)


def _renumber(sitting: Sitting, items: list[AgendaItem]) -> None:
    for position, item in enumerate(items, start=1):
        if item.position != position:
            item.position = position
            item.save(update_fields=["position"])
