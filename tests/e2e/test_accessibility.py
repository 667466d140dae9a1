"""Accessibility (issue 18, point 18): axe-core (npm, injected into the page) finds no
serious or critical violation on any role's pages, and every control is a touch target
of at least 44x44 px."""

from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from playwright.sync_api import Page

from documents import services as documents
from documents.models import DocumentVersion
from tests import pdf_corpus as corpus
from tests.e2e import busy_hall
from tests.e2e.journey import BrowserJourney

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
TOUCH = (Path(__file__).parent / "touch_targets.js").read_text()


class AccessibilityJourney(BrowserJourney):
    def setUp(self):
        self.hall = busy_hall.build()
        document = documents.upload_document(
            self.hall.secretariat,
            self.hall.sitting,
            title="Dự toán ngân sách 2027",
            upload=SimpleUploadedFile("d.pdf", corpus.valid_pdf(3)),
            agenda_item_id=self.hall.sitting.current_item_id,
        )
        documents.publish_document(self.hall.secretariat, document)
        self.version = document.versions.get()

    def tearDown(self):
        for version in DocumentVersion.objects.all():
            documents.media_path(version.file.name).unlink(missing_ok=True)

    def pages(self) -> dict[str, tuple[object, list[str]]]:
        s = self.hall.sitting.pk
        delegate = self.hall.delegates[20]
        return {
            "delegate": (
                delegate,
                [
                    "/sittings/",
                    f"/sittings/{s}/",
                    f"/documents/sittings/{s}/reader/#v={self.version.pk}&page=1",
                    f"/annotations/sittings/{s}/mine/",
                ],
            ),
            "chair": (self.hall.chair, [f"/sittings/{s}/chair/"]),
            "secretariat": (
                self.hall.secretariat,
                ["/sittings/manage/", f"/sittings/{s}/manage/", f"/sittings/{s}/manage/screens/"],
            ),
            "screen": (self.hall.screen, [f"/sittings/{s}/screen/"]),
        }

    def open(self, member, url: str) -> Page:
        client = Client()
        client.force_login(member.user)
        # axe is injected as an inline script, which the pages' CSP rightly refuses.
        context = self.browser.new_context(
            base_url=self.live_server_url,
            viewport={"width": 1280, "height": 800},
            service_workers="block",
            bypass_csp=True,
        )
        self.contexts.append(context)
        context.add_cookies(
            [
                {
                    "name": "sessionid",
                    "value": client.cookies["sessionid"].value,
                    "url": self.live_server_url,
                }
            ]
        )
        page = context.new_page()
        page.goto(url)
        page.wait_for_load_state("networkidle")
        return page

    def axe(self, page: Page) -> list[str]:
        page.add_script_tag(path=str(AXE))
        violations = page.evaluate(
            "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
            ".filter(v => ['serious', 'critical'].includes(v.impact))"
            ".map(v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '))"
        )
        return violations

    def test_no_serious_or_critical_violation_on_any_roles_pages(self):
        found = {}
        for role, (member, urls) in self.pages().items():
            for url in urls:
                page = self.open(member, url)
                if problems := self.axe(page):
                    found[f"{role} {url}"] = problems
        login = self.browser.new_context(base_url=self.live_server_url, bypass_csp=True)
        self.contexts.append(login)
        page = login.new_page()
        page.goto("/login/")
        if problems := self.axe(page):
            found["login"] = problems
        assert not found, found

    def test_every_control_is_at_least_44_px_square(self):
        found = {}
        for role, (member, urls) in self.pages().items():
            if role == "screen":
                continue  # nothing to touch on a hall screen
            for url in urls:
                page = self.open(member, url)
                if small := page.evaluate(TOUCH):
                    found[f"{role} {url}"] = small
                if role == "delegate":  # the delegate's tablet is also held upright
                    page.set_viewport_size({"width": 820, "height": 1180})
                    if small := page.evaluate(TOUCH):
                        found[f"{role} {url} portrait"] = small
        assert not found, found
