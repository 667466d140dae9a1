"""The tablet offline (issue 18, point 6), on a 1280x800 touch tablet with the service worker:
the room page shown offline carries the last live state the tablet received, and an annotation
made offline reaches the server once the tablet is back online, from the room page, without
the reader being opened again."""

import re
import time
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from playwright.sync_api import Page, expect

from annotations.models import Annotation
from council.models import Council, Role
from documents import services as documents
from documents.models import Document, DocumentVersion
from sessions.models import AgendaItem, SittingState
from tests import pdf_corpus as corpus
from tests.conftest import make_member, make_sitting
from tests.e2e.journey import BrowserJourney

LANDSCAPE = {"width": 1280, "height": 800}
SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"
DIGITS = re.compile(r"^\d+$")


class OfflineTabletJourney(BrowserJourney):
    def setUp(self):
        council = Council.objects.create(name="HĐND Thử nghiệm", total_delegates=95)
        self.secretariat = make_member(council, "secretariat", Role.SECRETARIAT, language="en")
        self.delegate = make_member(council, "delegate", Role.DELEGATE, language="en")
        self.sitting = make_sitting(council, state=SittingState.PUBLISHED)
        self.item = AgendaItem.objects.create(sitting=self.sitting, position=1, title="Ngân sách")
        self.room = f"/sittings/{self.sitting.pk}/"

    def tearDown(self):
        for version in DocumentVersion.objects.all():
            documents.media_path(version.file.name).unlink(missing_ok=True)

    def upload(self, title: str) -> Document:
        return documents.upload_document(
            self.secretariat,
            self.sitting,
            title=title,
            upload=SimpleUploadedFile("doc.pdf", corpus.valid_pdf(2)),
            agenda_item_id=self.item.pk,
        )

    def tablet(self) -> Page:
        """A touch tablet whose pages the service worker controls (the room page cached)."""
        page = self.tablet_for(self.delegate)
        context = self.browser.new_context(
            base_url=self.live_server_url,
            viewport=LANDSCAPE,
            has_touch=True,
            service_workers="allow",
        )
        context.add_cookies(page.context.cookies())
        self.contexts.append(context)
        tablet = context.new_page()
        tablet.goto(self.room)
        assert tablet.evaluate(
            "async () => { const r = await navigator.serviceWorker.ready; return !!r.active; }"
        )
        # The first visit came before the worker controlled the page: this one is cached.
        tablet.reload()
        self.wait_online(tablet)
        assert tablet.evaluate("() => Boolean(navigator.serviceWorker.controller)")
        return tablet

    def test_the_offline_room_page_shows_a_document_published_after_it_was_cached(self):
        document = self.upload("Tờ trình phát hành sau")
        tablet = self.tablet()
        expect(tablet.locator("#documents")).not_to_contain_text("Tờ trình phát hành sau")

        secretariat = self.tablet_for(self.secretariat)
        secretariat.goto(f"/sittings/{self.sitting.pk}/manage/")
        secretariat.locator(f"#document-{document.pk}").get_by_role(
            "button", name="Publish", exact=True
        ).click()
        expect(tablet.locator("#documents")).to_contain_text("Tờ trình phát hành sau")

        tablet.context.set_offline(True)
        tablet.reload()  # the service worker's copy, cached before the publication
        expect(tablet.locator("#connection")).to_have_attribute("data-state", "offline")
        expect(tablet.locator("#documents")).to_contain_text("Tờ trình phát hành sau")
        expect(tablet.locator("body")).to_have_attribute("data-live-restored", DIGITS)
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        tablet.screenshot(path=str(SCREENSHOTS / "delegate-room-offline-landscape.png"))

        # Online again, a fresh page is the server's: nothing older is put over it.
        tablet.context.set_offline(False)
        tablet.reload()
        self.wait_online(tablet)
        expect(tablet.locator("body")).not_to_have_attribute("data-live-restored", DIGITS)
        expect(tablet.locator("#documents")).to_contain_text("Tờ trình phát hành sau")

        # What was kept for the offline page goes with the delegate at logout.
        databases = "async () => (await indexedDB.databases()).map((d) => d.name)"
        assert "council-live" in tablet.evaluate(databases)
        tablet.get_by_role("button", name="Log out").click()
        expect(tablet).to_have_url(re.compile(r"/login/"))
        tablet.wait_for_timeout(300)
        assert "council-live" not in tablet.evaluate(databases)

    def test_an_annotation_made_offline_reaches_the_server_from_the_room_page(self):
        document = self.upload("Tờ trình ngân sách")
        # Published with an update, not the service: its live event would be sent from this
        # thread, which runs Playwright's event loop.
        Document.objects.filter(pk=document.pk).update(
            published=True, published_at=timezone.now(), first_published_at=timezone.now()
        )
        version = document.versions.get()
        tablet = self.tablet()
        tablet.goto(f"/documents/sittings/{self.sitting.pk}/reader/#v={version.pk}&page=1")
        expect(tablet.locator("#reader")).to_have_attribute("data-state", "ready")
        tools = tablet.locator("#annotate-tools")
        expect(tools).to_have_attribute("data-loaded-version", str(version.pk))
        self.wait_online(tablet)

        tablet.context.set_offline(True)
        draw(tablet)
        expect(tools).to_have_attribute("data-pending", "1")
        tablet.wait_for_timeout(500)
        assert Annotation.objects.count() == 0

        # The delegate goes back to the room (from the cache) and the network comes back there.
        tablet.goto(self.room)
        expect(tablet.locator("#agenda")).to_contain_text("Ngân sách")
        assert Annotation.objects.count() == 0
        tablet.context.set_offline(False)
        deadline = time.monotonic() + 15
        while Annotation.objects.count() == 0 and time.monotonic() < deadline:
            tablet.wait_for_timeout(200)
        stored = Annotation.objects.get()
        assert (stored.author, stored.version, stored.revision) == (self.delegate, version, 1)
        expect(tablet.locator("body")).to_have_attribute("data-annotations-synced", "1")
        assert tablet.url.endswith(self.room)

        # The reader, opened again, sends its own copy: stored once, nothing left to send.
        tablet.goto(f"/documents/sittings/{self.sitting.pk}/reader/#v={version.pk}&page=1")
        expect(tools).to_have_attribute("data-loaded-version", str(version.pk))
        expect(tools).to_have_attribute("data-pending", "0")
        expect(tablet.locator(".annotate-layer")).to_have_attribute("data-count", "1")
        assert Annotation.objects.count() == 1
        assert Annotation.objects.get().revision == 1


def draw(page: Page) -> None:
    """A pen stroke with the mouse across the page's upper part."""
    annotate = page.locator("#reader-annotate-toggle")
    if annotate.get_attribute("aria-expanded") != "true":
        annotate.click()
    page.locator('.annotate-tool[data-tool="pen"]').click()
    box = page.locator(".annotate-layer").bounding_box()
    assert box is not None
    x, y = box["x"] + box["width"] * 0.2, box["y"] + box["height"] * 0.2
    page.mouse.move(x, y)
    page.mouse.down()
    for step in range(1, 11):
        page.mouse.move(x + step * box["width"] * 0.05, y + step * 2)
    page.mouse.up()
