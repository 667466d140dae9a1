"""Voting over the WebSocket: the tally reaches tablets and screens; a receipt only its voter."""

import json

import pytest
from channels.db import database_sync_to_async

from sessions.live import coalescer
from tests.conftest import make_member
from tests.live.helpers import connected, next_message
from tests.voting.conftest import open_motion, present, vote
from voting import services

pytestmark = pytest.mark.django_db(transaction=True)


def _open(sitting, chair, *voters, **extra):
    present(sitting, *voters)
    return open_motion(chair, sitting, **extra)


def _vote(member, poll, code):
    return vote(member, poll, code)


async def next_event(communicator, name):
    while True:
        message = await next_message(communicator)
        if message.get("event") == name:
            return message


async def test_the_tally_reaches_tablets_and_screens(
    live_sitting, chair, delegate, screen, channel_layer
):
    poll = await database_sync_to_async(_open)(live_sitting, chair, delegate)
    tablet, snapshot = await connected(delegate, live_sitting.pk, page="room")
    hall, _ = await connected(screen, live_sitting.pk, page="screen")
    assert 'data-cast="0"' in snapshot["regions"]["poll-tally"]
    await database_sync_to_async(_vote)(delegate, poll, "yes")
    await database_sync_to_async(coalescer.flush)()
    on_tablet = await next_event(tablet, "poll.tally")
    on_screen = await next_event(hall, "poll.tally")
    assert on_tablet["seq"] is None
    assert 'data-cast="1"' in on_tablet["regions"]["poll-tally"]
    assert 'data-cast="1"' in on_screen["regions"]["screen-tally"]
    assert 'data-votes="1"' in on_screen["regions"]["screen-tally"]
    await tablet.disconnect()
    await hall.disconnect()


async def test_who_has_voted_goes_to_the_chair_and_the_screen_not_to_every_tablet(
    live_sitting, council, chair, delegate, screen, channel_layer
):
    waiting = await database_sync_to_async(make_member)(council, "chua bau", "delegate")
    poll = await database_sync_to_async(_open)(live_sitting, chair, delegate, waiting)
    tablet, _ = await connected(delegate, live_sitting.pk, page="room")
    console, _ = await connected(chair, live_sitting.pk, page="chair")
    hall, _ = await connected(screen, live_sitting.pk, page="screen")
    await database_sync_to_async(_vote)(delegate, poll, "yes")
    await database_sync_to_async(coalescer.flush)()

    on_tablet = await next_event(tablet, "poll.tally")
    on_console = await next_event(console, "poll.tally")
    on_screen = await next_event(hall, "poll.tally")
    assert 'data-cast="1"' in on_tablet["regions"]["poll-tally"]
    assert "poll-voters" not in on_tablet["regions"]
    assert "Chua Bau" not in str(on_tablet["regions"])
    assert "Chua Bau" in on_console["regions"]["poll-voters"]  # has not voted yet
    assert "Delegate" in on_console["regions"]["poll-voters"]  # has voted
    assert "Chua Bau" in on_screen["regions"]["screen-tally"]
    for communicator in (tablet, console, hall):
        await communicator.disconnect()


async def test_a_burst_of_ballots_ends_in_one_exact_tally(
    live_sitting, council, chair, delegate, screen, channel_layer
):
    others = await database_sync_to_async(
        lambda: [make_member(council, f"burst{i}", "delegate") for i in range(10)]
    )()
    poll = await database_sync_to_async(_open)(live_sitting, chair, delegate, *others)
    hall, _ = await connected(screen, live_sitting.pk, page="screen")
    for member in [delegate, *others]:
        await database_sync_to_async(_vote)(member, poll, "yes")
    await database_sync_to_async(coalescer.flush)()
    tallies = []
    while not await hall.receive_nothing(timeout=0.2):
        message = await next_message(hall)
        if message.get("event") == "poll.tally":
            tallies.append(message)
    assert 1 <= len(tallies) < 11
    assert 'data-cast="11"' in tallies[-1]["regions"]["screen-tally"]
    await hall.disconnect()


async def test_a_receipt_reaches_only_the_voters_devices(
    live_sitting, council, chair, delegate, channel_layer
):
    neighbour = await database_sync_to_async(make_member)(council, "neighbour", "delegate")
    poll = await database_sync_to_async(_open)(live_sitting, chair, delegate, neighbour)
    own, _ = await connected(delegate, live_sitting.pk, page="room")
    own_second_device, _ = await connected(delegate, live_sitting.pk, page="room")
    other, _ = await connected(neighbour, live_sitting.pk, page="room")
    await database_sync_to_async(_vote)(delegate, poll, "no")
    for device in (own, own_second_device):
        receipt = await next_event(device, "poll.receipt")
        assert receipt["data"] == {"poll_id": poll.pk}
        assert receipt["regions"] == {}
    await database_sync_to_async(coalescer.flush)()
    assert (await next_message(other))["event"] == "poll.tally"
    assert await other.receive_nothing(timeout=0.3)
    for communicator in (own, own_second_device, other):
        await communicator.disconnect()


async def test_a_burst_of_receipts_travels_as_one_message_and_each_reaches_its_voter(
    live_sitting, council, chair, channel_layer, monkeypatch
):
    from sessions.live import member_batcher

    monkeypatch.setattr(member_batcher, "window", 3600)  # flushed below, not by a timer
    voters = await database_sync_to_async(
        lambda: [make_member(council, f"receipt{i}", "delegate") for i in range(8)]
    )()
    poll = await database_sync_to_async(_open)(live_sitting, chair, *voters)
    devices = [(await connected(voter, live_sitting.pk, page="room"))[0] for voter in voters]
    sent = []
    group_send = channel_layer.group_send

    async def counting(group, message):
        sent.append(message["type"])
        await group_send(group, message)

    monkeypatch.setattr(channel_layer, "group_send", counting)
    for voter in voters:
        await database_sync_to_async(_vote)(voter, poll, "yes")
    await database_sync_to_async(member_batcher.flush)()

    assert sent.count("live.members") == 1
    for device in devices:
        assert (await next_event(device, "poll.receipt"))["data"] == {"poll_id": poll.pk}
        assert await device.receive_nothing(timeout=0.05)  # its own receipt, no other's
        await device.disconnect()


async def test_a_secret_poll_shows_only_how_many_voted_while_open(
    live_sitting, chair, delegate, screen, channel_layer
):
    poll = await database_sync_to_async(_open)(live_sitting, chair, delegate, secret=True)
    hall, _ = await connected(screen, live_sitting.pk, page="screen")
    await database_sync_to_async(_vote)(delegate, poll, "yes")
    await database_sync_to_async(coalescer.flush)()
    tally = (await next_event(hall, "poll.tally"))["regions"]["screen-tally"]
    assert 'data-cast="1"' in tally
    assert "data-votes" not in tally
    assert "Delegate" not in tally  # no names on a secret poll
    await database_sync_to_async(services.close_poll)(chair, poll)
    closed = (await next_event(hall, "poll.closed"))["regions"]["screen-tally"]
    assert 'data-votes="1"' in closed
    assert 'data-passed="no"' in closed
    await hall.disconnect()


async def test_a_closed_poll_shows_its_verdict_on_the_screen(
    live_sitting, council, chair, delegate, screen, channel_layer
):
    def setup():
        council.total_delegates = 3
        council.save()
        poll = _open(live_sitting, chair, chair, delegate)
        _vote(chair, poll, "yes")
        _vote(delegate, poll, "yes")
        return poll

    poll = await database_sync_to_async(setup)()
    english = await database_sync_to_async(make_member)(
        council, "screenen", "screen", language="en"
    )
    hall, _ = await connected(english, live_sitting.pk, page="screen")
    await database_sync_to_async(services.close_poll)(chair, poll)
    closed = (await next_event(hall, "poll.closed"))["regions"]["screen-tally"]
    assert 'data-passed="yes"' in closed
    assert "2 of 3 needed, 2 in favour: passed" in closed
    await hall.disconnect()


def test_a_tally_event_is_counted_once_for_all_its_regions_and_languages(
    live_sitting, chair, delegate, monkeypatch
):
    from sessions.live import build_frames
    from voting import events as voting_events
    from voting import presenters

    poll = _open(live_sitting, chair, delegate)
    _vote(delegate, poll, "yes")
    counted = []
    real = presenters.compute_result
    monkeypatch.setattr(
        presenters, "compute_result", lambda *a, **kw: counted.append(1) or real(*a, **kw)
    )
    frames = build_frames(live_sitting, voting_events.POLL_TALLY, {"poll_id": poll.pk}, None)
    assert len(counted) == 1
    for page in ("room", "chair", "screen"):
        for language in ("vi", "en"):
            regions = json.loads(frames[f"{language}:{page}"])["regions"]
            assert any('data-cast="1"' in html for html in regions.values())
