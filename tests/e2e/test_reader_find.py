"""Find inside a document (issue 18, point 4) on a touch tablet (1280x800): pdf.js's own find
controller, case and diacritics ignored as the cross-document search ignores them
(documents/folding.py), and a hit opened from the sitting search highlighted on arrival."""

from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from playwright.sync_api import Page, expect

from council.models import Council, Role
from documents import services as documents
from documents.folding import fold, normalise
from documents.models import DocumentVersion
from sessions.models import AgendaItem, SittingState
from tests.anchoring_corpus import render
from tests.conftest import make_member, make_sitting
from tests.e2e.journey import BrowserJourney

LANDSCAPE = {"width": 1280, "height": 800}
SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"

# One line each (no wrapping), so a page's text is these lines and nothing else.
CORPUS = [
    "Báo cáo tình hình sử dụng nguồn vốn đầu tư công năm 2026.",
    "Đại biểu Hội đồng nhân dân thành phố chất vấn Ủy ban.",
    "Quyết định phê duyệt dự toán ngân sách quận Đống Đa.",
    "Kế hoạch đường giao thông, nước sạch và nhà ở xã hội.",
    "Nghị quyết về phí, lệ phí; giấy phép xây dựng; đất đai.",
    "NGUỒN VỐN ODA và vốn đối ứng của thành phố Hà Nội.",
    "Trường học, bệnh viện, chợ Đồng Xuân, cầu Thăng Long.",
    "Ông Nguyễn Văn Đức, bà Trần Thị Ánh Tuyết, anh Lê Quý Đôn.",
]
QUERIES = [
    "nguon von",
    "NGUỒN VỐN",
    "Nguồn vốn",
    "dai bieu",
    "ĐẠI BIỂU",
    "dong",
    "đống đa",
    "uy ban",
    "ngan sach",
    "nuoc sach",
    "phi",
    "le phi",
    "duc",
    "anh tuyet",
    "thang long",
    "ha noi",
    "von",
    "xa hoi",
    "dat dai",
    "nguyen van đuc",
]


def expected_hits(query: str) -> int:
    """The server's folding (documents/folding.py), line by line: what pdf.js must find."""
    needle = fold(normalise(query))
    return sum(fold(normalise(line)).count(needle) for line in CORPUS)


class ReaderFindJourney(BrowserJourney):
    def setUp(self):
        council = Council.objects.create(name="HĐND Thử nghiệm", total_delegates=95)
        self.delegate = make_member(council, "delegate", Role.DELEGATE, language="en")
        secretariat = make_member(council, "secretariat", Role.SECRETARIAT)
        self.sitting = make_sitting(council, state=SittingState.IN_PROGRESS)
        item = AgendaItem.objects.create(sitting=self.sitting, position=1, title="Ngân sách")
        # Page 1 says nothing of the sought words; page 2 is the corpus.
        pdf = render([[["Trang mở đầu của tài liệu họp."]], [[line] for line in CORPUS]])
        document = documents.upload_document(
            secretariat,
            self.sitting,
            title="Báo cáo nguồn vốn",
            upload=SimpleUploadedFile("von.pdf", pdf),
            agenda_item_id=item.pk,
        )
        documents.publish_document(secretariat, document)
        self.version = document.versions.get()

    def tearDown(self):
        for version in DocumentVersion.objects.all():
            documents.media_path(version.file.name).unlink(missing_ok=True)

    def tablet(self) -> Page:
        page = self.tablet_for(self.delegate)
        context = self.browser.new_context(
            base_url=self.live_server_url,
            viewport=LANDSCAPE,
            has_touch=True,
            service_workers="block",
        )
        context.add_cookies(page.context.cookies())
        self.contexts.append(context)
        return context.new_page()

    def open_reader(self, page: Page, fragment: str = "") -> None:
        page.goto(f"/documents/sittings/{self.sitting.pk}/reader/#v={self.version.pk}{fragment}")
        expect(page.locator("#reader")).to_have_attribute("data-state", "ready")

    def find(self, page: Page, query: str) -> None:
        page.locator("#reader-find-input").fill(query)
        page.locator("#reader-find button[type=submit]").click()

    def test_find_ignores_diacritics_and_case_and_highlights_the_hit(self):
        delegate = self.tablet()
        self.open_reader(delegate, "&page=1")
        delegate.get_by_role("button", name="Tools").click()
        reader = delegate.locator("#reader")
        hit = delegate.locator("#reader-text .highlight.selected")
        for query in ("nguon von", "Nguồn Vốn", "dai bieu"):
            self.find(delegate, query)
            # The hits are on page 2: the reader goes there and marks the words.
            expect(reader).to_have_attribute("data-rendered-page", "2")
            expect(hit.first).to_be_visible()
            shown = "".join(hit.all_text_contents())
            assert fold(shown) == fold(query), (query, shown)
            delegate.locator("#reader-prev").click()
            expect(reader).to_have_attribute("data-rendered-page", "1")
        # Every hit on the page is highlighted, the one selected stands out.
        self.find(delegate, "nguon von")
        expect(reader).to_have_attribute("data-find-total", "2")
        expect(delegate.locator("#reader-text .highlight")).to_have_count(2)
        expect(delegate.locator("#reader-status")).to_have_text("Match 1 of 2")
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        delegate.screenshot(path=str(SCREENSHOTS / "delegate-reader-find-landscape.png"))
        self.find(delegate, "tu lieu khong co")
        expect(reader).to_have_attribute("data-find", "not-found")
        expect(delegate.locator("#reader-status")).to_have_text("Not found in this document.")
        expect(delegate.locator("#reader-text .highlight")).to_have_count(0)

    def test_pdf_js_finds_what_the_server_folding_finds(self):
        """One definition of "the same letters": for each query, pdf.js's controller (with the
        reader's options) counts as many hits as documents/folding.py does on the same lines."""
        delegate = self.tablet()
        self.open_reader(delegate, "&page=2")
        delegate.get_by_role("button", name="Tools").click()
        reader = delegate.locator("#reader")
        found = {}
        for query in QUERIES:
            self.find(delegate, query)
            expect(reader).not_to_have_attribute("data-find", "pending")
            found[query] = int(reader.get_attribute("data-find-total") or 0)
        expected = {query: expected_hits(query) for query in QUERIES}
        assert found == expected
        assert all(expected.values())  # every query is there at least once

    def test_a_hit_opened_from_the_sitting_search_is_highlighted_on_arrival(self):
        delegate = self.tablet()
        delegate.goto(f"/documents/sittings/{self.sitting.pk}/search/?q=dong+xuan")
        link = delegate.locator(".search-hit a").first
        expect(link).to_contain_text("page 2")
        link.click()
        reader = delegate.locator("#reader")
        expect(reader).to_have_attribute("data-rendered-page", "2")
        hit = delegate.locator("#reader-text .highlight.selected")
        expect(hit.first).to_be_visible()
        assert fold("".join(hit.all_text_contents())) == "dong xuan"
