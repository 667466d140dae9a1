"""The live tally's coalescer: newest data wins, and a failed send is tried again."""

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
