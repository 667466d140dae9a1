"""The delegate's tablet in the hall (issue 18, points 5, 1, 2, 3): real touch, both
orientations of a 10-inch tablet. Screenshots go to var/screenshots/ (not committed)."""

from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from playwright.sync_api import Page, expect

from council.models import Council, Role
from documents import services as documents
from documents.models import DocumentVersion
from sessions.models import AgendaItem, SittingState
from tests import pdf_corpus as corpus
from tests.conftest import make_member, make_sitting
from tests.e2e.journey import BrowserJourney

PORTRAIT = {"width": 820, "height": 1180}
LANDSCAPE = {"width": 1280, "height": 800}
SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"


def shoot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))


def swipe(page: Page, *, from_x: int, to_x: int, y: int) -> None:
    """A one-finger flick through Chromium's real touch pipeline (CDP), not synthetic DOM
    events: the browser decides on touch-action and pointercancel as on a tablet."""
    cdp = page.context.new_cdp_session(page)
    steps = 8
    cdp.send(
        "Input.dispatchTouchEvent",
        {"type": "touchStart", "touchPoints": [{"x": from_x, "y": y}]},
    )
    for step in range(1, steps + 1):
        x = from_x + (to_x - from_x) * step // steps
        cdp.send(
            "Input.dispatchTouchEvent",
            {"type": "touchMove", "touchPoints": [{"x": x, "y": y}]},
        )
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    cdp.detach()


class TabletReaderJourney(BrowserJourney):
    def setUp(self):
        council = Council.objects.create(name="HĐND Thử nghiệm", total_delegates=95)
        self.chair = make_member(council, "chair", Role.CHAIR, language="en")
        self.delegate = make_member(council, "delegate", Role.DELEGATE, language="en")
        secretariat = make_member(council, "secretariat", Role.SECRETARIAT)
        self.sitting = make_sitting(council, state=SittingState.IN_PROGRESS)
        item = AgendaItem.objects.create(sitting=self.sitting, position=1, title="Ngân sách")
        self.sitting.current_item = item
        self.sitting.save()
        document = documents.upload_document(
            secretariat,
            self.sitting,
            title="Dự toán ngân sách thành phố năm 2027 và kế hoạch đầu tư công trung hạn",
            upload=SimpleUploadedFile(
                "budget.pdf", corpus.valid_pdf(30, texts=[f"Budget page {n}" for n in range(1, 31)])
            ),
            agenda_item_id=item.pk,
        )
        documents.publish_document(secretariat, document)
        self.version = document.versions.get()

    def tearDown(self):
        for version in DocumentVersion.objects.all():
            documents.media_path(version.file.name).unlink(missing_ok=True)

    def touch_tablet(self, member, viewport) -> Page:
        page = self.tablet_for(member)
        context = self.browser.new_context(
            base_url=self.live_server_url,
            viewport=viewport,
            has_touch=True,
            service_workers="block",
        )
        context.add_cookies(page.context.cookies())
        self.contexts.append(context)
        return context.new_page()

    def open_reader(self, page: Page, number: int = 1) -> None:
        page.goto(
            f"/documents/sittings/{self.sitting.pk}/reader/#v={self.version.pk}&page={number}"
        )
        self.wait_online(page)
        expect(page.locator("#reader")).to_have_attribute("data-rendered-page", str(number))

    # --- point 5 ---------------------------------------------------------------------------
    def test_the_new_badge_is_gone_once_the_document_has_been_opened(self):
        for name, viewport in (("portrait", PORTRAIT), ("landscape", LANDSCAPE)):
            delegate = self.touch_tablet(self.delegate, viewport)
            delegate.goto(f"/sittings/{self.sitting.pk}/")
            self.wait_online(delegate)
            badge = delegate.locator('#documents [data-badge="new"]')
            expect(badge).to_be_visible()
            shoot(delegate, f"delegate-room-{name}")
            self.open_reader(delegate)
            delegate.goto(f"/sittings/{self.sitting.pk}/")
            self.wait_online(delegate)
            expect(badge).to_have_count(1)
            expect(badge).to_be_hidden()
            assert badge.evaluate("el => getComputedStyle(el).display") == "none"

    # --- point 1 ---------------------------------------------------------------------------
    def test_a_one_finger_swipe_turns_the_page_on_a_touch_tablet(self):
        for viewport in (PORTRAIT, LANDSCAPE):
            delegate = self.touch_tablet(self.delegate, viewport)
            self.open_reader(delegate, 1)
            box = delegate.locator("#reader-stage").bounding_box()
            y = int(box["y"] + box["height"] / 2)
            right, left = int(box["x"] + box["width"] * 0.8), int(box["x"] + box["width"] * 0.2)
            swipe(delegate, from_x=right, to_x=left, y=y)
            expect(delegate.locator("#reader")).to_have_attribute("data-rendered-page", "2")
            swipe(delegate, from_x=right, to_x=left, y=y)
            expect(delegate.locator("#reader")).to_have_attribute("data-rendered-page", "3")
            swipe(delegate, from_x=left, to_x=right, y=y)
            expect(delegate.locator("#reader")).to_have_attribute("data-rendered-page", "2")
            # A tap is not a swipe: had it turned the page, this swipe back would not reach 1.
            delegate.touchscreen.tap(right, y)
            swipe(delegate, from_x=left, to_x=right, y=y)
            expect(delegate.locator("#reader")).to_have_attribute("data-rendered-page", "1")

    # --- point 2 ---------------------------------------------------------------------------
    def test_the_reader_chrome_takes_at_most_an_eighth_of_the_height(self):
        for name, viewport in (("portrait", PORTRAIT), ("landscape", LANDSCAPE)):
            delegate = self.touch_tablet(self.delegate, viewport)
            self.open_reader(delegate)
            top = delegate.locator("#reader-stage").bounding_box()["y"]
            assert top <= 0.12 * viewport["height"], (name, top)
            # The document switcher is whole on the screen, not cut off at its edge.
            switcher = delegate.locator("#reader-document").bounding_box()
            assert switcher["x"] >= 0 and switcher["x"] + switcher["width"] <= viewport["width"]
            assert switcher["width"] >= 150, switcher
            shoot(delegate, f"delegate-reader-{name}")

            # Tools and annotation are one tap away.
            delegate.get_by_role("button", name="Tools").click()
            expect(delegate.locator("#reader-zoom-in")).to_be_visible()
            expect(delegate.locator("#reader-find-input")).to_be_visible()
            shoot(delegate, f"delegate-reader-tools-{name}")
            delegate.get_by_role("button", name="Annotate").click()
            expect(delegate.locator("#reader-zoom-in")).to_be_hidden()
            expect(delegate.locator("#annotate-tools [data-tool=pen]")).to_be_visible()
            delegate.get_by_role("button", name="Annotate").click()
            expect(delegate.locator("#annotate-tools [data-tool=pen]")).to_be_hidden()

    def test_large_type_makes_the_document_itself_larger(self):
        delegate = self.touch_tablet(self.delegate, PORTRAIT)
        self.open_reader(delegate)
        before = delegate.locator("#reader-page").bounding_box()["width"]
        delegate.get_by_role("button", name="Tools").click()
        delegate.get_by_role("button", name="Large type").click()
        expect(delegate.locator("#reader-large-type")).to_have_attribute("aria-pressed", "true")
        page_box = delegate.locator("#reader-page")
        expect(page_box).not_to_have_css("width", f"{int(before)}px")
        after = page_box.bounding_box()["width"]
        assert after >= before * 1.3, (before, after)
        shoot(delegate, "delegate-reader-large-type-portrait")

    # --- point 3 ---------------------------------------------------------------------------
    def present(self, chair: Page, number: int) -> None:
        form = chair.locator("#present-choices form")
        form.get_by_label("Page", exact=True).fill(str(number))
        form.get_by_role("button", name="Present the page").click()

    def test_follow_me_never_traps_the_delegate_and_says_whether_it_is_on(self):
        delegate = self.touch_tablet(self.delegate, LANDSCAPE)
        self.open_reader(delegate, 1)
        chair = self.tablet_for(self.chair)
        chair.goto(f"/sittings/{self.sitting.pk}/chair/")
        self.wait_online(chair)

        self.present(chair, 12)
        reader = delegate.locator("#reader")
        expect(reader).to_have_attribute("data-rendered-page", "12")
        toggle = delegate.locator("#presentation [data-follow-toggle]")
        expect(toggle).to_have_accessible_name("Follow the chair: on")
        on_colour = toggle.evaluate("el => getComputedStyle(el).backgroundColor")
        back = delegate.get_by_role("link", name="Back to the chair\u2019s page")
        expect(back).to_be_hidden()
        shoot(delegate, "delegate-reader-following-landscape")

        # The delegate turns the page themselves: they get it, and follow mode ends.
        delegate.locator("#reader-next").click()
        expect(reader).to_have_attribute("data-rendered-page", "13")
        expect(toggle).to_have_accessible_name("Follow the chair: off")
        expect(toggle).to_have_attribute("aria-pressed", "false")
        assert toggle.evaluate("el => getComputedStyle(el).backgroundColor") != on_colour
        expect(back).to_be_visible()
        shoot(delegate, "delegate-reader-left-following-landscape")

        # The chair moves on; the delegate stays where they are until they choose to go back.
        self.present(chair, 20)
        expect(delegate.locator("#presentation")).to_have_attribute("data-page", "20")
        expect(reader).to_have_attribute("data-rendered-page", "13")
        back.click()
        expect(reader).to_have_attribute("data-rendered-page", "20")
        expect(toggle).to_have_accessible_name("Follow the chair: on")

        # A swipe is the delegate's own gesture too.
        box = delegate.locator("#reader-stage").bounding_box()
        y = int(box["y"] + box["height"] / 2)
        swipe(delegate, from_x=int(box["x"] + box["width"] * 0.8), to_x=50 + int(box["x"]), y=y)
        expect(reader).to_have_attribute("data-rendered-page", "21")
        expect(toggle).to_have_accessible_name("Follow the chair: off")

    def test_opening_another_document_from_the_room_leaves_follow_mode(self):
        delegate = self.touch_tablet(self.delegate, PORTRAIT)
        delegate.goto(f"/sittings/{self.sitting.pk}/")
        self.wait_online(delegate)
        chair = self.tablet_for(self.chair)
        chair.goto(f"/sittings/{self.sitting.pk}/chair/")
        self.wait_online(chair)
        self.present(chair, 12)
        toggle = delegate.locator("#presentation [data-follow-toggle]")
        expect(toggle).to_have_accessible_name("Follow the chair: on")
        shoot(delegate, "delegate-room-presenting-portrait")
        delegate.locator("#documents .document-link").first.click()
        self.wait_online(delegate)
        reader = delegate.locator("#reader")
        expect(reader).to_have_attribute("data-rendered-page", "1")
        expect(delegate.locator("#presentation [data-follow-toggle]")).to_have_accessible_name(
            "Follow the chair: off"
        )
        expect(reader).to_have_attribute("data-rendered-page", "1")
