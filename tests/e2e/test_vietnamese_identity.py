"""Vietnamese everywhere (issue 18, point 16) and the council's identity (point 17), in a
real Chromium: the follow-up workbook named in Vietnamese with dd/mm/yyyy dates and Hanoi
times, and the council's logo on the login page (1280x800), the top bar and the idle hall
screen (1920x1080 and 1280x720), the manifest's theme colour that of the pages. (The CSV's
BOM and the confidential copy's name and stamp are checked through Django's test client,
in tests/followup and tests/annotations: under the test's Daphne a streamed response never
finishes in the browser.)"""

import datetime
import io
import json
import re
from pathlib import Path

import openpyxl
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from council.models import Council, Member, Role
from documents import services as documents
from documents.models import DocumentVersion
from followup.models import Agency, Conclusion, Task
from sessions.models import AgendaItem, SittingState
from tests.conftest import make_member, make_sitting
from tests.e2e.journey import BrowserJourney
from tests.e2e.test_hall_screens import OVERFLOWS, SIZES
from tests.e2e.test_tablet_reader import shoot

COUNCIL = "Hội đồng nhân dân Thành phố Hồ Chí Minh"
DELEGATE = "Nguyễn Thị Ánh Tuyết"


def logo_png() -> bytes:
    out = io.BytesIO()
    image = Image.new("RGB", (240, 240), (20, 33, 61))
    for x in range(60, 180):
        for y in range(60, 180):
            image.putpixel((x, y), (252, 163, 17))
    image.save(out, "PNG")
    return out.getvalue()


class VietnameseJourney(BrowserJourney):
    def setUp(self):
        self.council = Council.objects.create(name=COUNCIL, total_delegates=95)
        self.chair = make_member(self.council, "chair", Role.CHAIR)
        self.secretariat = make_member(self.council, "secretariat", Role.SECRETARIAT)
        self.delegate = make_member(self.council, "delegate", Role.DELEGATE, seat="12")
        Member.objects.filter(pk=self.delegate.pk).update(full_name=DELEGATE)
        self.delegate.refresh_from_db()
        self.sitting = make_sitting(self.council, state=SittingState.IN_PROGRESS)
        self.item = AgendaItem.objects.create(sitting=self.sitting, position=1, title="Ngân sách")

    def tearDown(self):
        for version in DocumentVersion.objects.all():
            documents.media_path(version.file.name).unlink(missing_ok=True)
        for council in Council.objects.exclude(logo=""):
            council.logo.delete(save=False)

    def test_downloads_are_named_in_vietnamese_with_vietnamese_dates(self):
        agency = Agency.objects.create(council=self.council, name="Sở Tài chính", short_name="STC")
        conclusion = Conclusion.objects.create(
            sitting=self.sitting, item=self.item, number=1, text="Rà soát", created_by=self.chair
        )
        deadline = datetime.date(2027, 3, 9)
        Task.objects.create(
            council=self.council,
            conclusion=conclusion,
            agency=agency,
            assigned_by=self.chair,
            title="Báo cáo tiến độ giải ngân",
            deadline=deadline,
            acknowledged_at=datetime.datetime(2026, 12, 4, 20, 30, tzinfo=datetime.UTC),
        )
        page = self.tablet_for(self.chair)
        page.goto("/followup/dashboard/")
        # The workbook (the streamed CSV is checked through Django's test client in
        # tests/followup/test_dashboard.py: under the test's Daphne its stream never ends).
        with page.expect_download() as started:
            page.get_by_role("link", name=re.compile("Excel")).click(no_wait_after=True)
        today = timezone.localdate().strftime("%d-%m-%Y")
        assert started.value.suggested_filename == f"Nhiệm vụ {today}.xlsx"
        sheet = openpyxl.load_workbook(io.BytesIO(Path(started.value.path()).read_bytes())).active
        row = [cell for cell in next(sheet.iter_rows(min_row=2))]
        assert row[7].value.date() == deadline and row[7].number_format == "dd/mm/yyyy"
        assert row[11].value == datetime.datetime(2026, 12, 5, 3, 30)  # 20:30 UTC in Hanoi

    def test_the_councils_logo_and_name_on_login_top_bar_and_idle_screen(self):
        self.council.logo.save("logo.png", ContentFile(logo_png()))
        login = self.browser.new_context(
            base_url=self.live_server_url, viewport={"width": 1280, "height": 800}
        )
        self.contexts.append(login)
        page = login.new_page()
        page.goto("/login/")
        logo = page.locator(".login-logo")
        expect(logo).to_be_visible()
        assert logo.evaluate("img => img.naturalWidth") == 240  # served, decoded
        expect(page.locator(".login-council")).to_contain_text(COUNCIL)
        shoot(page, "login-logo-1280x800")

        # The manifest's theme colour is the top bar's.
        manifest = json.loads(page.request.get("/static/manifest.webmanifest").text())
        meta = page.locator('meta[name="theme-color"]').get_attribute("content")
        assert manifest["theme_color"] == meta
        assert "Phòng họp không giấy" in manifest["name"]

        delegate = self.tablet_for(self.delegate)
        delegate.goto("/sittings/")
        expect(delegate.locator(".topbar .brand-logo")).to_be_visible()
        bar = delegate.locator(".topbar").evaluate("el => getComputedStyle(el).backgroundColor")
        red, green, blue = (int(v) for v in re.findall(r"\d+", bar)[:3])
        assert f"#{red:02x}{green:02x}{blue:02x}" == manifest["theme_color"]
        shoot(delegate, "topbar-logo-1280x800")

        self.sitting.state = SittingState.CLOSED
        self.sitting.save(update_fields=["state"])
        screen_member = make_member(self.council, "screen", Role.SCREEN)
        for size, viewport in SIZES.items():
            screen = self.tablet_for(screen_member)
            screen.set_viewport_size(viewport)
            screen.goto("/sittings/screen/")
            expect(screen.locator(".screen-logo")).to_be_visible()
            expect(screen.locator(".screen-council")).to_have_text(COUNCIL)
            assert screen.locator(".screen-logo").evaluate("img => img.naturalWidth") == 240
            shoot(screen, f"screen-idle-logo-{size}")
            assert not screen.evaluate(OVERFLOWS), size
