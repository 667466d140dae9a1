from django.db import IntegrityError, transaction
from django.db.models import F

from council.models import Member
from sessions.errors import NotAllowed
from sessions.models import Sitting
from voting.models import Poll, VotingClock


def tick(sitting: Sitting | int) -> int:
    """Advance the sitting's voting clock (inside the caller's transaction) and return it.

    Lock order everywhere in voting: the poll or attendance row, then this row, then the
    sitting row (live.publish numbers events there).
    """
    sitting_id = sitting if isinstance(sitting, int) else sitting.pk
    if not VotingClock.objects.filter(sitting_id=sitting_id).update(value=F("value") + 1):
        try:
            with transaction.atomic():
                VotingClock.objects.create(sitting_id=sitting_id, value=1)
        except IntegrityError:  # another transaction created it first
            VotingClock.objects.filter(sitting_id=sitting_id).update(value=F("value") + 1)
    return VotingClock.objects.values_list("value", flat=True).get(sitting_id=sitting_id)


def locked_poll(poll: Poll | int, actor: Member | None) -> Poll:
    """The poll, its sitting's row locked first, then its own: the one order across apps.

    Closing a sitting checks its polls under the sitting's lock, and opening a vote checks
    the sitting's state under the same lock, so the two are ordered and a vote never ends
    up open in a closed sitting (tests/voting/test_lock_order.py). The sitting is locked by
    a statement of its own: a FOR UPDATE over select_related() locked it only as a side
    effect, and the council's row too, so two halls of one council waited on each other.
    """
    poll_id = poll if isinstance(poll, int) else poll.pk
    sitting_id = Poll.objects.values_list("sitting_id", flat=True).get(pk=poll_id)
    Sitting.objects.select_for_update().filter(pk=sitting_id).exists()
    locked = (
        Poll.objects.select_for_update(of=("self",))
        .select_related("sitting__council")
        .get(pk=poll_id)
    )
    if actor is not None and locked.sitting.council_id != actor.council_id:
        raise NotAllowed()
    return locked
