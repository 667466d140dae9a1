"""The secretariat reorders by drag and drop (issue 18, point 15): agenda items and an
item's documents, with a finger on a touch tablet (820x1180 portrait, real touch events
through CDP) and with a mouse (1280x800); ↑/↓ stay. A failed upload keeps the form, the
chosen item and shows the error beside it."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from playwright.sync_api import Page, expect

from council.models import Council, Role
from documents import services as documents
from documents.models import Document, DocumentVersion
from sessions.models import AgendaItem, SittingState
from tests import pdf_corpus as corpus
from tests.conftest import make_member, make_sitting
from tests.e2e.journey import BrowserJourney
from tests.e2e.test_hall_zoom_region import touch_drag
from tests.e2e.test_tablet_reader import shoot

ITEMS = ["Khai mạc kỳ họp", "Dự toán ngân sách 2027", "Đầu tư công trung hạn", "Bế mạc"]
DOCUMENTS = ["Tờ trình", "Phụ lục", "Dự thảo nghị quyết"]


class ReorderJourney(BrowserJourney):
    def setUp(self):
        council = Council.objects.create(name="HĐND Thử nghiệm", total_delegates=95)
        self.secretariat = make_member(council, "secretariat", Role.SECRETARIAT, language="vi")
        self.sitting = make_sitting(council, state=SittingState.PUBLISHED)
        self.items = [
            AgendaItem.objects.create(sitting=self.sitting, position=n, title=title)
            for n, title in enumerate(ITEMS, start=1)
        ]
        self.documents = [
            documents.upload_document(
                self.secretariat,
                self.sitting,
                title=title,
                upload=SimpleUploadedFile(f"d{n}.pdf", corpus.valid_pdf(1, texts=[title])),
                agenda_item_id=self.items[3].pk,  # the last item: the others stay short
            )
            for n, title in enumerate(DOCUMENTS)
        ]

    def tearDown(self):
        for version in DocumentVersion.objects.all():
            documents.media_path(version.file.name).unlink(missing_ok=True)

    def touch_tablet(self) -> Page:
        client = Client()
        client.force_login(self.secretariat.user)
        context = self.browser.new_context(
            base_url=self.live_server_url,
            viewport={"width": 820, "height": 1180},
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

    def item_order(self) -> list[str]:
        return list(self.sitting.items.order_by("position").values_list("title", flat=True))

    def document_order(self) -> list[str]:
        return list(
            Document.objects.filter(agenda_item=self.items[3])
            .order_by("position", "id")
            .values_list("title", flat=True)
        )

    @staticmethod
    def centre(page: Page, selector: str) -> tuple[float, float]:
        box = page.locator(selector).bounding_box()
        assert box, selector
        return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2

    @staticmethod
    def edge(page: Page, selector: str, *, top: bool) -> tuple[float, float]:
        """A point just inside the top or bottom edge: before or after that entry."""
        box = page.locator(selector).bounding_box()
        assert box, selector
        return box["x"] + 60, box["y"] + (6 if top else box["height"] - 6)

    @staticmethod
    @contextmanager
    def dropped(page: Page) -> Iterator[None]:
        """Waits for the drop's POST to be answered (a redirect, once the move is saved) and
        for htmx to swap in the lists in the server's order, set up again for dragging."""
        page.locator("#manage-lists").evaluate("el => { el.dataset.before = 'drop'; }")
        with page.expect_response(
            lambda r: r.request.method == "POST" and r.url.endswith("/place/")
        ) as answer:
            yield
        assert answer.value.status == 302
        expect(page.locator("#manage-lists:not([data-before])[data-sortable-ready]")).to_have_count(
            1
        )

    @staticmethod
    def to_top(page: Page, selector: str) -> None:
        """Scrolls so the drag's target starts near the top: both ends are on the screen."""
        page.locator(selector).evaluate("el => el.scrollIntoView({block: 'start'})")
        page.evaluate("window.scrollBy(0, -60)")

    def test_a_finger_drags_an_agenda_item_and_a_document_into_place(self):
        page = self.touch_tablet()
        page.goto(f"/sittings/{self.sitting.pk}/manage/")
        expect(page.locator("#manage-lists")).to_have_attribute("data-sortable-ready", "true")
        shoot(page, "manage-reorder-820x1180-touch-before")

        # The third item, by its handle, onto the first one's place.
        third, first = self.items[2], self.items[0]
        handle = f"#item-{third.pk} .builder-row .drag-handle"
        self.to_top(page, "#agenda-builder")
        with self.dropped(page):
            touch_drag(
                page, self.centre(page, handle), self.edge(page, f"#item-{first.pk}", top=True)
            )
        expect(page.locator("#agenda-builder > li").first).to_have_id(f"item-{third.pk}")
        assert self.item_order() == [ITEMS[2], ITEMS[0], ITEMS[1], ITEMS[3]]

        # The draft resolution, under its item, before the report.
        draft, report = self.documents[2], self.documents[0]
        handle = f"#document-{draft.pk} .drag-handle"
        self.to_top(page, f"#document-{report.pk}")
        with self.dropped(page):
            touch_drag(
                page, self.centre(page, handle), self.edge(page, f"#document-{report.pk}", top=True)
            )
        expect(page.locator(f"#item-{self.items[3].pk} .manage-documents > li").first).to_have_id(
            f"document-{draft.pk}"
        )
        assert self.document_order() == [DOCUMENTS[2], DOCUMENTS[0], DOCUMENTS[1]]
        shoot(page, "manage-reorder-820x1180-touch-after")

        # ↑/↓ still work beside the handles (keyboards, screen readers).
        page.locator(f"#item-{first.pk}").get_by_role(
            "button", name=f"Chuyển lên: {first.title}"
        ).click()
        expect(page.locator("#agenda-builder > li").first).to_have_id(f"item-{first.pk}")

    def test_a_mouse_drags_an_item_down(self):
        page = self.tablet_for(self.secretariat)  # 1280x800, a mouse
        page.goto(f"/sittings/{self.sitting.pk}/manage/")
        expect(page.locator("#manage-lists")).to_have_attribute("data-sortable-ready", "true")
        first, third = self.items[0], self.items[2]
        self.to_top(page, "#agenda-builder")
        start = self.centre(page, f"#item-{first.pk} .builder-row .drag-handle")
        end = self.edge(page, f"#item-{third.pk}", top=False)
        page.mouse.move(*start)
        with self.dropped(page):
            page.mouse.down()
            page.mouse.move(start[0], start[1] + 10, steps=3)
            page.mouse.move(end[0], end[1], steps=20)
            page.wait_for_timeout(100)  # a hand rests before letting go (Sortable's 30 ms)
            page.mouse.move(end[0], end[1] + 1)
            page.wait_for_timeout(100)
            page.mouse.up()
        expect(page.locator("#agenda-builder > li").nth(2)).to_have_id(f"item-{first.pk}")
        assert self.item_order() == [ITEMS[1], ITEMS[2], ITEMS[0], ITEMS[3]]
        shoot(page, "manage-reorder-1280x800-mouse-after")

    def test_a_failed_upload_keeps_the_form_the_item_and_shows_the_error(self):
        page = self.touch_tablet()
        page.goto(f"/sittings/{self.sitting.pk}/manage/")
        item = self.items[2]
        upload = page.locator(f"#item-{item.pk} .manage-upload")
        upload.locator("summary").click()
        upload.get_by_label("Tiêu đề").fill("Báo cáo thẩm tra của Ban Kinh tế - Ngân sách")
        upload.get_by_label("Tệp PDF").set_input_files(
            files=[{"name": "bao-cao.pdf", "mimeType": "application/pdf", "buffer": b"not a pdf"}]
        )
        upload.get_by_label("Mật").check()
        with page.expect_response(lambda r: "/upload/" in r.url) as answer:
            upload.get_by_role("button", name="Tải lên").click()
        assert 400 <= answer.value.status < 500
        failed = page.locator(f"#item-{item.pk} .manage-upload[open]")
        expect(failed).to_be_visible()
        expect(failed.locator(".upload-error")).to_contain_text("PDF")
        expect(failed.get_by_label("Tiêu đề")).to_have_value(
            "Báo cáo thẩm tra của Ban Kinh tế - Ngân sách"
        )
        expect(failed.get_by_label("Mật")).to_be_checked()
        failed.scroll_into_view_if_needed()
        shoot(page, "manage-upload-failed-820x1180")
        assert not Document.objects.filter(agenda_item=item).exists()
