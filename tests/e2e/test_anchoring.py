"""A highlight follows its sentence to a new version, on a touch tablet in Chromium.

The delegate selects a sentence near the foot of page 1 of v1 and highlights it; the
secretariat uploads v2 with three paragraphs inserted at the top; on v2 the sentence is on
page 2, and the highlight is drawn there over the same words (checked against the words'
own boxes in pdf.js's text layer), with nothing left on page 1.
"""

import base64
import shutil
import tempfile

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.utils import timezone
from playwright.sync_api import Page, expect

from annotations.models import Annotation
from annotations.reanchor import selectors_for
from annotations.textmap import DocText, decode_boxes
from council.models import Council, Member, Role
from documents import services as document_services
from documents.models import Document, DocumentVersion
from documents.pdf import extract_glyphs
from sessions.models import AgendaItem, SittingState
from tests import anchoring_corpus as corpus
from tests.conftest import make_member, make_sitting
from tests.e2e.journey import BrowserJourney

MEDIA_ROOT = tempfile.mkdtemp(prefix="e2e-anchoring-media-")
BODY = corpus.paragraphs(11, 12, corpus.VI_WORDS, label="Điều")
ADDED = corpus.paragraphs(111, 3, corpus.VI_WORDS, label="Khoản mới")

# In the page: select the words of `sentence` in pdf.js's text layer (white space aside,
# as the layer splits lines into spans), as a finger's long press and drag would.
SELECT = """(sentence) => {
  const layer = document.getElementById("reader-text");
  const walker = document.createTreeWalker(layer, NodeFilter.SHOW_TEXT);
  const chars = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (let i = 0; i < node.data.length; i += 1) {
      if (!/\\s/.test(node.data[i])) chars.push([node, i, node.data[i]]);
    }
  }
  const wanted = sentence.replace(/\\s+/g, "");
  const at = chars.map((c) => c[2]).join("").indexOf(wanted);
  if (at < 0) return false;
  const first = chars[at], last = chars[at + wanted.length - 1];
  const range = document.createRange();
  range.setStart(first[0], first[1]);
  range.setEnd(last[0], last[1] + 1);
  const selection = window.getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
  return true;
}"""

# In the page: how much the drawn highlight covers the sentence's words in the text layer
# (both as fractions of the page box): the area both cover over the words' area.
COVERAGE = """async (sentence) => {
  const box = document.getElementById("reader-page").getBoundingClientRect();
  const layer = document.getElementById("reader-text");
  const walker = document.createTreeWalker(layer, NodeFilter.SHOW_TEXT);
  const chars = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (let i = 0; i < node.data.length; i += 1) {
      if (!/\\s/.test(node.data[i])) chars.push([node, i, node.data[i]]);
    }
  }
  const wanted = sentence.replace(/\\s+/g, "");
  const at = chars.map((c) => c[2]).join("").indexOf(wanted);
  if (at < 0) return -1;
  const words = [];
  for (let k = at; k < at + wanted.length; k += 1) {
    const range = document.createRange();
    range.setStart(chars[k][0], chars[k][1]);
    range.setEnd(chars[k][0], chars[k][1] + 1);
    const r = range.getBoundingClientRect();
    words.push([
      (r.left - box.left) / box.width, (r.top - box.top) / box.height,
      r.width / box.width, r.height / box.height,
    ]);
  }
  // The annotation layer's state, from its own module (the page's instance of it).
  const { state } = await import("/static/js/annotate/state.js");
  const page = Number(document.getElementById("reader").dataset.renderedPage);
  const drawn = [...state.annotations.values()].filter((a) => a.page === page && !a.deleted);
  const rects = drawn.flatMap((a) => a.data.rects || []);
  let covered = 0, total = 0;
  for (const [x, y, w, h] of words) {
    total += w * h;
    // A letter counts as covered where its centre line lies inside a drawn rectangle.
    const cy = y + h / 2;
    for (const [rx, ry, rw, rh] of rects) {
      if (cy < ry || cy > ry + rh) continue;
      const overlap = Math.min(x + w, rx + rw) - Math.max(x, rx);
      if (overlap > 0) covered += overlap * h;
    }
  }
  return total ? covered / total : 0;
}"""


def glyph_text(pdf: bytes) -> DocText:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as fh:
        fh.write(pdf)
        fh.flush()
        pages = extract_glyphs(fh.name)
    return DocText.build([(p["text"], decode_boxes(base64.b64decode(p["boxes"]))) for p in pages])


def pick_sentence(v1: DocText, v2: DocText) -> tuple[str, int, int]:
    """The last sentence wholly on page 1 of v1 that v2 puts wholly on page 2."""
    for paragraph in reversed(BODY):
        for sentence in reversed(paragraph):
            a, b = v1.text.index(sentence), v2.text.index(sentence)
            old = {v1.pages[i] for i in range(a, a + len(sentence)) if v1.pages[i]}
            new = {v2.pages[i] for i in range(b, b + len(sentence)) if v2.pages[i]}
            if old == {1} and new == {2}:
                return sentence, 1, 2
    raise AssertionError("the corpus has no sentence that moves from page 1 to page 2")


@override_settings(MEDIA_ROOT=MEDIA_ROOT)
class AnchoringJourney(BrowserJourney):
    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        shutil.rmtree(MEDIA_ROOT, ignore_errors=True)

    def setUp(self):
        self.council = Council.objects.create(name="HĐND Thử nghiệm", total_delegates=95)
        self.secretariat = make_member(self.council, "secretariat", Role.SECRETARIAT)
        self.delegate = make_member(self.council, "delegate", Role.DELEGATE)
        self.sitting = make_sitting(self.council, state=SittingState.PUBLISHED)
        AgendaItem.objects.create(sitting=self.sitting, position=1, title="Dự thảo")
        self.v1_pdf = corpus.render([BODY])
        self.v2_pdf = corpus.render([ADDED + BODY])
        upload = SimpleUploadedFile("du-thao.pdf", self.v1_pdf, "application/pdf")
        document = document_services.upload_document(
            self.secretariat, self.sitting, title="Dự thảo nghị quyết", upload=upload
        )
        # Published with an update, not the service: its live event would be sent from
        # this thread, which runs Playwright's event loop.
        Document.objects.filter(pk=document.pk).update(
            published=True, published_at=timezone.now(), first_published_at=timezone.now()
        )
        self.document = document
        self.version = document.versions.get()

    def touch_tablet(self, member: Member) -> Page:
        """A portrait tablet with a touch screen, logged in as `member`."""
        client = Client()
        client.force_login(member.user)
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

    def open(self, page: Page, version_id: int, number: int) -> None:
        page.goto(f"/documents/sittings/{self.sitting.pk}/reader/#v={version_id}&page={number}")
        expect(page.locator("#reader")).to_have_attribute("data-state", "ready", timeout=15_000)
        expect(page.locator("#reader")).to_have_attribute("data-rendered-page", str(number))
        expect(page.locator("#annotate-tools")).to_have_attribute(
            "data-loaded-version", str(version_id), timeout=15_000
        )
        expect(page.locator("#reader-text span").first).to_be_attached()

    def upload_new_version(self, pdf: bytes) -> DocumentVersion:
        """The secretariat uploads v2 from the sitting's management page."""
        desk = self.tablet_for(self.secretariat)
        desk.goto(f"/sittings/{self.sitting.pk}/manage/")
        versions = desk.locator(f"#document-{self.document.pk} .manage-versions")
        versions.locator("summary").click()
        versions.locator("input[name=file]").set_input_files(
            files=[{"name": "du-thao-2.pdf", "mimeType": "application/pdf", "buffer": pdf}]
        )
        versions.locator("form[enctype] button[type=submit]").click()
        expect(desk.locator(f"#document-{self.document.pk} .version-list li")).to_have_count(
            2, timeout=30_000
        )
        return DocumentVersion.objects.get(document=self.document, number=2)

    def test_a_highlight_sits_on_its_sentence_on_its_new_page_after_a_paragraph_is_inserted(
        self,
    ):
        sentence, old_page, new_page = pick_sentence(
            glyph_text(self.v1_pdf), glyph_text(self.v2_pdf)
        )
        tablet = self.touch_tablet(self.delegate)
        self.open(tablet, self.version.pk, old_page)
        self.wait_online(tablet)
        annotate = tablet.locator("#reader-annotate-toggle")  # the tools open on demand
        if annotate.get_attribute("aria-expanded") != "true":
            annotate.tap()

        assert tablet.evaluate(SELECT, sentence)
        with tablet.expect_response(
            lambda r: r.request.method == "POST" and "/annotations/v/" in r.url, timeout=15_000
        ) as saved:
            tablet.locator('.annotate-tool[data-tool="highlight"]').tap()
        assert saved.value.status == 200, saved.value.text()
        expect(tablet.locator(".annotate-layer")).to_have_attribute("data-count", "1")
        expect(tablet.locator("#annotate-tools")).to_have_attribute("data-pending", "0")
        mark = Annotation.objects.get()
        assert mark.selectors[0]["exact"] == sentence

        second = self.upload_new_version(self.v2_pdf)

        self.open(tablet, second.pk, new_page)
        expect(tablet.locator(".annotate-layer")).to_have_attribute("data-count", "1")
        assert tablet.evaluate(COVERAGE, sentence) >= 0.9
        carried = Annotation.objects.get(version=second)
        assert (carried.page, carried.anchor_state) == (new_page, "moved")

        tablet.locator("#reader-prev").tap()
        expect(tablet.locator("#reader")).to_have_attribute("data-rendered-page", str(old_page))
        expect(tablet.locator(".annotate-layer")).to_have_attribute("data-count", "0")

    def test_a_mark_whose_sentence_was_edited_is_listed_for_review_and_kept_here(self):
        sentence = BODY[1][0]
        v1 = glyph_text(self.v1_pdf)
        start = v1.text.index(sentence)
        page = v1.page_of_span(start, start + len(sentence))
        data = {"rects": v1.rects(start, start + len(sentence), page)}
        # Made as the server makes it, without the live event (this thread runs
        # Playwright's loop).
        mark = Annotation.objects.create(
            version=self.version,
            page=page,
            author=self.delegate,
            kind="highlight",
            data=data,
            colour="#facc15",
            client_updated_at=timezone.now(),
            selectors=selectors_for(v1, page, data),
        )
        edited = [list(p) for p in BODY]
        edited[1][0] = sentence[:-1] + " và báo cáo kết quả thực hiện."
        second = self.upload_new_version(corpus.render([edited]))

        tablet = self.touch_tablet(self.delegate)
        self.open(tablet, second.pk, page)
        badge = tablet.locator("#annotate-review .review-badge")
        expect(badge).to_be_visible()
        badge.tap()
        copy = Annotation.objects.get(version=second, moved_from=mark)
        row = tablet.locator(f"#review-{copy.pk}")
        expect(row).to_have_attribute("data-state", "check")
        expect(row.locator(".review-old")).to_contain_text(sentence)
        expect(row.locator(".review-new")).to_contain_text("và báo cáo kết quả thực hiện.")
        row.locator(".review-actions .btn-primary").tap()
        expect(tablet.locator(f"#review-{copy.pk} .review-done")).to_be_visible()
        copy.refresh_from_db()
        assert copy.anchor_state == "ok"
