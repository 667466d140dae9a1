"""One action per voting event type, for tests/live/test_event_consistency.py.

Each gets the PUBLISHED sitting; the event it is named after is the last one it sends."""

import contextlib
import uuid

from sessions import services as sitting_services
from sessions.live import coalescer
from sessions.models import SittingState
from voting import services
from voting.models import PollKind


def _started(personas, sitting):
    sitting_services.change_sitting_state(personas["chair"], sitting, SittingState.IN_PROGRESS)


def _motion(personas, sitting, **extra):
    spec = services.PollSpec(kind=PollKind.MOTION, title="Nghị quyết về ngân sách", **extra)
    return services.create_poll(personas["chair"], sitting, spec)


def create_poll(personas, sitting):
    _motion(personas, sitting)


def open_poll(personas, sitting):
    _started(personas, sitting)
    services.open_poll(personas["chair"], _motion(personas, sitting))


def cast_ballot(personas, sitting):
    _started(personas, sitting)
    services.check_in(personas["delegate"], sitting)
    poll = services.open_poll(personas["chair"], _motion(personas, sitting))
    yes = poll.options.get(code="yes")
    services.cast_ballot(personas["delegate"], poll, {yes.pk: "x"}, uuid.uuid4())
    coalescer.flush()  # send the pending tally now rather than after the window


def close_poll(personas, sitting):
    _started(personas, sitting)
    services.check_in(personas["delegate"], sitting)
    poll = services.open_poll(personas["chair"], _motion(personas, sitting))
    no = poll.options.get(code="no")
    services.cast_ballot(personas["delegate"], poll, {no.pk: "x"}, uuid.uuid4())
    coalescer.flush()
    services.close_poll(personas["chair"], poll)


def count_secret_poll(personas, sitting):
    """A sealed poll's close ends with poll.counted (its signed list is ready)."""
    from tests.sealing import seal

    _started(personas, sitting)
    services.check_in(personas["delegate"], sitting)
    poll = services.open_poll(personas["chair"], _motion(personas, sitting, secret=True))
    ciphertext, _token = seal(poll, {poll.options.get(code="yes").pk: "x"})
    services.cast_sealed_ballot(personas["delegate"], poll, ciphertext, uuid.uuid4())
    coalescer.flush()
    services.close_poll(personas["chair"], poll)


def _poll_without_its_key(personas, sitting):
    """A sealed poll whose key the box lost: the chair's close is refused and noted."""
    from sessions.errors import ActionRefused
    from tests.sealing import lose_key, seal

    _started(personas, sitting)
    services.check_in(personas["delegate"], sitting)
    poll = services.open_poll(personas["chair"], _motion(personas, sitting, secret=True))
    ciphertext, _token = seal(poll, {poll.options.get(code="yes").pk: "x"})
    services.cast_sealed_ballot(personas["delegate"], poll, ciphertext, uuid.uuid4())
    coalescer.flush()
    lose_key(poll)
    # Refused, as it must be: the box holds no key; poll.key_gone went out.
    with contextlib.suppress(ActionRefused):
        services.close_poll(personas["chair"], poll)
    return poll


def lose_the_key(personas, sitting):
    _poll_without_its_key(personas, sitting)


def void_poll(personas, sitting):
    poll = _poll_without_its_key(personas, sitting)
    services.void_poll(personas["chair"], poll, "Hòm phiếu mất khóa giữa chừng")


def check_in(personas, sitting):
    services.check_in(personas["delegate"], sitting)


def vote_and_get_my_receipt(personas, sitting):
    """The receipt goes to the voter's own devices: the delegate is the viewer."""
    cast_ballot(personas, sitting)


ACTIONS = {
    "poll.created": create_poll,
    "poll.opened": open_poll,
    "poll.tally": cast_ballot,
    "poll.closed": close_poll,
    "poll.counted": count_secret_poll,
    "poll.key_gone": lose_the_key,
    "poll.voided": void_poll,
    "attendance.changed": check_in,
    "attendance.own": check_in,
    "poll.receipt": vote_and_get_my_receipt,
}
