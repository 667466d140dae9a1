"""The chair zooms the hall screens to a region of the presented page (issue 18, point 13):
dragged with a finger on a touch tablet (1280x800, real touch events through CDP) and with
a mouse, pushed live to screens of 1920x1080 and 1280x720 that draw only that region,
scaled to fit; "Whole page" brings the page back."""

import time

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from playwright.sync_api import Page, expect

from documents import services as documents
from documents.models import DocumentVersion
from sessions import hall
from sessions.models import HallDisplay
from tests import pdf_corpus as corpus
from tests.e2e import busy_hall
from tests.e2e.journey import BrowserJourney
from tests.e2e.test_hall_screens import SIZES
from tests.e2e.test_tablet_reader import shoot


def touch_drag(page: Page, start: tuple[float, float], end: tuple[float, float]) -> None:
    """One finger, through Chromium's real touch pipeline (not synthetic DOM events), at
    about a frame per step, and resting a moment at the end as a finger does before it
    lifts (SortableJS ignores moves for 30 ms after each swap)."""
    cdp = page.context.new_cdp_session(page)

    def send(kind: str, x: float, y: float) -> None:
        points = [] if kind == "touchEnd" else [{"x": x, "y": y}]
        cdp.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": points})

    send("touchStart", *start)
    for step in range(1, 21):
        x = start[0] + (end[0] - start[0]) * step / 20
        y = start[1] + (end[1] - start[1]) * step / 20
        send("touchMove", x, y)
        time.sleep(0.016)
    time.sleep(0.1)
    send("touchMove", end[0], end[1] + 1)
    time.sleep(0.1)
    send("touchEnd", *end)
    cdp.detach()


class ZoomRegionJourney(BrowserJourney):
    def setUp(self):
        self.hall = busy_hall.build(present=60, open_vote=False)
        self.sitting = self.hall.sitting
        document = documents.upload_document(
            self.hall.secretariat,
            self.sitting,
            title="Bảng phân bổ dự toán ngân sách 2027",
            upload=SimpleUploadedFile("budget.pdf", corpus.valid_pdf(2)),
            agenda_item_id=self.sitting.current_item_id,
        )
        documents.publish_document(self.hall.secretariat, document)
        self.version = document.versions.get()
        hall.present_page(self.hall.chair, self.sitting, self.version.pk, 1)

    def tearDown(self):
        for version in DocumentVersion.objects.all():
            documents.media_path(version.file.name).unlink(missing_ok=True)

    def chair_tablet(self) -> Page:
        client = Client()
        client.force_login(self.hall.chair.user)
        context = self.browser.new_context(
            base_url=self.live_server_url,
            viewport={"width": 1280, "height": 800},
            has_touch=True,
            service_workers="block",
        )
        context.add_cookies(
            [
                {
                    "name": "sessionid",
                    "value": client.cookies["sessionid"].value,
                    "url": self.live_server_url,
                }
            ]
        )
        self.contexts.append(context)
        return context.new_page()

    def region(self) -> tuple[str, str]:
        shown = HallDisplay.objects.get(sitting=self.sitting)
        return shown.presenting_zoom, shown.zoom_region

    def test_a_region_dragged_by_finger_or_mouse_fills_both_screens(self):
        screens = {}
        for size, viewport in SIZES.items():
            screen = self.tablet_for(self.hall.screen)
            screen.set_viewport_size(viewport)
            screen.goto(f"/sittings/{self.sitting.pk}/screen/")
            self.wait_online(screen)
            expect(screen.locator(".screen-document-sheet canvas")).to_be_visible()
            screens[size] = screen

        chair = self.chair_tablet()
        chair.goto(f"/sittings/{self.sitting.pk}/chair/")
        self.wait_online(chair)
        thumb = chair.locator(".zoom-picker-page")
        expect(thumb).to_have_attribute("data-drawn", "true", timeout=15_000)
        thumb.scroll_into_view_if_needed()
        box = thumb.bounding_box()
        assert box and box["height"] <= 202, box  # the console keeps to one screen

        # A finger drags over the page's heading: from 5 % / 3 % to 55 % / 20 % of the page.
        touch_drag(
            chair,
            (box["x"] + 0.05 * box["width"], box["y"] + 0.03 * box["height"]),
            (box["x"] + 0.55 * box["width"], box["y"] + 0.2 * box["height"]),
        )
        for screen in screens.values():
            expect(screen.locator(".screen-document")).to_have_attribute("data-zoom", "area")
        zoom, region = self.region()
        left, top, width, height = (float(v) for v in region.split())
        assert zoom == "area"
        assert abs(left - 0.05) < 0.03 and abs(top - 0.03) < 0.03, region
        assert abs(width - 0.5) < 0.03 and abs(height - 0.17) < 0.03, region
        shoot(chair, "chair-zoom-region-1280x800-touch")

        page_w, page_h = corpus.LETTER
        wanted = (width * page_w) / (height * page_h)  # the region's shape, kept
        for size, screen in screens.items():
            canvas = screen.locator(".screen-document-sheet canvas")
            expect(canvas).to_be_visible()
            expect(screen.locator(".screen-document")).to_have_attribute("data-rendered-page", "1")
            screen.wait_for_timeout(300)  # the drawing replaces the whole page's
            sheet = screen.locator(".screen-document-sheet").bounding_box()
            drawn = canvas.bounding_box()
            assert abs(drawn["width"] / drawn["height"] - wanted) < 0.05, (size, drawn, wanted)
            # Scaled to fit: it fills the sheet's width or its height, and never overflows.
            gap_x = abs(drawn["width"] - sheet["width"])
            gap_y = abs(drawn["height"] - sheet["height"])
            assert min(gap_x, gap_y) <= 2, (size, drawn, sheet)
            assert drawn["width"] <= sheet["width"] + 1 and drawn["height"] <= sheet["height"] + 1
            shoot(screen, f"screen-zoom-region-{size}")

        # A mouse drags another region (the console re-rendered live with the first one).
        thumb = chair.locator(".zoom-picker-page[data-drawn=true]")
        expect(thumb).to_be_visible()
        box = thumb.bounding_box()
        chair.mouse.move(box["x"] + 0.5 * box["width"], box["y"] + 0.5 * box["height"])
        chair.mouse.down()
        chair.mouse.move(box["x"] + 0.9 * box["width"], box["y"] + 0.9 * box["height"], steps=6)
        chair.mouse.up()
        expect(screens["1080p"].locator(".screen-document")).to_have_attribute(
            "data-region", "0.5000 0.5000 0.4000 0.4000", timeout=5_000
        )

        # "Whole page" resets: the screens show all of it again.
        chair.get_by_role("button", name="Whole page").click()
        for screen in screens.values():
            expect(screen.locator(".screen-document")).to_have_attribute("data-zoom", "page")
        assert self.region() == ("page", "")
