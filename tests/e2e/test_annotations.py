"""Annotations in Chromium: a stroke drawn on one tablet appears on the same delegate's
other device; drawn offline, it is kept and sent once when the tablet is back."""

import shutil
import tempfile

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import timezone
from playwright.sync_api import Page, expect

from annotations.models import Annotation
from council.models import Council, Role
from documents import services as document_services
from documents.models import Document
from sessions.models import AgendaItem, SittingState
from tests import pdf_corpus as corpus
from tests.conftest import make_member, make_sitting
from tests.e2e.journey import BrowserJourney

MEDIA_ROOT = tempfile.mkdtemp(prefix="e2e-annotations-media-")


@override_settings(MEDIA_ROOT=MEDIA_ROOT)
class AnnotationJourney(BrowserJourney):
    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        shutil.rmtree(MEDIA_ROOT, ignore_errors=True)

    def setUp(self):
        self.council = Council.objects.create(name="HĐND Thử nghiệm", total_delegates=95)
        self.secretariat = make_member(self.council, "secretariat", Role.SECRETARIAT)
        self.delegate = make_member(self.council, "delegate", Role.DELEGATE)
        self.sitting = make_sitting(self.council, state=SittingState.PUBLISHED)
        AgendaItem.objects.create(sitting=self.sitting, position=1, title="Ngân sách")
        upload = SimpleUploadedFile("budget.pdf", corpus.valid_pdf(2), "application/pdf")
        document = document_services.upload_document(
            self.secretariat, self.sitting, title="Tờ trình ngân sách", upload=upload
        )
        # Published with an update, not the service: its live event would be sent from
        # this thread, which runs Playwright's event loop.
        Document.objects.filter(pk=document.pk).update(
            published=True, published_at=timezone.now(), first_published_at=timezone.now()
        )
        self.version = document.versions.get()

    def open_reader(self) -> Page:
        page = self.tablet_for(self.delegate)
        page.goto(f"/documents/sittings/{self.sitting.pk}/reader/#v={self.version.pk}&page=1")
        expect(page.locator("#reader")).to_have_attribute("data-state", "ready", timeout=10_000)
        expect(page.locator("#annotate-tools")).to_have_attribute(
            "data-loaded-version", str(self.version.pk)
        )
        self.wait_online(page)
        return page

    @staticmethod
    def draw(page: Page, dy: float) -> None:
        """A stroke with the mouse, `dy` down the page (kept within the 800 px viewport)."""
        annotate = page.locator("#reader-annotate-toggle")  # the tools open on demand
        if annotate.get_attribute("aria-expanded") != "true":
            annotate.click()
        page.locator('.annotate-tool[data-tool="pen"]').click()
        box = page.locator(".annotate-layer").bounding_box()
        assert box is not None
        x, y = box["x"] + box["width"] * 0.2, box["y"] + box["height"] * dy
        assert y + 40 < page.viewport_size["height"], "the stroke must start on screen"
        page.mouse.move(x, y)
        page.mouse.down()
        for step in range(1, 11):
            page.mouse.move(x + step * box["width"] * 0.05, y + step * 2)
        page.mouse.up()

    def test_a_stroke_appears_on_the_delegates_other_device(self):
        tablet, laptop = self.open_reader(), self.open_reader()

        self.draw(tablet, 0.12)

        expect(tablet.locator(".annotate-layer")).to_have_attribute("data-count", "1")
        expect(laptop.locator(".annotate-layer")).to_have_attribute("data-count", "1", timeout=2000)
        expect(tablet.locator("#annotate-tools")).to_have_attribute("data-pending", "0")
        stored = Annotation.objects.get()
        assert (stored.author, stored.page, stored.kind) == (self.delegate, 1, "ink")
        assert len(stored.data["strokes"][0]) >= 5

    def test_a_stroke_drawn_offline_is_kept_and_sent_once_when_back_online(self):
        tablet, laptop = self.open_reader(), self.open_reader()
        self.draw(tablet, 0.12)
        expect(laptop.locator(".annotate-layer")).to_have_attribute("data-count", "1")

        tablet.context.set_offline(True)
        self.draw(tablet, 0.22)
        expect(tablet.locator(".annotate-layer")).to_have_attribute("data-count", "2")
        expect(tablet.locator("#annotate-tools")).to_have_attribute("data-pending", "1")
        expect(tablet.locator("#annotate-status")).not_to_be_empty()
        assert Annotation.objects.count() == 1
        expect(laptop.locator(".annotate-layer")).to_have_attribute("data-count", "1")

        tablet.context.set_offline(False)
        expect(tablet.locator("#annotate-tools")).to_have_attribute(
            "data-pending", "0", timeout=5000
        )
        expect(laptop.locator(".annotate-layer")).to_have_attribute("data-count", "2", timeout=2000)
        assert Annotation.objects.count() == 2

        # A reload (the queue persisted in IndexedDB) sends nothing twice.
        tablet.reload()
        expect(tablet.locator("#annotate-tools")).to_have_attribute(
            "data-loaded-version", str(self.version.pk)
        )
        expect(tablet.locator(".annotate-layer")).to_have_attribute("data-count", "2")
        expect(tablet.locator("#annotate-tools")).to_have_attribute("data-pending", "0")
        assert Annotation.objects.count() == 2
