import json
import re

from playwright.sync_api import expect

from council.models import Council, Role
from documents.models import Document, DocumentVersion
from sessions import screen_links
from sessions.models import AgendaItem, SittingState
from tests.conftest import make_member, make_sitting
from tests.e2e.journey import BrowserJourney

CLOCK = re.compile(r"^\d+:\d\d$")

# The hall PC's wall clock is an hour fast: the countdown must not care.
SKEWED_CLOCK = """
(() => {
  const realNow = Date.now.bind(Date);
  Date.now = () => realNow() + 3600 * 1000;
})();
"""


def seconds(text: str) -> int:
    minutes, secs = text.split(":")
    return int(minutes) * 60 + int(secs)


class ChairSpeakersJourney(BrowserJourney):
    def setUp(self):
        self.council = Council.objects.create(name="HĐND Thử nghiệm", total_delegates=95)
        self.chair = make_member(self.council, "chair", Role.CHAIR, language="en")
        self.delegate = make_member(self.council, "delegate", Role.DELEGATE, language="en")
        self.secretariat = make_member(self.council, "secretariat", Role.SECRETARIAT)
        self.sitting = make_sitting(self.council, state=SittingState.IN_PROGRESS)
        self.items = [
            AgendaItem.objects.create(sitting=self.sitting, position=i, title=title)
            for i, title in enumerate(["Khai mạc", "Báo cáo kinh tế - xã hội", "Bế mạc"], 1)
        ]
        self.sitting.current_item = self.items[1]
        self.sitting.save()

    def hall_screen(self):
        """A hall PC without a login, through a screen link, its clock an hour fast."""
        _link, token = screen_links.create_screen_link(
            self.secretariat, label="Màn hình trái", sitting=self.sitting
        )
        context = self.browser.new_context(
            base_url=self.live_server_url,
            viewport={"width": 1920, "height": 1080},
            service_workers="block",
        )
        context.add_init_script(SKEWED_CLOCK)
        self.contexts.append(context)
        page = context.new_page()
        page.goto(f"/sittings/screen/{token}/")
        self.wait_online(page)
        return page

    def publish(self, document):
        """The secretariat publishes over HTTP: the live server's process sends the events."""
        secretariat = self.tablet_for(self.secretariat)
        secretariat.goto(f"/sittings/{self.sitting.pk}/manage/")
        headers = json.loads(secretariat.locator("body").get_attribute("hx-headers"))
        response = secretariat.request.post(
            f"/documents/d/publish/{document.pk}/",
            headers={**headers, "Referer": self.live_server_url + "/"},
            max_redirects=0,
        )
        assert response.status in (204, 302), response.status

    def test_the_chair_gives_the_floor_and_the_hall_screen_counts_down(self):
        screen = self.hall_screen()
        delegate = self.tablet_for(self.delegate)
        delegate.goto(f"/sittings/{self.sitting.pk}/")
        self.wait_online(delegate)
        chair = self.tablet_for(self.chair)
        chair.goto(f"/sittings/{self.sitting.pk}/chair/")
        self.wait_online(chair)

        delegate.get_by_role("button", name="Ask to speak").click()
        expect(delegate.locator("[data-speaker-you]")).to_have_text("You are number 1 on the list.")
        expect(delegate.locator("#speaker-current .speaker-ask")).to_be_hidden()

        chair.locator("#speaker-queue").get_by_role("button", name="Give the floor").click()
        expect(delegate.locator("[data-speaker-you]")).to_have_text("You have the floor.")
        expect(screen.locator("#screen-main .screen-speaker")).to_have_text("Delegate")
        timer = screen.locator("#screen-main .timer")
        expect(timer).to_have_text(CLOCK)
        first = timer.inner_text()
        # Server time, not the PC's clock (an hour fast): the full three minutes, then less.
        assert 170 <= seconds(first) <= 180, first
        expect(timer).not_to_have_text(first, timeout=3000)
        assert seconds(timer.inner_text()) < seconds(first)

        chair.locator("#speaker-queue").get_by_role("button", name="Pause").click()
        expect(screen.locator('#screen-main .timer[data-timer="paused"]')).to_be_visible()
        paused = screen.locator("#screen-main .timer").inner_text()
        expect(chair.locator("#speaker-queue .timer")).to_have_text(paused)

        chair.locator("#speaker-queue").get_by_role("button", name="Done").click()
        expect(screen.locator("#screen-main")).to_have_attribute("data-focus", "item")
        expect(screen.locator("#screen-main .screen-title")).to_have_text(
            "Báo cáo kinh tế - xã hội"
        )
        expect(delegate.locator("[data-speaker-you]")).to_be_hidden()
        expect(delegate.locator("#speaker-current .speaker-ask")).to_be_visible()

    def test_the_chair_presents_a_page_and_the_hall_follows(self):
        document = Document.objects.create(sitting=self.sitting, title="Báo cáo tài chính")
        version = DocumentVersion.objects.create(
            document=document,
            number=1,
            file="documents/aa/report.pdf",
            sha256="a" * 64,
            size=1000,
            page_count=20,
        )
        screen = self.hall_screen()
        delegate = self.tablet_for(self.delegate)
        delegate.goto(f"/sittings/{self.sitting.pk}/")
        self.wait_online(delegate)
        chair = self.tablet_for(self.chair)
        chair.goto(f"/sittings/{self.sitting.pk}/chair/")
        self.wait_online(chair)

        # Published while the console is open: the chair's choice of documents follows.
        expect(chair.locator("#present-choices .empty")).to_be_visible()
        self.publish(document)
        form = chair.locator("#present-choices form")
        expect(form.locator(f'option[value="{version.pk}"]')).to_have_count(1)
        form.get_by_label("Page", exact=True).fill("12")
        form.get_by_role("button", name="Present the page").click()

        page_mark = screen.locator("#screen-main [data-page-mark]")
        expect(page_mark).to_have_attribute("data-page", "12")
        expect(page_mark).to_contain_text("12")
        banner = delegate.locator("#presentation [data-follow-open]")
        expect(banner).to_have_attribute("href", f"/documents/v/{version.pk}/?page=12")
        toggle = delegate.locator("#presentation [data-follow-toggle]")
        expect(toggle).to_have_attribute("aria-pressed", "true")
        toggle.click()
        expect(toggle).to_have_attribute("aria-pressed", "false")

        chair.locator("#hall-console").get_by_role("button", name="Next page").click()
        expect(page_mark).to_have_attribute("data-page", "13")
        # Left following: the choice survives the region being redrawn.
        expect(delegate.locator("#presentation [data-follow-toggle]")).to_have_attribute(
            "aria-pressed", "false"
        )

        chair.locator("#hall-console").get_by_role("button", name="Stop presenting").click()
        expect(screen.locator("#screen-main")).to_have_attribute("data-focus", "item")
        expect(delegate.locator("#presentation .presentation-banner")).to_have_count(0)

    def test_the_chair_sends_a_message_with_a_countdown_to_the_screens(self):
        screen = self.hall_screen()
        chair = self.tablet_for(self.chair)
        chair.goto(f"/sittings/{self.sitting.pk}/chair/")
        self.wait_online(chair)
        console = chair.locator("#hall-console")
        console.get_by_label("Message to the hall screens").fill("Nghỉ giải lao 15 phút")
        console.get_by_label("Countdown (minutes)").fill("15")
        console.get_by_role("button", name="Show", exact=True).click()
        expect(screen.locator("#screen-main .screen-message")).to_have_text("Nghỉ giải lao 15 phút")
        countdown = screen.locator("#screen-main .timer")
        expect(countdown).to_have_text(CLOCK)
        assert 14 * 60 <= seconds(countdown.inner_text()) <= 15 * 60
        # Nothing on the screen scrolls: it fits a 16:9 and a 4:3 screen alike.
        for width, height in ((1920, 1080), (1024, 768)):
            screen.set_viewport_size({"width": width, "height": height})
            assert screen.evaluate(
                "document.documentElement.scrollHeight <= window.innerHeight + 1"
            )
