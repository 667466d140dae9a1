"""The zulip `verify_action` idea: for every event type, the snapshot a tablet had, with the
events applied by the tablets' own code (static/js/live/protocol.js, run under Node by
tests/js/apply_live.mjs), equals a fresh snapshot."""

import importlib
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from channels.db import database_sync_to_async

from sessions import hall, services, speakers
from sessions.events import EVENT_TYPES, Audience
from sessions.models import Sitting, SittingState
from sessions.state import PAGE_REGIONS
from tests.live.helpers import connected, next_message

pytestmark = pytest.mark.django_db(transaction=True)


def start_sitting(personas, sitting):
    services.change_sitting_state(personas["chair"], sitting, SittingState.IN_PROGRESS)


def move_item(personas, sitting):
    services.change_sitting_state(personas["chair"], sitting, SittingState.IN_PROGRESS)
    services.set_current_item(
        personas["chair"], sitting, sitting.items.order_by("position").last().pk
    )


def add_item(personas, sitting):
    services.add_agenda_item(personas["secretariat"], sitting, title="Thêm: chất vấn")


def ask_to_speak(personas, sitting):
    start_sitting(personas, sitting)
    speakers.request_to_speak(personas["delegate"], sitting)


def pause_speaker(personas, sitting):
    start_sitting(personas, sitting)
    request = speakers.request_to_speak(personas["delegate"], sitting)
    speakers.give_floor(personas["chair"], sitting, request.pk)
    speakers.pause_timer(personas["chair"], sitting, request.pk)


def message_the_hall(personas, sitting):
    start_sitting(personas, sitting)
    hall.show_message(personas["chair"], sitting, message="Nghỉ giải lao 15 phút", minutes=15)


def present_a_page(personas, sitting):
    from documents.services import publish_document
    from tests.sessions.test_speakers import published_version

    start_sitting(personas, sitting)
    version = published_version(sitting, pages=20, published=False)
    # Published through the service, so the tablets hear of the document too.
    publish_document(personas["secretariat"], version.document)
    hall.present_page(personas["chair"], sitting, version.pk, 12)


# One action per event type; the last event an action sends is the one named. Other apps
# list theirs in tests/<app>/live_actions.py as ACTIONS = {event name: action(personas, sitting)}.
ACTIONS = {
    "sitting.state_changed": start_sitting,
    "agenda.current_changed": move_item,
    "agenda.changed": add_item,
    "speakers.changed": ask_to_speak,
    "speakers.timer": pause_speaker,
    "hall.changed": message_the_hall,
    "presentation.changed": present_a_page,
}
for _app in ("documents", "voting", "annotations", "followup", "records", "questioning"):
    try:
        ACTIONS |= importlib.import_module(f"tests.{_app}.live_actions").ACTIONS
    except ModuleNotFoundError as missing:
        if missing.name not in (f"tests.{_app}", f"tests.{_app}.live_actions"):
            raise


def test_every_event_type_has_a_consistency_check():
    assert set(ACTIONS) == set(EVENT_TYPES)


APPLY_LIVE = Path(__file__).resolve().parents[1] / "js" / "apply_live.mjs"


def apply_as_tablet(snapshot, events):
    """What live.js does with these events after this snapshot: the same module, under Node."""
    node = shutil.which("node")
    assert node, "Node.js is needed: the tablets' live protocol is JavaScript"
    done = subprocess.run(
        [node, str(APPLY_LIVE)],
        input=json.dumps({"snapshot": snapshot, "messages": events}),
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return json.loads(done.stdout)


def seqs(events):
    return [event["seq"] for event in events if event["seq"] is not None]


def cases():
    """Sitting events are checked on every page; a member event only on the page of the
    member it is for (the delegate: their actions make it reach `personas["delegate"]`)."""
    for event_name in sorted(ACTIONS):
        audience = EVENT_TYPES[event_name].audience if event_name in EVENT_TYPES else None
        pages = ["room"] if audience is Audience.MEMBER else sorted(PAGE_REGIONS)
        for page in pages:
            yield event_name, page


def numbered(event_name: str) -> bool:
    event = EVENT_TYPES[event_name]
    return event.audience is Audience.SITTING and not event.coalesce


@pytest.mark.parametrize(("event_name", "page"), list(cases()))
async def test_snapshot_plus_events_equals_a_fresh_snapshot(
    event_name, page, sitting, chair, secretariat, screen, delegate, channel_layer
):
    viewer = {"room": delegate, "chair": chair, "screen": screen, "desk": secretariat}[page]
    communicator, state = await connected(viewer, sitting.pk, page=page)
    seq_before = state["seq"]
    personas = {"chair": chair, "secretariat": secretariat, "delegate": delegate, "screen": screen}
    await database_sync_to_async(ACTIONS[event_name])(personas, sitting)
    last_seq = await database_sync_to_async(
        lambda: Sitting.objects.values_list("event_seq", flat=True).get(pk=sitting.pk)
    )()
    snapshot = state
    events = []
    seen_named = False
    # Until the named event and every numbered event the action sent have arrived (a member
    # event may overtake a sitting event: they travel through different groups).
    while not (seen_named and max([seq_before, *seqs(events)]) == last_seq):
        event = await next_message(communicator)
        assert (event["seq"] is not None) == numbered(event["event"])
        events.append(event)
        seen_named = seen_named or event["event"] == event_name
    await communicator.send_json_to({"type": "resync"})
    # Events already on their way (a flushed tally) may arrive before the snapshot: the
    # tablet applies them too.
    while (fresh := await next_message(communicator))["type"] != "snapshot":
        assert (fresh["seq"] is not None) == numbered(fresh["event"])
        events.append(fresh)
    tablet = apply_as_tablet(snapshot, events)
    # Nothing was lost or held back for a missing number: no resync was needed.
    assert tablet["held"] == [] and tablet["resyncs"] == 0
    assert tablet["regions"] == fresh["regions"]
    # Coalesced (latest-state) events are unnumbered: only numbered ones advance seq.
    assert tablet["seq"] == fresh["seq"] == seq_before + len(seqs(events))
    await communicator.disconnect()
