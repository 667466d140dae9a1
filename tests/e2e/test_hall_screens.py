"""Hall screens (issue 18, points 11, 12, 13): every state fits a 1920x1080 screen and a
1280x720 projector without clipping; 95 names in pages read from 10 m; the quorum line
always visible; a vote outranks a leftover message; the idle screen says who and when."""

import re
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from playwright.sync_api import Page, expect

from documents import services as documents
from documents.models import DocumentVersion
from sessions import hall
from sessions import services as sittings
from sessions.models import SittingState
from tests import pdf_corpus as corpus
from tests.e2e import busy_hall
from tests.e2e.journey import BrowserJourney
from tests.e2e.test_tablet_reader import shoot
from voting.services import polls

SIZES = {"1080p": {"width": 1920, "height": 1080}, "720p": {"width": 1280, "height": 720}}
LONG_MESSAGE = (
    "Nghỉ giải lao 15 phút. Đề nghị các vị đại biểu trở lại hội trường đúng giờ để tiếp tục "
    "thảo luận về dự toán ngân sách và kế hoạch đầu tư công trung hạn của thành phố"
)

OVERFLOWS = (Path(__file__).parent / "overflows.js").read_text()


class HallScreenJourney(BrowserJourney):
    def setUp(self):
        # All 95 present: up to 95 names to show while a vote is open.
        self.hall = busy_hall.build(present=95, open_vote=False)
        self.sitting = self.hall.sitting
        document = documents.upload_document(
            self.hall.secretariat,
            self.sitting,
            title=busy_hall.LONG_TITLE,
            upload=SimpleUploadedFile("budget.pdf", corpus.valid_pdf(3)),
            agenda_item_id=self.sitting.current_item_id,
        )
        documents.publish_document(self.hall.secretariat, document)
        self.version = document.versions.get()

    def tearDown(self):
        for version in DocumentVersion.objects.all():
            documents.media_path(version.file.name).unlink(missing_ok=True)

    def screens(self) -> dict[str, Page]:
        pages = {}
        for size, viewport in SIZES.items():
            page = self.tablet_for(self.hall.screen)
            page.set_viewport_size(viewport)
            pages[size] = page
        return pages

    def show(self, pages: dict[str, Page], state: str, focus: str) -> None:
        for size, page in pages.items():
            page.goto(f"/sittings/{self.sitting.pk}/screen/")
            self.wait_online(page)
            expect(page.locator("body")).to_have_attribute("data-screen-focus", focus)
            page.evaluate("document.fonts.ready")
            if focus == "document":  # drawn by pdf.js once the region is in
                expect(page.locator(".screen-document-sheet canvas")).to_be_visible()
            names = page.locator("[data-screen-names]")
            if focus == "tally" and names.count():  # paged once laid out
                expect(names).to_have_attribute("data-pages", re.compile(r"^[1-9]"))
            shoot(page, f"screen-{state}-{size}")
            bad = page.evaluate(OVERFLOWS)
            assert not bad, (state, size, bad)

    def test_every_state_fits_both_screens_and_a_vote_outranks_a_leftover_message(self):
        chair = self.hall.chair
        pages = self.screens()
        self.show(pages, "speaker", "speaker")

        hall.show_message(chair, self.sitting, message=LONG_MESSAGE, minutes=15)
        self.show(pages, "message", "message")

        poll = self.hall.poll
        polls.open_poll(chair, poll)
        busy_hall.cast(self.hall, poll, 5)  # 90 have not voted
        self.show(pages, "vote-open", "tally")  # the leftover message gives way
        for page in pages.values():
            assert page.locator(".screen-names-list li:visible").first.evaluate(
                "el => parseFloat(getComputedStyle(el).fontSize)"
            ) >= (32 if page.viewport_size["height"] == 1080 else 21)
            expect(page.locator("#screen-tally .screen-quorum")).to_be_in_viewport()

        polls.close_poll(chair, poll)
        self.show(pages, "verdict", "tally")  # and stays away after the verdict

        hall.show_message(chair, self.sitting, message="Nghỉ giải lao")
        self.show(pages, "message-again", "message")  # until the chair shows it again

        hall.clear_message(chair, self.sitting)
        hall.present_page(chair, self.sitting, self.version.pk, 2)
        self.show(pages, "document", "document")
        # Zoomed to the width (point 13): the page fills the screen's width, top first.
        hall.set_presented_zoom(chair, self.sitting, "width")
        for size, page in pages.items():
            page.goto(f"/sittings/{self.sitting.pk}/screen/")
            self.wait_online(page)
            canvas = page.locator(".screen-document-sheet canvas")
            expect(canvas).to_be_visible()
            sheet = page.locator(".screen-document-sheet").bounding_box()
            drawn = canvas.bounding_box()
            assert abs(drawn["width"] - sheet["width"]) <= 2, (size, drawn, sheet)
            assert drawn["height"] > sheet["height"], (size, drawn, sheet)
            shoot(page, f"screen-document-width-{size}")
        hall.stop_presenting(chair, self.sitting)

        sittings.set_current_item(chair, self.sitting, self.sitting.items.all()[3].pk)
        hall.set_screen_mode(chair, self.sitting, "item")
        self.show(pages, "item", "item")

        sittings.change_sitting_state(chair, self.sitting, SittingState.CLOSED)
        self.show(pages, "closed", "item")


class IdleScreenJourney(BrowserJourney):
    def test_the_idle_screen_shows_the_council_the_date_and_a_clock(self):
        hall_ = busy_hall.build(open_vote=False)
        hall_.sitting.state = SittingState.CLOSED
        hall_.sitting.save(update_fields=["state"])
        today = timezone.localdate().strftime("%d/%m/%Y")
        for size, viewport in SIZES.items():
            page = self.tablet_for(hall_.screen)
            page.set_viewport_size(viewport)
            page.goto("/sittings/screen/")
            expect(page.locator(".screen-council")).to_have_text(hall_.council.name)
            expect(page.locator(".screen-date")).to_have_text(today)
            expect(page.locator("[data-clock]")).to_have_text(re.compile(r"^\d\d:\d\d$"))
            shoot(page, f"screen-idle-{size}")
            assert not page.evaluate(OVERFLOWS), size

    def test_a_sitting_about_to_begin_shows_the_council_date_and_clock(self):
        hall_ = busy_hall.build(open_vote=False)
        hall_.sitting.state = SittingState.PUBLISHED
        hall_.sitting.current_item = None  # not started: no item yet
        hall_.sitting.save(update_fields=["state", "current_item"])
        page = self.tablet_for(hall_.screen)
        page.set_viewport_size(SIZES["1080p"])
        page.goto(f"/sittings/{hall_.sitting.pk}/screen/")
        self.wait_online(page)
        expect(page.locator("#screen-main .screen-council")).to_have_text(hall_.council.name)
        expect(page.locator("#screen-main [data-clock]")).to_have_text(re.compile(r"^\d\d:\d\d$"))
        shoot(page, "screen-waiting-1080p")
        assert not page.evaluate(OVERFLOWS)
