from django.db import IntegrityError, connection, transaction

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
    value = _increment(sitting_id)
    if value is None:
        try:
            with transaction.atomic():
                VotingClock.objects.create(sitting_id=sitting_id, value=1)
            return 1
        except IntegrityError:  # another transaction created it first
            value = _increment(sitting_id)
    assert value is not None
    return value


def _increment(sitting_id: int) -> int | None:
    """The clock plus one, in one statement (every ballot ticks it): UPDATE ... RETURNING,
    which PostgreSQL and SQLite (3.35+) both have and the ORM's update() does not offer."""
    table = connection.ops.quote_name(VotingClock._meta.db_table)
    value = connection.ops.quote_name(str(VotingClock._meta.get_field("value").column))
    sitting = connection.ops.quote_name(str(VotingClock._meta.get_field("sitting").column))
    with connection.cursor() as cursor:
        cursor.execute(
            # Only the model's own quoted names are formatted in; the id is a parameter.
            f"UPDATE {table} SET {value} = {value} + 1 WHERE {sitting} = %s RETURNING {value}",  # noqa: S608
            [sitting_id],
        )
        row = cursor.fetchone()
    return None if row is None else int(row[0])


def locked_poll(poll: Poll | int, actor: Member | None) -> Poll:
    """The poll, its sitting's row locked first, then its own: the one order across apps.

    Closing a sitting checks its polls under the sitting's lock, and opening a vote checks
    the sitting's state under the same lock, so the two are ordered and a vote never ends
    up open in a closed sitting (tests/voting/test_lock_order.py). The sitting is locked by
    a statement of its own: a FOR UPDATE over select_related() locked it only as a side
    effect, and the council's row too, so two halls of one council waited on each other.
    """
    if isinstance(poll, int):
        poll_id = poll
        sitting_id = Poll.objects.values_list("sitting_id", flat=True).get(pk=poll_id)
    else:
        # A poll never moves to another sitting: the caller's instance knows it already.
        poll_id, sitting_id = poll.pk, poll.sitting_id
    Sitting.objects.select_for_update().filter(pk=sitting_id).exists()
    locked = (
        Poll.objects.select_for_update(of=("self",))
        .select_related("sitting__council")
        .get(pk=poll_id)
    )
    if actor is not None and locked.sitting.council_id != actor.council_id:
        raise NotAllowed()
    return locked
