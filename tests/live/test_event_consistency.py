"""The zulip `verify_action` idea: for every event type, the snapshot a tablet had, with the
events applied the way static/js/live.js applies them, equals a fresh snapshot."""

import importlib

import pytest
from channels.db import database_sync_to_async

from sessions import services
from sessions.events import EVENT_TYPES, Audience
from sessions.models import SittingState
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


# One action per event type; the last event an action sends is the one named. Other apps
# list theirs in tests/<app>/live_actions.py as ACTIONS = {event name: action(personas, sitting)}.
ACTIONS = {
    "sitting.state_changed": start_sitting,
    "agenda.current_changed": move_item,
    "agenda.changed": add_item,
}
for _app in ("documents", "voting", "annotations"):
    try:
        ACTIONS |= importlib.import_module(f"tests.{_app}.live_actions").ACTIONS
    except ModuleNotFoundError as missing:
        if missing.name not in (f"tests.{_app}", f"tests.{_app}.live_actions"):
            raise


def test_every_event_type_has_a_consistency_check():
    assert set(ACTIONS) == set(EVENT_TYPES)


def apply(snapshot, event):
    """What live.js does: replace the regions the page has; advance seq."""
    regions = dict(snapshot["regions"])
    for region_id, html in event["regions"].items():
        if region_id in regions:
            regions[region_id] = html
    return {
        **snapshot,
        "regions": regions,
        "seq": event["seq"] if event["seq"] is not None else snapshot["seq"],
    }


def cases():
    """Sitting events are checked on every page; a member event only on the page of the
    member it is for (the delegate: their actions make it reach `personas["delegate"]`)."""
    for event_name in sorted(ACTIONS):
        audience = EVENT_TYPES[event_name].audience if event_name in EVENT_TYPES else None
        pages = ["room"] if audience is Audience.MEMBER else sorted(PAGE_REGIONS)
        for page in pages:
            yield event_name, page


@pytest.mark.parametrize(("event_name", "page"), list(cases()))
async def test_snapshot_plus_events_equals_a_fresh_snapshot(
    event_name, page, sitting, chair, secretariat, screen, delegate, channel_layer
):
    viewer = {"room": delegate, "chair": chair, "screen": screen}[page]
    communicator, state = await connected(viewer, sitting.pk, page=page)
    seq_before = state["seq"]
    personas = {"chair": chair, "secretariat": secretariat, "delegate": delegate, "screen": screen}
    await database_sync_to_async(ACTIONS[event_name])(personas, sitting)
    seen = []
    while True:
        event = await next_message(communicator)
        seen.append(event["event"])
        assert (event["seq"] is None) == (EVENT_TYPES[event["event"]].audience is Audience.MEMBER)
        state = apply(state, event)
        if event["event"] == event_name:
            break
    await communicator.send_json_to({"type": "resync"})
    fresh = await next_message(communicator)
    assert fresh["type"] == "snapshot"
    assert state["regions"] == fresh["regions"]
    numbered = [name for name in seen if EVENT_TYPES[name].audience is Audience.SITTING]
    assert state["seq"] == fresh["seq"] == seq_before + len(numbered)
    await communicator.disconnect()
