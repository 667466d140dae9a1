import re

from playwright.sync_api import expect

from council.models import Council, Role
from sessions.models import AgendaItem, SittingState
from tests.conftest import make_member, make_sitting
from tests.e2e.journey import BrowserJourney


class InstallableAppJourney(BrowserJourney):
    def setUp(self):
        council = Council.objects.create(name="HĐND Thử nghiệm", total_delegates=95)
        self.delegate = make_member(council, "delegate", Role.DELEGATE)
        self.sitting = make_sitting(council, state=SittingState.IN_PROGRESS)
        AgendaItem.objects.create(sitting=self.sitting, position=1, title="Khai mạc")

    def test_the_manifest_names_the_app_and_its_icons(self):
        page = self.tablet_for(self.delegate)
        page.goto(f"/sittings/{self.sitting.pk}/")
        href = page.locator('link[rel="manifest"]').get_attribute("href")
        response = page.request.get(href)
        assert response.headers["content-type"].startswith("application/manifest+json")
        manifest = response.json()
        assert manifest["display"] == "standalone"
        # Installed on a tablet, the app is named in Vietnamese; its bar matches the pages'.
        assert manifest["name"] == "Phòng họp không giấy — HĐND"
        assert manifest["lang"] == "vi"
        theme = page.locator('meta[name="theme-color"]').get_attribute("content")
        assert manifest["theme_color"] == theme
        sizes = {icon["sizes"] for icon in manifest["icons"]}
        assert {"192x192", "512x512"} <= sizes
        for icon in manifest["icons"]:
            assert page.request.get(icon["src"]).status == 200

    def test_the_sitting_room_opens_offline_from_the_service_worker(self):
        page = self.tablet_for(self.delegate, service_workers="allow")
        page.goto(f"/sittings/{self.sitting.pk}/")
        active = page.evaluate(
            "async () => { const r = await navigator.serviceWorker.ready; return !!r.active; }"
        )
        assert active
        # The first visit happened before the worker controlled the page; the second is
        # the one that fills the pages cache.
        page.reload()
        self.wait_online(page)
        page.context.set_offline(True)
        page.reload()
        expect(page.locator("#agenda")).to_contain_text("Khai mạc")
        expect(page.locator("#connection")).to_have_attribute("data-state", "offline")

    def test_a_tablet_forgets_what_the_last_reader_kept_on_it(self):
        page = self.tablet_for(self.delegate, service_workers="allow")
        page.goto(f"/sittings/{self.sitting.pk}/")
        self.wait_online(page)
        keep = """async () => {
          const documents = await caches.open("documents");
          await documents.put("/documents/v/1/file?for=1", new Response("a copy"));
          localStorage.setItem("reader:page:1", "7");
          localStorage.setItem("ballot:1:1", '{"box": "1-a", "token": "t", "state": "cast"}');
        }"""
        kept = """async () => Boolean(
          (await caches.match("/documents/v/1/file?for=1")) || localStorage.getItem("reader:page:1")
          || localStorage.getItem("ballot:1:1")
        )"""

        # Someone else's session on this tablet: what the previous reader kept goes.
        page.evaluate(keep)
        page.evaluate("() => localStorage.setItem('device:user', 'someone-else')")
        page.reload()
        expect(page.locator("html")).to_have_attribute("data-last-reader-forgotten", "true")
        assert not page.evaluate(kept)
        assert page.evaluate("() => localStorage.getItem('device:user')") == str(
            self.delegate.user.pk
        )

        # Logging out forgets it too, before the login page.
        page.evaluate(keep)
        page.get_by_role("button", name="Đăng xuất").click()
        expect(page).to_have_url(re.compile(r"/login/"))
        assert not page.evaluate(kept)
