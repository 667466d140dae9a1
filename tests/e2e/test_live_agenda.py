from playwright.sync_api import expect

from council.models import Council, Role
from sessions.models import AgendaItem, SittingState
from tests.conftest import make_member, make_sitting
from tests.e2e.journey import BrowserJourney


class LiveAgendaJourney(BrowserJourney):
    def setUp(self):
        self.council = Council.objects.create(name="HĐND Thử nghiệm", total_delegates=95)
        self.chair = make_member(self.council, "chair", Role.CHAIR)
        self.delegate = make_member(self.council, "delegate", Role.DELEGATE)
        self.sitting = make_sitting(self.council, state=SittingState.PUBLISHED)
        self.items = [
            AgendaItem.objects.create(sitting=self.sitting, position=i, title=title)
            for i, title in enumerate(
                ["Khai mạc", "Báo cáo kinh tế - xã hội", "Ngân sách 2027", "Bế mạc"], 1
            )
        ]

    def test_the_delegate_tablet_follows_the_chair_without_reload(self):
        chair = self.login_page("chair", "pw-chair")
        expect(chair.locator("#chair-controls")).to_be_visible()
        self.wait_online(chair)
        delegate = self.tablet_for(self.delegate)
        delegate.goto(f"/sittings/{self.sitting.pk}/")
        self.wait_online(delegate)
        delegate.evaluate("window.__sameDocument = true")

        chair.get_by_role("button", name="Khai mạc kỳ họp").click()
        expect(delegate.locator('#agenda [aria-current="step"]')).to_contain_text(
            "Khai mạc", timeout=1000
        )

        chair.locator(f'#chair-controls [data-item-id="{self.items[2].pk}"] button').click()
        expect(delegate.locator('#agenda [aria-current="step"]')).to_contain_text(
            "Ngân sách 2027", timeout=1000
        )
        assert delegate.evaluate("window.__sameDocument") is True
        expect(delegate.locator("#connection")).to_have_attribute("data-state", "online")

    def test_a_tablet_that_was_offline_resyncs_when_it_comes_back(self):
        self.sitting.state = SittingState.IN_PROGRESS
        self.sitting.current_item = self.items[0]
        self.sitting.save()
        chair = self.tablet_for(self.chair)
        chair.goto(f"/sittings/{self.sitting.pk}/chair/")
        self.wait_online(chair)
        delegate = self.tablet_for(self.delegate)
        delegate.goto(f"/sittings/{self.sitting.pk}/")
        self.wait_online(delegate)
        delegate.evaluate("window.__sameDocument = true")

        delegate.context.set_offline(True)
        expect(delegate.locator("#connection")).to_have_attribute("data-state", "offline")
        chair.get_by_role("button", name="Nội dung tiếp theo").click()
        chair.locator('#chair-controls [aria-current="step"]').filter(has_text="Báo cáo").wait_for()
        # Offline, the tablet still shows what it had: nothing vanishes.
        expect(delegate.locator('#agenda [aria-current="step"]')).to_contain_text("Khai mạc")

        delegate.context.set_offline(False)
        expect(delegate.locator("#connection")).to_have_attribute(
            "data-state", "online", timeout=5000
        )
        expect(delegate.locator('#agenda [aria-current="step"]')).to_contain_text(
            "Báo cáo kinh tế", timeout=2000
        )
        assert delegate.evaluate("window.__sameDocument") is True
        assert int(delegate.evaluate("document.body.dataset.liveSnapshots")) >= 2
