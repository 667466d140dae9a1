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
    poll_id = poll if isinstance(poll, int) else poll.pk
    locked = Poll.objects.select_for_update().select_related("sitting__council").get(pk=poll_id)
    if actor is not None and locked.sitting.council_id != actor.council_id:
        raise NotAllowed()
    return locked
