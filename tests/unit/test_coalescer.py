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


class Timers:
    """A clock and timers the test moves by hand: no sleeping, no threads."""

    def __init__(self) -> None:
        self.now = 0.0
        self.due: list[tuple[float, object]] = []

    def start(self, delay, callback) -> None:
        self.due.append((self.now + delay, callback))

    def advance(self, seconds: float) -> None:
        self.now += seconds
        while ready := [t for t in self.due if t[0] <= self.now]:
            for entry in ready:
                self.due.remove(entry)
                entry[1]()


def driven(window: float, quiet: float) -> tuple[live.Coalescer, Timers]:
    timers = Timers()
    c = live.Coalescer(window, quiet, clock=lambda: timers.now, start_timer=timers.start)
    return c, timers


def test_the_end_of_a_burst_goes_out_once_quiet_not_a_whole_window_later(sent):
    calls, _ = sent
    c, timers = driven(window=0.25, quiet=0.06)
    for n in range(5):  # a ballot every 10 ms
        c.submit("1:poll.7", 1, "sitting.1", event(), {"n": n})
        timers.advance(0.01)
    assert calls == []  # still in the burst: 10 ms since the last change
    timers.advance(0.05)  # 60 ms since the last change, 100 ms after the first
    assert calls == [{"n": 4}]


def test_a_burst_that_never_pauses_still_shows_a_tally_every_window(sent):
    calls, _ = sent
    c, timers = driven(window=0.25, quiet=0.06)
    for n in range(100):  # a ballot every 10 ms for a second: never quiet
        c.submit("1:poll.7", 1, "sitting.1", event(), {"n": n})
        timers.advance(0.01)
    assert [call["n"] for call in calls] == [24, 49, 74, 99]


def test_a_slow_render_keeps_the_next_one_away_so_ballots_are_not_starved(monkeypatch):
    """A render that took 50 ms: the next waits 4 x 50 ms, though `quiet` passed sooner
    (the render itself stalled the ballots, which looked like the end of the burst)."""
    timers = Timers()
    calls = []

    def slow_send(sitting_id, group, event, data, seq):
        timers.now += 0.05
        calls.append((data["n"], round(timers.now, 3)))

    monkeypatch.setattr(live, "send_event", slow_send)
    monkeypatch.setattr(live, "close_old_connections", lambda: None)
    c = live.Coalescer(0.25, 0.06, clock=lambda: timers.now, start_timer=timers.start)
    c.submit("1:poll.7", 1, "sitting.1", event(), {"n": 0})
    timers.advance(0.06)
    assert calls == [(0, 0.11)]
    c.submit("1:poll.7", 1, "sitting.1", event(), {"n": 1})
    timers.advance(0.07)  # quiet has passed: without the spacing it would go out now
    assert calls == [(0, 0.11)]
    timers.advance(0.12)  # 190 ms after the first render ended: still kept away
    assert calls == [(0, 0.11)]
    timers.advance(0.02)  # past 200 ms: rendered (and 50 ms later done)
    assert calls == [(0, 0.11), (1, 0.37)]


def test_the_spacing_never_exceeds_a_window(monkeypatch):
    timers = Timers()
    calls = []

    def very_slow_send(sitting_id, group, event, data, seq):
        timers.now += 1.0
        calls.append(data["n"])

    monkeypatch.setattr(live, "send_event", very_slow_send)
    monkeypatch.setattr(live, "close_old_connections", lambda: None)
    c = live.Coalescer(0.25, 0.06, clock=lambda: timers.now, start_timer=timers.start)
    c.submit("1:poll.7", 1, "sitting.1", event(), {"n": 0})
    timers.advance(0.06)
    c.submit("1:poll.7", 1, "sitting.1", event(), {"n": 1})
    timers.advance(0.26)
    assert calls == [0, 1]
