"""The sitting's record in a browser: the chair closes the sitting, the secretariat writes the
minutes (saved as they type), the secretary and the chair sign with their PINs, a delegate's
tablet hears that the minutes were issued, and the public page finds the downloaded file
authentic."""

import subprocess
import tempfile
from pathlib import Path

import zxingcpp
from django.conf import settings
from django.test import override_settings
from PIL import Image
from playwright.sync_api import expect

from council.models import Council, Role
from records import demo_keys
from tests.conftest import make_member
from tests.e2e.journey import BrowserJourney
from tests.records.conftest import NAMES, script_sitting

PIN = "864213"


class RecordsJourney(BrowserJourney):
    @classmethod
    def setUpClass(cls):
        # The live server is a forked process: it must see these settings from the start.
        cls.folder = Path(tempfile.mkdtemp(prefix="records-e2e-"))
        cls.overrides = override_settings(
            MEDIA_ROOT=cls.folder / "media",
            RECORDS_KEY_DIR=cls.folder / "keys",
            RECORDS_VAR_DIR=cls.folder / "var",
            RECORDS_TRUST_ROOTS=[str(cls.folder / "keys" / demo_keys.CA_FILE)],
            RECORDS_SIGNING_BACKEND="pkcs12",
            VOTING_COUNTDOWN_TIMERS=False,
        )
        cls.overrides.enable()
        super().setUpClass()

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        cls.overrides.disable()

    def setUp(self):
        self.council = Council.objects.create(
            name="HĐND Thành phố Hồ Chí Minh, khóa X", total_delegates=7
        )
        self.people = {}
        for username, (role, name) in NAMES.items():
            member = make_member(self.council, username, role, language="en")
            member.full_name = name
            member.save(update_fields=["full_name"])
            self.people[username] = member
        self.people["thuky"] = make_member(self.council, "thuky", Role.SECRETARIAT, language="en")
        self.sitting, _named, _secret = script_sitting(self.council, self.people, close=False)
        ca = demo_keys.ensure_ca(Path(settings.RECORDS_KEY_DIR))
        for username in ("chutoa", "thuky"):
            member = self.people[username]
            (Path(settings.RECORDS_KEY_DIR) / f"{username}.p12").unlink(missing_ok=True)
            demo_keys.write_pkcs12(
                ca, Path(settings.RECORDS_KEY_DIR), username, member.full_name, "HĐND", PIN
            )

    def test_close_write_sign_and_verify_the_minutes(self):
        sitting = self.sitting
        chair = self.tablet_for(self.people["chutoa"])
        chair.on("dialog", lambda dialog: dialog.accept())
        chair.goto(f"/sittings/{sitting.pk}/chair/")
        self.wait_online(chair)
        delegate = self.tablet_for(self.people["db1"])
        delegate.goto(f"/sittings/{sitting.pk}/")
        self.wait_online(delegate)

        chair.get_by_role("button", name="End the sitting").click()
        expect(chair.locator("#sitting-header")).to_contain_text("Closed")

        secretary = self.tablet_for(self.people["thuky"])
        secretary.goto(f"/sittings/{sitting.pk}/records/")
        secretary.get_by_role("button", name="Prepare the minutes").click()
        expect(secretary.locator("h1")).to_contain_text("Minutes of Kỳ họp thứ 14")
        item = sitting.items.get(position=2)
        notes = secretary.locator(f"#minutes-item-{item.pk} textarea")
        notes.fill("Đại biểu thảo luận kỹ về chi đầu tư phát triển.")
        expect(secretary.locator("#save-status")).to_contain_text("Saved (revision 1)")
        reason = secretary.get_by_label("Reason for Huỳnh Ngọc Yến's absence")
        reason.fill("công tác")
        expect(secretary.locator("#save-status")).to_contain_text("Saved (revision 2)")
        secretary.screenshot(path=str(Path(settings.BASE_DIR) / "var" / "e2e-records-editor.png"))
        secretary.get_by_role("button", name="Finalise for signing").click()
        row = secretary.locator("tr.record-row[data-kind=minutes]")
        expect(row.locator(".record-status")).to_have_text("signed by 0 of 2")
        row.get_by_label("PIN of your signing key").fill(PIN)
        row.get_by_role("button", name="Sign").click()
        expect(row.locator(".record-status")).to_have_text("signed by 1 of 2")

        records = self.tablet_for(self.people["chutoa"])
        records.goto(f"/sittings/{sitting.pk}/records/")
        chair_row = records.locator("tr.record-row[data-kind=minutes]")
        chair_row.get_by_label("PIN of your signing key").fill(PIN)
        chair_row.get_by_role("button", name="Sign").click()
        expect(chair_row.locator(".record-status")).to_have_text("issued")
        code = chair_row.get_attribute("data-code")
        # Live: the delegate's tablet lists the issued minutes without a reload.
        expect(delegate.locator("#records")).to_contain_text(code)

        # Downloaded with the chair's session, as the link does.
        href = chair_row.get_by_role("link", name="Download PDF").get_attribute("href")
        answer = records.request.get(href)
        assert answer.ok and answer.headers["content-type"] == "application/pdf"
        path = self.folder / "downloaded.pdf"
        path.write_bytes(answer.body())

        # Page 1 at 100 % (96 dpi), as a reader would see it; its QR code leads to the page.
        subprocess.run(
            ["pdftoppm", "-r", "96", "-png", "-f", "1", "-l", "1", "-singlefile", str(path),
             str(self.folder / "page1")],
            check=True,
        )  # fmt: skip
        found = zxingcpp.read_barcodes(Image.open(self.folder / "page1.png"))
        assert [c.text for c in found] == [f"{settings.RECORDS_PUBLIC_URL}/xac-thuc/{code}/"]
        Path(settings.BASE_DIR / "var").mkdir(exist_ok=True)
        (Path(settings.BASE_DIR) / "var" / "e2e-records-page1.png").write_bytes(
            (self.folder / "page1.png").read_bytes()
        )

        context = self.browser.new_context(base_url=self.live_server_url)
        self.contexts.append(context)
        public = context.new_page()
        public.goto(f"/xac-thuc/{code}/")
        expect(public.locator("h1")).to_contain_text("Biên bản Kỳ họp thứ 14")
        public.locator("input[type=file]").set_input_files(str(path))
        public.get_by_role("button", name="Kiểm tra").click()
        expect(public.locator(".verdict")).to_have_attribute("data-outcome", "authentic")
        expect(public.locator(".verdict")).to_contain_text("Xác thực")
        public.screenshot(
            path=str(Path(settings.BASE_DIR) / "var" / "e2e-records-public.png"), full_page=True
        )
