"""Three delegates vote secretly: the tablets seal their choices, and after the close each
checks the ballot box's signed list for its own token (static/js/ballot-seal.js)."""

import json

from playwright.sync_api import Route, expect

from council.models import Council, Role
from sessions.models import AgendaItem, SittingState
from tests.conftest import make_member, make_sitting
from tests.e2e.journey import BrowserJourney
from voting import services
from voting.models import Attendance, AttendanceStatus, BallotReceipt, Poll, SealedBallot


def tamper(route: Route) -> None:
    """Change one plaintext of the signed list on its way to the tablet, keep the signature."""
    response = route.fetch()
    body = response.json()
    document = json.loads(body["document"])
    ballot = json.loads(document["plaintexts"][0])
    option_id = next(iter(ballot["choices"]))
    ballot["choices"] = {str(int(option_id) + 1): "x"}
    document["plaintexts"][0] = json.dumps(ballot)
    body["document"] = json.dumps(document, ensure_ascii=False, separators=(",", ":"))
    route.fulfill(response=response, json=body)


class SecretBallotJourney(BrowserJourney):
    def setUp(self):
        self.council = Council.objects.create(name="HĐND Thử nghiệm", total_delegates=4)
        self.chair = make_member(self.council, "chair", Role.CHAIR, language="en")
        self.delegates = [
            make_member(self.council, name, Role.DELEGATE, language="en")
            for name in ("first", "second", "third")
        ]
        self.sitting = make_sitting(self.council, state=SittingState.IN_PROGRESS)
        item = AgendaItem.objects.create(sitting=self.sitting, position=1, title="Ngân sách 2027")
        self.sitting.current_item = item
        self.sitting.save()
        for member in (self.chair, *self.delegates):
            Attendance.objects.create(
                sitting=self.sitting, member=member, status=AttendanceStatus.PRESENT
            )

    def test_tablets_seal_their_ballots_and_check_the_signed_count(self):
        chair = self.tablet_for(self.chair)
        chair.on("dialog", lambda dialog: dialog.accept())
        chair.goto(f"/sittings/{self.sitting.pk}/chair/")
        tablets = []
        for member in self.delegates:
            tablet = self.tablet_for(member)
            tablet.goto(f"/sittings/{self.sitting.pk}/")
            tablets.append(tablet)
        first, second, third = tablets
        # The third tablet receives a forged list: one plaintext changed, signature kept.
        third.route("**/count.json", tamper)
        for page in (chair, *tablets):
            self.wait_online(page)

        chair.get_by_text("Prepare a vote").click()
        chair.get_by_label("Title").fill("Nghị quyết về nhân sự")
        chair.get_by_label("Secret ballot").check()
        chair.get_by_role("button", name="Prepare the vote").click()
        chair.locator("#poll-controls").get_by_role("button", name="Open the vote").click()

        sent = []
        first.on("request", lambda r: sent.append(r.post_data or "") if r.method == "POST" else 0)
        for tablet, choice in zip(tablets, ("In favour", "Against", "In favour"), strict=True):
            tablet.locator("#poll-ballot").get_by_role("button", name=choice).click()
            expect(tablet.locator("#my-vote")).to_contain_text("Your vote has been recorded")
        # Only the ciphertext left the tablet: no choice in the request.
        ballot_posts = [body for body in sent if "sealed=" in body]
        assert len(ballot_posts) == 1 and "choice=" not in ballot_posts[0]
        poll = Poll.objects.get(sitting=self.sitting)
        assert SealedBallot.objects.filter(poll=poll).count() == 3
        # The token survives a reload of the page until the count.
        second.reload()
        self.wait_online(second)

        chair.locator("#poll-controls").get_by_role("button", name="Close the vote").click()
        for tablet in (first, second):
            expect(tablet.locator("#ballot-check")).to_contain_text("Your ballot was counted")
            expect(tablet.locator("#ballot-check")).to_have_attribute("data-verdict", "counted")
        expect(third.locator("#ballot-check")).to_contain_text("NOT authentic")
        expect(third.locator("#ballot-check")).to_have_attribute("data-verdict", "forged")
        expect(first.locator("#poll-tally .tally-yes .tally-votes")).to_have_text("2")
        # Checked: the token is gone from the tablet, so it cannot show later whose it was.
        stored = first.evaluate("() => JSON.stringify(Object.entries(localStorage))")
        assert "token" not in stored

    def test_a_tablet_refuses_to_seal_to_a_key_the_box_did_not_sign(self):
        spec = services.PollSpec(kind="motion", title="Nghị quyết", secret=True)
        poll = services.open_poll(self.chair, services.create_poll(self.chair, self.sitting, spec))
        # Someone with write access swaps in a key of their own; the signature stays.
        document = json.loads(poll.box_key_document)
        document["public_key"] = "A" * 43 + "="
        Poll.objects.filter(pk=poll.pk).update(box_key_document=json.dumps(document))
        tablet = self.tablet_for(self.delegates[0])
        tablet.goto(f"/sittings/{self.sitting.pk}/")
        self.wait_online(tablet)
        tablet.locator("#poll-ballot").get_by_role("button", name="In favour").click()
        expect(tablet.locator("#ballot-check")).to_have_attribute("data-verdict", "badkey")
        expect(tablet.locator("#ballot-check")).to_contain_text("not signed by the ballot box")
        assert not BallotReceipt.objects.filter(poll=poll).exists()

    def test_election_and_confidence_ballots_are_sealed_from_their_forms(self):
        # Opened and closed here, in the test's process: its events do not reach the live
        # server's, so the tablet (re)loads its page after each step.
        spec = services.PollSpec(
            kind="election", title="Bầu", secret=True, seats=2, labels=["An", "Bình", "Chi"]
        )
        election = services.open_poll(
            self.chair, services.create_poll(self.chair, self.sitting, spec)
        )
        tablet = self.tablet_for(self.delegates[0])
        tablet.goto(f"/sittings/{self.sitting.pk}/")
        self.wait_online(tablet)
        ballot = tablet.locator("#poll-ballot")
        for name in ("An", "Bình", "Chi"):
            ballot.get_by_label(name).check()
        # Over the seats: the server could not read it to refuse it, so the tablet does.
        ballot.get_by_role("button", name="Cast my ballot").click()
        expect(tablet.locator("#ballot-check")).to_contain_text("Choose at most 2 candidates")
        assert not BallotReceipt.objects.filter(poll=election).exists()
        ballot.get_by_label("Bình").uncheck()
        ballot.get_by_role("button", name="Cast my ballot").click()
        expect(tablet.locator("#my-vote")).to_contain_text("Your vote has been recorded")
        election = services.close_poll(self.chair, election)
        votes = {c["label"]: c["votes"] for c in election.result["candidates"]}
        assert votes == {"An": 1, "Bình": 0, "Chi": 1} and election.result["invalid"] == 0
        tablet.reload()
        expect(tablet.locator("#ballot-check")).to_have_attribute("data-verdict", "counted")

        spec = services.PollSpec(kind="confidence", title="TN", secret=True, labels=["Ông A"])
        confidence = services.open_poll(
            self.chair, services.create_poll(self.chair, self.sitting, spec)
        )
        tablet.reload()
        self.wait_online(tablet)
        tablet.locator("#poll-ballot input[value=low]").check()
        tablet.locator("#poll-ballot").get_by_role("button", name="Cast my ballot").click()
        expect(tablet.locator("#my-vote")).to_contain_text("Your vote has been recorded")
        confidence = services.close_poll(self.chair, confidence)
        assert confidence.result["officials"][0]["low"] == 1
        assert confidence.result["invalid"] == 0
