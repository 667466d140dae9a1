"""Conclusions (kết luận): recorded live from the chair's console, or after the sitting."""

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from council.audit import log_action
from council.models import Member
from followup import live_push
from followup.models import Conclusion, ReviewItem
from followup.permissions import is_staff
from followup.services.common import sittings_to_tell
from sessions.errors import ActionRefused, NotAllowed
from sessions.models import AgendaItem, Sitting, SittingState

MAX_TEXT = 5000


def record_conclusion(
    actor: Member, sitting: Sitting, text: str, item_id: int | None = None
) -> Conclusion:
    """Number the conclusion within the sitting (under the sitting's lock: two consoles
    recording at once get 3 and 4, never 3 twice) and show it on the item's tablets."""
    if sitting.council_id != actor.council_id or not is_staff(actor):
        raise NotAllowed()
    text = (text or "").strip()
    if not text:
        raise ActionRefused(_("A conclusion needs its text."))
    if len(text) > MAX_TEXT:
        raise ActionRefused(_("A conclusion is at most %(n)d characters.") % {"n": MAX_TEXT})
    with transaction.atomic():
        # This sitting and the open ones reviewing the council's conclusions, locked in one
        # order (pk); a closed sitting (a conclusion added afterwards) last.
        told = sittings_to_tell(sitting.council_id, sitting.pk)
        reviewing = [s for s in told if s.pk != sitting.pk]
        locked = next((s for s in told if s.pk == sitting.pk), None)
        if locked is None:
            locked = Sitting.objects.select_for_update().get(pk=sitting.pk)
        if locked.state == SittingState.DRAFT:
            raise ActionRefused(_("Conclusions are recorded once the sitting is published."))
        if item_id is None and locked.state == SittingState.IN_PROGRESS:
            item_id = locked.current_item_id
        item = None
        if item_id is not None:
            item = AgendaItem.objects.filter(pk=item_id, sitting=locked).first()
            if item is None:
                raise ActionRefused(_("This agenda item is not part of the sitting."))
        number = (locked.conclusions.aggregate(n=Max("number"))["n"] or 0) + 1
        conclusion = Conclusion.objects.create(
            sitting=locked, item=item, number=number, text=text, created_by=actor
        )
        log_action(
            actor,
            "followup.conclusion.recorded",
            conclusion,
            {"sitting": locked.pk, "number": number, "item": item_id},
        )
        live_push.conclusions_changed(locked, conclusion.pk, reviewing)
    return conclusion


def set_review_item(actor: Member, sitting: Sitting, item_id: int, review: bool) -> None:
    """Make an agenda item a follow-up review (giám sát việc thực hiện kết luận), or not."""
    if sitting.council_id != actor.council_id or not actor.is_secretariat:
        raise NotAllowed()
    with transaction.atomic():
        locked = Sitting.objects.select_for_update().get(pk=sitting.pk)
        item = AgendaItem.objects.filter(pk=item_id, sitting=locked).first()
        if item is None:
            raise ActionRefused(_("This agenda item is not part of the sitting."))
        if review:
            ReviewItem.objects.get_or_create(item=item)
        else:
            ReviewItem.objects.filter(item=item).delete()
        log_action(
            actor, "followup.review_item.changed", item, {"review": review}, council=actor.council
        )
        live_push.review_changed(locked, item.pk)
