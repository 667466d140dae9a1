"""Questioning in Chromium on touch tablets (820x1180): a delegate highlights a sentence and
asks an official about it; the secretariat groups the question; the chair opens the group
and gives the floor; the hall screen shows the question with its quoted passage, the page
region drawn under the marks (the document is not confidential)."""

import shutil
import tempfile

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.utils import timezone
from playwright.sync_api import Page, expect

from council.models import Council, Member, Role
from documents import services as document_services
from documents.models import Document
from followup.models import Agency
from questioning.models import Official, Question, QuestionGroup
from sessions.models import AgendaItem, Sitting, SittingState
from tests import anchoring_corpus as corpus
from tests.conftest import make_member, make_sitting
from tests.e2e.journey import BrowserJourney
from tests.e2e.test_anchoring import SELECT

MEDIA_ROOT = tempfile.mkdtemp(prefix="e2e-questioning-media-")
BODY = corpus.paragraphs(21, 6, corpus.VI_WORDS, label="Điều")
SENTENCE = BODY[1][0]


@override_settings(MEDIA_ROOT=MEDIA_ROOT)
class QuestioningJourney(BrowserJourney):
    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        shutil.rmtree(MEDIA_ROOT, ignore_errors=True)

    def setUp(self):
        self.council = Council.objects.create(name="HĐND Thử nghiệm", total_delegates=95)
        self.chair = make_member(self.council, "chair", Role.CHAIR)
        self.secretariat = make_member(self.council, "secretariat", Role.SECRETARIAT)
        self.delegate = make_member(self.council, "delegate", Role.DELEGATE)
        self.screen = make_member(self.council, "screen", Role.SCREEN)
        self.sitting = make_sitting(self.council, state=SittingState.PUBLISHED)
        item = AgendaItem.objects.create(sitting=self.sitting, position=1, title="Chất vấn")
        upload = SimpleUploadedFile("bao-cao.pdf", corpus.render([BODY]), "application/pdf")
        document = document_services.upload_document(
            self.secretariat, self.sitting, title="Báo cáo đầu tư công", upload=upload
        )
        # Rows, not services: a service's live event would be sent from this thread, which
        # runs Playwright's event loop.
        Document.objects.filter(pk=document.pk).update(
            published=True, published_at=timezone.now(), first_published_at=timezone.now()
        )
        Sitting.objects.filter(pk=self.sitting.pk).update(
            state=SittingState.IN_PROGRESS, current_item=item
        )
        self.version = document.versions.get()
        agency = Agency.objects.create(
            council=self.council, name="Sở Tài chính", short_name="Sở TC"
        )
        self.official = Official.objects.create(
            sitting=self.sitting,
            name="Phạm Quốc Bảo",
            office="Giám đốc Sở Tài chính",
            agency=agency,
        )

    def touch_tablet(self, member: Member) -> Page:
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

    def ask_from_the_reader(self) -> Question:
        tablet = self.touch_tablet(self.delegate)
        tablet.goto(f"/documents/sittings/{self.sitting.pk}/reader/#v={self.version.pk}&page=1")
        expect(tablet.locator("#reader")).to_have_attribute("data-state", "ready", timeout=15_000)
        expect(tablet.locator("#annotate-tools")).to_have_attribute(
            "data-loaded-version", str(self.version.pk), timeout=15_000
        )
        expect(tablet.locator("#reader-text span").first).to_be_attached()
        self.wait_online(tablet)
        tablet.locator("#reader-annotate-toggle").tap()
        assert tablet.evaluate(SELECT, SENTENCE)
        tablet.locator('.annotate-tool[data-tool="highlight"]').tap()
        # Tap one: the question form, the passage filled in.
        tablet.locator("#question-ask-open").tap()
        dialog = tablet.locator("#question-ask-dialog")
        expect(dialog.locator(".question-form-quote")).to_contain_text(SENTENCE.split()[0])
        dialog.locator("textarea[name=text]").fill("Đề nghị Giám đốc Sở giải trình đoạn này.")
        # Tap two: sent to the secretariat.
        with tablet.expect_response(
            lambda r: r.request.method == "POST" and "/questioning/" in r.url, timeout=15_000
        ) as sent:
            dialog.locator("[data-action=send-question]").tap()
        assert sent.value.status == 201, sent.value.text()
        expect(tablet.locator(".question-ask-status")).not_to_be_empty()
        return Question.objects.get()

    def test_from_a_highlighted_passage_to_the_hall_screen(self):
        question = self.ask_from_the_reader()
        assert question.state == "registered"
        assert question.quote == SENTENCE
        assert question.version_id == self.version.pk and question.rects

        # The secretariat groups it, on its desk page (live).
        desk = self.touch_tablet(self.secretariat)
        desk.goto(f"/questioning/sittings/{self.sitting.pk}/desk/")
        self.wait_online(desk)
        form = desk.locator(".question-group-form")
        form.locator("input[name=topic]").fill("Đầu tư công")
        form.locator("[data-action=create-group]").tap()
        expect(desk.locator("#questioning-desk .question-group")).to_have_count(1)
        row = desk.locator(f"#questioning-desk li[data-question-id='{question.pk}']").first
        row.locator("[data-action=put-in-group]").tap()
        grouped = desk.locator(
            f"#questioning-desk .question-group li[data-question-id='{question.pk}']"
        )
        expect(grouped).to_have_count(1)
        group = QuestionGroup.objects.get()

        # The hall screen is on before the chair gives the floor.
        hall = self.touch_tablet(self.screen)
        hall.goto(f"/sittings/{self.sitting.pk}/screen/")
        self.wait_online(hall)
        expect(hall.locator("#questioning-floor")).to_be_hidden()

        chair = self.touch_tablet(self.chair)
        chair.goto(f"/sittings/{self.sitting.pk}/chair/")
        self.wait_online(chair)
        console = chair.locator("#questioning-console")
        console.locator(f"[data-group-id='{group.pk}'] [data-action=open-group]").tap()
        give = console.locator(f"li[data-question-id='{question.pk}'] [data-action=give-floor]")
        give.tap()
        expect(console.locator(f"li[data-question-id='{question.pk}']")).to_have_attribute(
            "data-state", "on_floor"
        )
        # The speakers' machinery carries the floor: the author speaks, the timer runs.
        expect(chair.locator("#speaker-queue .speaker-now")).to_have_attribute(
            "data-member-id", str(self.delegate.pk)
        )

        floor = hall.locator("#questioning-floor")
        expect(floor).to_be_visible()
        expect(floor.locator(".questioning-floor-text")).to_contain_text("giải trình đoạn này")
        expect(floor.locator(".questioning-floor-quote")).to_contain_text(SENTENCE.split()[0])
        expect(floor).to_contain_text("Delegate")  # the author
        expect(floor.locator(".questioning-mark").first).to_be_attached()
        # The page region under the marks, drawn from the reading copy.
        expect(floor.locator(".questioning-sheet")).to_have_attribute(
            "data-drawn", "1", timeout=15_000
        )
        expect(floor.locator("canvas.questioning-page")).to_have_count(1)
