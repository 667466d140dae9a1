"""The ballot box loses an open secret vote's key: the chair's close is refused, every screen
says the vote cannot be counted, the chair voids it with a reason, and the tablets and the
hall screen show it voided (issue 14). All actions go through the browsers, so the live
events are the live server's."""

from playwright.sync_api import expect

from council.models import Council, Role
from sessions.models import AgendaItem, SittingState
from tests.conftest import make_member, make_sitting
from tests.e2e.journey import BrowserJourney
from tests.sealing import lose_key
from voting.models import (
    Attendance,
    AttendanceStatus,
    BallotReceipt,
    Poll,
    PollState,
    SealedBallot,
)

REASON = "Hòm phiếu mất khóa giữa chừng: tổ chức biểu quyết lại"
KEY_GONE = "The ballot box has lost the key of this vote: the ballots cannot be counted."


class LostKeyJourney(BrowserJourney):
    def setUp(self):
        self.council = Council.objects.create(name="HĐND Thử nghiệm", total_delegates=3)
        self.chair = make_member(self.council, "chair", Role.CHAIR, language="en")
        self.delegates = [
            make_member(self.council, name, Role.DELEGATE, language="en")
            for name in ("first", "second")
        ]
        self.screen = make_member(self.council, "screen", Role.SCREEN, language="en")
        self.sitting = make_sitting(self.council, state=SittingState.IN_PROGRESS)
        item = AgendaItem.objects.create(sitting=self.sitting, position=1, title="Ngân sách 2027")
        self.sitting.current_item = item
        self.sitting.save()
        for member in (self.chair, *self.delegates):
            Attendance.objects.create(
                sitting=self.sitting, member=member, status=AttendanceStatus.PRESENT
            )

    def test_a_vote_whose_key_is_lost_is_voided_with_a_reason_everywhere(self):
        chair = self.tablet_for(self.chair)
        chair.on("dialog", lambda dialog: dialog.accept())
        chair.goto(f"/sittings/{self.sitting.pk}/chair/")
        tablets = []
        for member in self.delegates:
            tablet = self.tablet_for(member)
            tablet.goto(f"/sittings/{self.sitting.pk}/")
            tablets.append(tablet)
        hall = self.tablet_for(self.screen)
        hall.goto(f"/sittings/{self.sitting.pk}/screen/")
        for page in (chair, *tablets, hall):
            self.wait_online(page)

        chair.get_by_text("Prepare a vote").click()
        chair.get_by_label("Title").fill("Nghị quyết về nhân sự")
        chair.get_by_label("Secret ballot").check()
        chair.get_by_role("button", name="Prepare the vote").click()
        chair.locator("#poll-controls").get_by_role("button", name="Open the vote").click()
        for tablet in tablets:
            tablet.locator("#poll-ballot").get_by_role("button", name="In favour").click()
            expect(tablet.locator("#my-vote")).to_contain_text("Your vote has been recorded")
        poll = Poll.objects.get(sitting=self.sitting)
        # Each tablet keeps its ballot's token until the count (or the void).
        for tablet in tablets:
            assert "token" in tablet.evaluate("() => JSON.stringify(Object.entries(localStorage))")

        lose_key(poll)  # the box's disk loses the key while the vote is open
        chair.locator("#poll-controls").get_by_role("button", name="Close the vote").click()
        controls = chair.locator("#poll-controls")
        expect(controls.locator("[data-key-gone]")).to_contain_text(KEY_GONE)
        for page in (*tablets, hall):
            expect(page.locator("[data-key-gone]").first).to_contain_text(KEY_GONE)
        assert Poll.objects.get(pk=poll.pk).state == PollState.OPEN

        # Without a reason the form does not go (required); with one it voids.
        controls.get_by_label("Reason for voiding").fill(REASON)
        controls.get_by_role("button", name="Void the vote").click()
        expect(controls.locator(".poll-voided")).to_contain_text(REASON)
        for page in (*tablets, hall):
            expect(page.locator("[data-voided=yes]")).to_contain_text("VOIDED")
            expect(page.locator("[data-voided=yes]")).to_contain_text(REASON)
        for tablet in tablets:
            expect(tablet.locator("#poll-ballot")).to_contain_text("No vote in progress")
            # The token of a ballot that will never be counted is gone from the tablet.
            tablet.wait_for_function(
                "() => !Object.keys(localStorage).some((k) => k.startsWith('ballot:'))"
            )
        poll = Poll.objects.get(pk=poll.pk)
        assert poll.state == PollState.VOIDED and poll.void_reason == REASON
        assert not SealedBallot.objects.filter(poll=poll).exists()
        assert BallotReceipt.objects.filter(poll=poll).count() == 2
