"""Three delegates vote secretly: the tablets seal their choices, and after the close each
checks the ballot box's signed list for its own token (static/js/ballot-seal.js)."""

import json

from playwright.sync_api import Route, expect

from council.models import Council, Role
from sessions.models import AgendaItem, SittingState
from tests.conftest import make_member, make_sitting
from tests.e2e.journey import BrowserJourney
from voting.models import Attendance, AttendanceStatus, Poll, SealedBallot


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
