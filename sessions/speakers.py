"""Requests to speak (đăng ký phát biểu) and the speaking timer.

Each service: one transaction, the sitting row locked (it serialises every change of the
list, so positions and "one speaker at a time" need no retry loop), the state checked
against the transition table, an audit entry, and an event sent after commit.

The timer is server time. A row stores when the current run began and what ran before it;
nothing counts in the browser but the display (see sessions/speaker_events.py).
"""

import datetime

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from council import permissions
from council.audit import log_action
from council.models import Member
from council.sequence import AtTheEnd, moved
from sessions import live
from sessions.errors import ActionRefused, NotAllowed, StaleState
from sessions.models import (
    OPEN_SPEAKER_STATES,
    SPEAKER_TRANSITIONS,
    Sitting,
    SittingSettings,
    SittingState,
    SpeakerKind,
    SpeakerRequest,
    SpeakerState,
)
from sessions.speaker_events import SPEAKER_TIMER, SPEAKERS_CHANGED, timer_view

MIN_SPEECH_SECONDS = 15
MAX_SPEECH_SECONDS = 60 * 60
TIMER_FIELDS = [
    "timer_started_at",
    "timer_elapsed_ms",
    "timer_stopped",
    "allotted_seconds",
    "earlier_runs_ms",
]


def epoch_ms(moment: datetime.datetime) -> int:
    return int(moment.timestamp() * 1000)


def _locked(actor: Member, sitting: Sitting) -> Sitting:
    if sitting.council_id != actor.council_id:
        raise NotAllowed()
    sitting = Sitting.objects.select_for_update().get(pk=sitting.pk)
    if sitting.state != SittingState.IN_PROGRESS:
        raise ActionRefused(_("The sitting has not started."))
    return sitting


def _chair_locked(actor: Member, sitting: Sitting) -> Sitting:
    if not permissions.can_chair(actor):
        raise NotAllowed()
    return _locked(actor, sitting)


def _request(sitting: Sitting, request_id: int) -> SpeakerRequest:
    request = (
        SpeakerRequest.objects.select_related("member")
        .filter(pk=request_id, sitting=sitting)
        .first()
    )
    if request is None:
        raise StaleState(_("That request to speak is no longer on the list."))
    return request


def _move(request: SpeakerRequest, to_state: str) -> None:
    if to_state not in SPEAKER_TRANSITIONS[request.state]:
        raise StaleState(
            _("%(name)s is %(state)s: the list changed meanwhile; your screen has been updated.")
            % {"name": request.member.full_name, "state": SpeakerState(request.state).label}
        )
    request.state = to_state


def _changed(sitting: Sitting, request_id: int | None, change: str) -> None:
    live.publish(
        sitting,
        SPEAKERS_CHANGED,
        {"request_id": request_id, "change": change, "now": epoch_ms(timezone.now())},
    )


def _timer_changed(sitting: Sitting, request: SpeakerRequest, now: datetime.datetime) -> None:
    view = timer_view(request)
    assert view is not None
    live.publish(
        sitting,
        SPEAKER_TIMER,
        {
            "request_id": request.pk,
            "timer": view["state"],
            "ends_at": view["ends_at"],
            "remaining_ms": request.allotted_seconds * 1000 - request.elapsed_ms(now),
            "now": epoch_ms(now),
        },
    )


def _audit(actor: Member, action: str, request: SpeakerRequest, **data) -> None:
    log_action(
        actor,
        f"sessions.speaker.{action}",
        request,
        {"member": request.member_id, "item": request.item_id, **data},
        council=actor.council,
    )


@transaction.atomic
def request_to_speak(
    actor: Member,
    sitting: Sitting,
    *,
    kind: str = SpeakerKind.SPEECH,
    addressee: str = "",
    seen_item_id: int | None = None,
) -> SpeakerRequest:
    """A delegate asks to speak on the item under way; `seen_item_id` is the item their
    tablet showed, so a request made as the chair moves on is not filed on the next item."""
    if not actor.is_delegate:
        raise NotAllowed()
    sitting = _locked(actor, sitting)
    if sitting.current_item_id is None:
        raise ActionRefused(_("No agenda item is under way."))
    if seen_item_id is not None and seen_item_id != sitting.current_item_id:
        raise StaleState(_("The agenda moved on meanwhile; your screen has been updated."))
    if kind not in SpeakerKind.values:
        raise ActionRefused(_("Choose how you wish to speak."))
    addressee = addressee.strip()[:200]
    if kind == SpeakerKind.QUESTION and not addressee:
        raise ActionRefused(_("Say which official the question is for."))
    if kind != SpeakerKind.QUESTION:
        addressee = ""
    open_requests = SpeakerRequest.objects.filter(
        item_id=sitting.current_item_id, member=actor, state__in=OPEN_SPEAKER_STATES
    )
    if open_requests.exists():
        raise ActionRefused(_("You are already on the list of speakers for this item."))
    last = SpeakerRequest.objects.filter(item_id=sitting.current_item_id).aggregate(
        last=Max("position")
    )["last"]
    request = SpeakerRequest.objects.create(
        sitting=sitting,
        item_id=sitting.current_item_id,
        member=actor,
        kind=kind,
        addressee=addressee,
        position=(last or 0) + 1,
    )
    _audit(actor, "requested", request, kind=kind, addressee=addressee)
    _changed(sitting, request.pk, "requested")
    return request


@transaction.atomic
def withdraw(actor: Member, sitting: Sitting, request_id: int) -> SpeakerRequest:
    """The delegate takes back their own request; the chair may strike anyone's from the list."""
    sitting = _locked(actor, sitting)
    request = _request(sitting, request_id)
    if request.member_id != actor.pk and not permissions.can_chair(actor):
        raise NotAllowed()
    _move(request, SpeakerState.WITHDRAWN)
    request.ended_at = timezone.now()
    request.save(update_fields=["state", "ended_at"])
    _audit(actor, "withdrawn", request, by_chair=request.member_id != actor.pk)
    _changed(sitting, request.pk, "withdrawn")
    return request


@transaction.atomic
def reorder(actor: Member, sitting: Sitting, request_id: int, direction: int) -> None:
    """Swap a waiting speaker with the one above (-1) or below (+1) on the same item."""
    sitting = _chair_locked(actor, sitting)
    request = _request(sitting, request_id)
    if request.state != SpeakerState.WAITING:
        raise StaleState(_("That request to speak is no longer on the list."))
    waiting = SpeakerRequest.objects.filter(item_id=request.item_id, state=SpeakerState.WAITING)
    try:
        queue, index, target = moved(waiting, request.pk, direction)
    except AtTheEnd as end:
        raise ActionRefused(
            _("This speaker is already last.") if end.last else _("This speaker is already first.")
        ) from None
    for position, other in enumerate(queue, start=1):
        if other.position != position:
            other.position = position
            other.save(update_fields=["position"])
    _audit(actor, "moved", request, **{"from": index + 1, "to": target + 1})
    _changed(sitting, request.pk, "moved")


def _finish(actor: Member, request: SpeakerRequest, now: datetime.datetime) -> None:
    _move(request, SpeakerState.DONE)
    elapsed = request.elapsed_ms(now)
    request.timer_elapsed_ms = elapsed
    request.timer_started_at = None
    request.ended_at = now
    request.spoken_seconds = round((request.earlier_runs_ms + elapsed) / 1000)
    request.save(
        update_fields=[
            "state",
            "timer_elapsed_ms",
            "timer_started_at",
            "ended_at",
            "spoken_seconds",
        ]
    )
    _audit(actor, "done", request, spoken_seconds=request.spoken_seconds)


def _speaking(sitting: Sitting) -> SpeakerRequest | None:
    return (
        SpeakerRequest.objects.select_related("member")
        .filter(sitting=sitting, state=SpeakerState.SPEAKING)
        .first()
    )


@transaction.atomic
def give_floor(
    actor: Member,
    sitting: Sitting,
    request_id: int,
    *,
    seen_speaker_id: int | None = None,
    check_seen: bool = False,
) -> SpeakerRequest:
    """Give the floor and start the timer. Whoever spoke before is done: one speaker at a
    time. With `check_seen`, the console says who it showed speaking, so a second device's
    stale tap cannot cut short a speaker it never saw."""
    sitting = _chair_locked(actor, sitting)
    request = _request(sitting, request_id)
    current = _speaking(sitting)
    if check_seen and (current.pk if current else None) != seen_speaker_id:
        raise StaleState(_("The floor changed meanwhile; your screen has been updated."))
    if request.item_id != sitting.current_item_id:
        raise StaleState(_("That request to speak is not on the item under way."))
    now = timezone.now()
    if current is not None:
        _finish(actor, current, now)
    _move(request, SpeakerState.SPEAKING)
    request.started_at = now
    request.allotted_seconds = speech_seconds(sitting)
    request.timer_started_at = now
    request.timer_elapsed_ms = 0
    request.earlier_runs_ms = 0
    request.timer_stopped = False
    request.save(update_fields=["state", "started_at", *TIMER_FIELDS])
    _audit(actor, "floor_given", request, allotted_seconds=request.allotted_seconds)
    _changed(sitting, request.pk, "floor")
    return request


def _current_speaker(sitting: Sitting, request_id: int) -> SpeakerRequest:
    current = _speaking(sitting)
    if current is None or current.pk != request_id:
        raise StaleState(_("The floor changed meanwhile; your screen has been updated."))
    return current


@transaction.atomic
def pause_timer(actor: Member, sitting: Sitting, request_id: int) -> SpeakerRequest:
    sitting = _chair_locked(actor, sitting)
    request = _current_speaker(sitting, request_id)
    if not request.timer_running:
        raise StaleState(_("The timer is not running."))
    now = timezone.now()
    request.timer_elapsed_ms = request.elapsed_ms(now)
    request.timer_started_at = None
    request.save(update_fields=TIMER_FIELDS)
    _audit(actor, "timer_paused", request, elapsed_ms=request.timer_elapsed_ms)
    _timer_changed(sitting, request, now)
    return request


@transaction.atomic
def resume_timer(actor: Member, sitting: Sitting, request_id: int) -> SpeakerRequest:
    sitting = _chair_locked(actor, sitting)
    request = _current_speaker(sitting, request_id)
    if request.timer_running or request.timer_stopped:
        raise StaleState(_("The timer is not paused."))
    now = timezone.now()
    request.timer_started_at = now
    request.save(update_fields=TIMER_FIELDS)
    _audit(actor, "timer_resumed", request, elapsed_ms=request.timer_elapsed_ms)
    _timer_changed(sitting, request, now)
    return request


@transaction.atomic
def stop_timer(actor: Member, sitting: Sitting, request_id: int) -> SpeakerRequest:
    """Stop counting: the speaker keeps the floor without a time limit on the screens."""
    sitting = _chair_locked(actor, sitting)
    request = _current_speaker(sitting, request_id)
    if request.timer_stopped:
        raise StaleState(_("The timer is already stopped."))
    now = timezone.now()
    request.timer_elapsed_ms = request.elapsed_ms(now)
    request.timer_started_at = None
    request.timer_stopped = True
    request.save(update_fields=TIMER_FIELDS)
    _audit(actor, "timer_stopped", request, elapsed_ms=request.timer_elapsed_ms)
    _timer_changed(sitting, request, now)
    return request


@transaction.atomic
def restart_timer(actor: Member, sitting: Sitting, request_id: int) -> SpeakerRequest:
    """Start the timer again from the sitting's full speaking time. The time already spoken
    stays in the record: `spoken_seconds` adds every run."""
    sitting = _chair_locked(actor, sitting)
    request = _current_speaker(sitting, request_id)
    now = timezone.now()
    spoken_before = request.elapsed_ms(now)
    request.earlier_runs_ms += spoken_before
    request.allotted_seconds = speech_seconds(sitting)
    request.timer_elapsed_ms = 0
    request.timer_started_at = now
    request.timer_stopped = False
    request.save(update_fields=TIMER_FIELDS)
    _audit(actor, "timer_started", request, spoken_before_ms=spoken_before)
    _timer_changed(sitting, request, now)
    return request


@transaction.atomic
def extend_timer(
    actor: Member, sitting: Sitting, request_id: int, seconds: int = 60
) -> SpeakerRequest:
    sitting = _chair_locked(actor, sitting)
    request = _current_speaker(sitting, request_id)
    if not 0 < seconds <= MAX_SPEECH_SECONDS:
        raise ActionRefused(_("Give extra time between 1 second and one hour."))
    if request.timer_stopped:
        raise StaleState(_("The timer is stopped."))
    now = timezone.now()
    request.allotted_seconds += seconds
    request.save(update_fields=TIMER_FIELDS)
    _audit(actor, "timer_extended", request, seconds=seconds)
    _timer_changed(sitting, request, now)
    return request


@transaction.atomic
def mark_done(actor: Member, sitting: Sitting, request_id: int) -> SpeakerRequest:
    sitting = _chair_locked(actor, sitting)
    request = _current_speaker(sitting, request_id)
    _finish(actor, request, timezone.now())
    _changed(sitting, request.pk, "done")
    return request


def speech_seconds(sitting: Sitting) -> int:
    return (
        SittingSettings.objects.filter(sitting=sitting)
        .values_list("speech_seconds", flat=True)
        .first()
        or SittingSettings._meta.get_field("speech_seconds").default
    )


@transaction.atomic
def set_speech_seconds(actor: Member, sitting: Sitting, seconds: int) -> SittingSettings:
    """The default speaking time of this sitting; a speaker who has the floor keeps theirs."""
    if not permissions.can_chair(actor):
        raise NotAllowed()
    if sitting.council_id != actor.council_id:
        raise NotAllowed()
    sitting = Sitting.objects.select_for_update().get(pk=sitting.pk)
    if sitting.state == SittingState.CLOSED:
        raise ActionRefused(_("The sitting is closed."))
    if not MIN_SPEECH_SECONDS <= seconds <= MAX_SPEECH_SECONDS:
        raise ActionRefused(_("Give a speaking time between 15 seconds and one hour."))
    settings, _created = SittingSettings.objects.get_or_create(sitting=sitting)
    before = settings.speech_seconds
    settings.speech_seconds = seconds
    settings.save(update_fields=["speech_seconds"])
    log_action(
        actor,
        "sessions.speaker.time_set",
        sitting,
        {"from": before, "to": seconds},
        council=sitting.council,
    )
    _changed(sitting, None, "settings")
    return settings
