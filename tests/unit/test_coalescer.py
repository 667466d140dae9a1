"""The live tally's coalescer: newest data wins, and a failed send is tried again."""

import time

import pytest

from sessions import live
from sessions.events import EVENT_TYPES


@pytest.fixture
def sent(monkeypatch):
    calls = []
    failures = {"left": 0}

    def fake_send(sitting_id, group, event, data, seq):
        if failures["left"]:
            failures["left"] -= 1
            raise ConnectionError("database busy")
        calls.append(data)

    monkeypatch.setattr(live, "send_event", fake_send)
    monkeypatch.setattr(live, "close_old_connections", lambda: None)
    return calls, failures


def coalescer():
    # A window long enough that its timers never fire during the test: flush() sends.
    return live.Coalescer(window_seconds=3600)


def event():
    return next(iter(EVENT_TYPES.values()))


def test_a_burst_sends_only_the_newest_data_once(sent):
    calls, _ = sent
    c = coalescer()
    for n in range(50):
        c.submit("1:poll.7", 1, "sitting.1", event(), {"n": n})
    c.flush()
    assert calls == [{"n": 49}]


def test_a_failed_send_is_tried_again(sent, caplog):
    calls, failures = sent
    failures["left"] = 2
    c = coalescer()
    c.submit("1:poll.7", 1, "sitting.1", event(), {"n": 1})
    for _ in range(3):
        c.flush()
    assert calls == [{"n": 1}]


def test_it_gives_up_after_a_few_attempts(sent, caplog):
    calls, failures = sent
    failures["left"] = 100
    c = coalescer()
    c.submit("1:poll.7", 1, "sitting.1", event(), {"n": 1})
    for _ in range(10):
        c.flush()
    assert calls == []
    assert failures["left"] == 100 - live.Coalescer.MAX_ATTEMPTS


def wait_for(calls, count, timeout=5.0):
    deadline = time.monotonic() + timeout
    while len(calls) < count and time.monotonic() < deadline:
        time.sleep(0.01)


def test_the_end_of_a_burst_goes_out_once_quiet_not_a_whole_window_later(sent):
    calls, _ = sent
    c = live.Coalescer(window_seconds=3600, quiet_seconds=0.05)
    for n in range(5):
        c.submit("1:poll.7", 1, "sitting.1", event(), {"n": n})
        time.sleep(0.005)
    wait_for(calls, 1)
    assert calls == [{"n": 4}]


def test_a_burst_that_never_pauses_still_shows_a_tally_every_window(sent):
    calls, _ = sent
    c = live.Coalescer(window_seconds=0.1, quiet_seconds=3600)
    started = time.monotonic()
    n = 0
    while time.monotonic() - started < 0.5:  # a change every 10 ms: never quiet
        c.submit("1:poll.7", 1, "sitting.1", event(), {"n": n})
        n += 1
        time.sleep(0.01)
    assert 2 <= len(calls) <= 6
    assert [call["n"] for call in calls] == sorted(call["n"] for call in calls)
    c.flush()
