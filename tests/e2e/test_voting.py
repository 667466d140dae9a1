from playwright.sync_api import expect

from council.models import Council, Role
from sessions.models import AgendaItem, SittingState
from tests.conftest import make_member, make_sitting
from tests.e2e.journey import BrowserJourney
from voting.models import Attendance, AttendanceStatus


class VotingJourney(BrowserJourney):
    def setUp(self):
        # Three delegates by law, so two votes in favour are "more than half of all".
        self.council = Council.objects.create(name="HĐND Thử nghiệm", total_delegates=3)
        self.chair = make_member(self.council, "chair", Role.CHAIR, language="en")
        self.first = make_member(self.council, "first", Role.DELEGATE, language="en")
        self.second = make_member(self.council, "second", Role.DELEGATE, language="en")
        self.screen = make_member(self.council, "screen", Role.SCREEN, language="en")
        self.sitting = make_sitting(self.council, state=SittingState.IN_PROGRESS)
        item = AgendaItem.objects.create(sitting=self.sitting, position=1, title="Ngân sách 2027")
        self.sitting.current_item = item
        self.sitting.save()
        for member in (self.chair, self.first, self.second):
            Attendance.objects.create(
                sitting=self.sitting, member=member, status=AttendanceStatus.PRESENT
            )

    def open_pages(self):
        chair = self.tablet_for(self.chair)
        chair.on("dialog", lambda dialog: dialog.accept())
        chair.goto(f"/sittings/{self.sitting.pk}/chair/")
        hall = self.tablet_for(self.screen)
        hall.goto(f"/sittings/{self.sitting.pk}/screen/")
        tablets = []
        for member in (self.first, self.second):
            tablet = self.tablet_for(member)
            tablet.goto(f"/sittings/{self.sitting.pk}/")
            tablets.append(tablet)
        for page in (chair, hall, *tablets):
            self.wait_online(page)
        return chair, hall, tablets

    def test_two_delegates_vote_and_the_hall_screen_follows_to_the_verdict(self):
        chair, hall, (first, second) = self.open_pages()

        chair.get_by_text("Prepare a vote").click()
        chair.get_by_label("Title").fill("Nghị quyết về ngân sách 2027")
        chair.get_by_role("button", name="Prepare the vote").click()
        chair.locator("#poll-controls").get_by_role("button", name="Open the vote").click()

        expect(hall.locator("#screen-tally")).to_be_visible()
        expect(hall.locator("#screen-tally .tally-cast")).to_have_attribute("data-cast", "0")
        # The delegate's own panel follows the poll it belongs to.
        expect(second.locator("#my-vote")).to_contain_text("You have not voted yet.")
        first.locator("#poll-ballot").get_by_role("button", name="In favour").click()
        expect(first.locator("#my-vote")).to_contain_text("Your vote has been recorded")
        expect(hall.locator("#screen-tally .tally-cast")).to_have_attribute("data-cast", "1")
        expect(hall.locator("#screen-tally .tally-yes .tally-votes")).to_have_text("1")
        # Named vote: the screen says who has not voted yet.
        expect(hall.locator("#screen-tally .names-not-voted")).to_contain_text("Second")

        second.locator("#poll-ballot").get_by_role("button", name="In favour").click()
        expect(second.locator("#my-vote")).to_contain_text("Your vote has been recorded")
        expect(hall.locator("#screen-tally .tally-yes .tally-votes")).to_have_text("2")
        # Once voted, a vote that cannot change gives way to the confirmation.
        expect(first.locator("#poll-ballot .ballot")).to_be_hidden()

        chair.locator("#poll-controls").get_by_role("button", name="Close the vote").click()
        verdict = hall.locator("#screen-tally .verdict-final")
        expect(verdict).to_be_visible()
        expect(verdict).to_contain_text("PASSED")
        expect(verdict).to_contain_text("2 of 3 needed, 2 in favour: passed")
        expect(first.locator("#poll-tally .verdict-final")).to_have_attribute("data-passed", "yes")

    def test_an_offline_tablet_cannot_vote_and_says_why(self):
        chair, _hall, (first, _second) = self.open_pages()
        chair.get_by_text("Prepare a vote").click()
        chair.get_by_label("Title").fill("Nghị quyết")
        chair.get_by_role("button", name="Prepare the vote").click()
        chair.locator("#poll-controls").get_by_role("button", name="Open the vote").click()
        button = first.locator("#poll-ballot").get_by_role("button", name="In favour")
        expect(button).to_be_enabled()

        first.context.set_offline(True)
        expect(button).to_be_disabled()
        expect(first.locator("[data-ballot-offline]")).to_be_visible()

        first.context.set_offline(False)
        expect(button).to_be_enabled(timeout=10_000)
        button.click()
        expect(first.locator("#my-vote")).to_contain_text("Your vote has been recorded")
