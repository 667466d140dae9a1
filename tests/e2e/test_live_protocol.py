"""The tablet's side of the live protocol (static/js/live.js), against a scripted server:
the WebSocket is routed to the test, which sends exactly the frames it wants."""

import json

from playwright.sync_api import expect

from council.models import Council, Role
from sessions.models import AgendaItem, SittingState
from tests.conftest import make_member, make_sitting
from tests.e2e.journey import BrowserJourney


def frame(seq, title, *, kind="event"):
    region = f'<ol id="agenda" data-title="{title}"><li>{title}</li></ol>'
    if kind == "snapshot":
        return json.dumps({"type": "snapshot", "seq": seq, "regions": {"agenda": region}})
    return json.dumps(
        {
            "type": "event",
            "event": "agenda.changed",
            "seq": seq,
            "data": {},
            "regions": {"agenda": region},
        }
    )


class LiveProtocolJourney(BrowserJourney):
    def setUp(self):
        council = Council.objects.create(name="HĐND Thử nghiệm", total_delegates=95)
        self.delegate = make_member(council, "delegate", Role.DELEGATE)
        self.sitting = make_sitting(council, state=SittingState.IN_PROGRESS)
        AgendaItem.objects.create(sitting=self.sitting, position=1, title="Khai mạc")

    def scripted_tablet(self):
        page = self.tablet_for(self.delegate)
        self.sent = []
        self.server = None

        def handler(ws):
            self.server = ws
            ws.on_message(lambda message: self.sent.append(json.loads(message)))
            ws.send(frame(5, "snapshot", kind="snapshot"))

        page.route_web_socket("**/ws/sittings/**", handler)
        page.goto(f"/sittings/{self.sitting.pk}/")
        self.wait_online(page)
        return page

    def resyncs(self):
        return [message for message in self.sent if message.get("type") == "resync"]

    def test_events_that_arrive_swapped_are_applied_in_order_without_a_resync(self):
        page = self.scripted_tablet()
        self.server.send(frame(7, "seven"))
        self.server.send(frame(6, "six"))
        expect(page.locator("#agenda")).to_have_attribute("data-title", "seven")
        assert page.evaluate("document.body.dataset.liveSeq") == "7"
        page.wait_for_timeout(600)  # past the gap wait: nothing was lost, so no resync
        assert self.resyncs() == []

    def test_a_gap_that_stays_open_asks_for_a_fresh_snapshot(self):
        page = self.scripted_tablet()
        self.server.send(frame(6, "six"))
        self.server.send(frame(8, "eight"))
        expect(page.locator("#agenda")).to_have_attribute("data-title", "six")
        # The resync message goes to the scripted server: poll for it from here.
        for _ in range(50):
            if self.resyncs():
                break
            page.wait_for_timeout(50)
        assert len(self.resyncs()) == 1
        self.server.send(frame(9, "fresh", kind="snapshot"))
        expect(page.locator("#agenda")).to_have_attribute("data-title", "fresh")
        self.server.send(frame(8, "late eight"))  # covered by the snapshot: ignored
        self.server.send(frame(10, "ten"))
        expect(page.locator("#agenda")).to_have_attribute("data-title", "ten")
