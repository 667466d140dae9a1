"""The order of documents under an agenda item, as the secretariat arranges it.

Tablets list an item's documents by `position` (documents/queries.py): the report before
its annexes, the draft resolution last. Withdrawn documents keep their place but are not
counted as neighbours: they are listed last.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from council.audit import log_action
from council.models import Member
from council.sequence import AtTheEnd, moved, placed
from documents.models import Document
from documents.services import documents_changed, locked_for_change
from sessions.errors import ActionRefused


@transaction.atomic
def move_document(actor: Member, document: Document, direction: int) -> Document:
    """Swap the document with its neighbour above (-1) or below (+1) under the same item."""
    locked, doc = locked_for_change(actor, document.sitting, document)
    if doc.withdrawn:
        raise ActionRefused(_("A withdrawn document keeps its place."))
    neighbours = (
        Document.objects.select_for_update()
        .filter(sitting=locked, agenda_item_id=doc.agenda_item_id, withdrawn=False)
        .order_by("position", "id")
    )
    try:
        siblings, index, target = moved(neighbours, doc.pk, direction)
    except AtTheEnd as end:
        raise ActionRefused(
            _("This is the last document of the item.")
            if end.last
            else _("This is the first document of the item.")
        ) from None
    # Positions are shared with the other items' documents: reuse this item's own, in order.
    for sibling, position in zip(siblings, sorted(s.position for s in siblings), strict=True):
        if sibling.position != position:
            sibling.position = position
            sibling.save(update_fields=["position"])
    log_action(actor, "documents.document.moved", doc, {"from": index + 1, "to": target + 1})
    if any(sibling.published for sibling in siblings):
        documents_changed(locked, doc.pk, "moved")
    doc.refresh_from_db()
    return doc


@transaction.atomic
def place_document(actor: Member, document: Document, before_id: int | None) -> Document:
    """Drag and drop: put the document just before another of its item's (last when None)."""
    locked, doc = locked_for_change(actor, document.sitting, document)
    if doc.withdrawn:
        raise ActionRefused(_("A withdrawn document keeps its place."))
    neighbours = (
        Document.objects.select_for_update()
        .filter(sitting=locked, agenda_item_id=doc.agenda_item_id, withdrawn=False)
        .order_by("position", "id")
    )
    siblings, index, target = placed(neighbours, doc.pk, before_id)
    if index == target:
        return doc
    for sibling, position in zip(siblings, sorted(s.position for s in siblings), strict=True):
        if sibling.position != position:
            sibling.position = position
            sibling.save(update_fields=["position"])
    log_action(actor, "documents.document.moved", doc, {"from": index + 1, "to": target + 1})
    if any(sibling.published for sibling in siblings):
        documents_changed(locked, doc.pk, "moved")
    doc.refresh_from_db()
    return doc
