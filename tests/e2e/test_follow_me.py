from django.core.files.uploadedfile import SimpleUploadedFile
from playwright.sync_api import expect

from council.models import Council, Role
from documents import services as documents
from documents.models import DocumentVersion
from sessions import screen_links
from sessions.models import AgendaItem, SittingState
from tests import pdf_corpus as corpus
from tests.conftest import make_member, make_sitting
from tests.e2e.journey import BrowserJourney


class FollowMeJourney(BrowserJourney):
    def setUp(self):
        council = Council.objects.create(name="HĐND Thử nghiệm", total_delegates=95)
        self.chair = make_member(council, "chair", Role.CHAIR, language="en")
        self.delegate = make_member(council, "delegate", Role.DELEGATE, language="en")
        secretariat = make_member(council, "secretariat", Role.SECRETARIAT)
        self.screen = make_member(council, "screen", Role.SCREEN)
        _link, self.screen_token = screen_links.create_screen_link(
            secretariat, label="Hall PC", sitting=None
        )
        self.sitting = make_sitting(council, state=SittingState.IN_PROGRESS)
        item = AgendaItem.objects.create(sitting=self.sitting, position=1, title="Ngân sách")
        self.sitting.current_item = item
        self.sitting.save()
        document = documents.upload_document(
            secretariat,
            self.sitting,
            title="Budget estimate 2027",
            upload=SimpleUploadedFile(
                "budget.pdf", corpus.valid_pdf(30, texts=[f"Budget page {n}" for n in range(1, 31)])
            ),
            agenda_item_id=item.pk,
        )
        documents.publish_document(secretariat, document)
        self.version = document.versions.get()

    def tearDown(self):
        for version in DocumentVersion.objects.all():
            documents.media_path(version.file.name).unlink(missing_ok=True)

    def test_a_following_tablet_jumps_to_the_page_the_chair_presents(self):
        delegate = self.tablet_for(self.delegate)
        delegate.goto(f"/documents/sittings/{self.sitting.pk}/reader/#v={self.version.pk}&page=1")
        self.wait_online(delegate)
        expect(delegate.locator("#reader")).to_have_attribute("data-rendered-page", "1")

        chair = self.tablet_for(self.chair)
        chair.goto(f"/sittings/{self.sitting.pk}/chair/")
        self.wait_online(chair)
        form = chair.locator("#present-choices form")
        form.get_by_label("Page", exact=True).fill("12")
        form.get_by_role("button", name="Present the page").click()

        expect(delegate.locator("#reader")).to_have_attribute(
            "data-rendered-page", "12", timeout=5000
        )
        expect(delegate.locator("#reader-text")).to_contain_text("Budget page 12")

        # Leaving: the chair moves on, the tablet stays where its reader is.
        delegate.locator("#presentation [data-follow-toggle]").click()
        chair.locator("#hall-console").get_by_role("button", name="Next page").click()
        expect(delegate.locator("#presentation")).to_have_attribute("data-page", "13")
        expect(delegate.locator("#reader")).to_have_attribute("data-rendered-page", "12")

    def test_the_hall_screens_draw_the_page_the_chair_presents(self):
        screen = self.tablet_for(self.screen)
        screen.goto(f"/sittings/{self.sitting.pk}/screen/")
        self.wait_online(screen)
        context = self.browser.new_context(base_url=self.live_server_url, service_workers="block")
        self.contexts.append(context)
        hall_pc = context.new_page()  # through a screen link: no login
        hall_pc.goto(f"/sittings/screen/{self.screen_token}/")
        self.wait_online(hall_pc)

        chair = self.tablet_for(self.chair)
        chair.goto(f"/sittings/{self.sitting.pk}/chair/")
        self.wait_online(chair)
        form = chair.locator("#present-choices form")
        form.get_by_label("Page", exact=True).fill("3")
        form.get_by_role("button", name="Present the page").click()

        for page in (screen, hall_pc):
            drawn = page.locator("#screen-main .screen-document")
            expect(drawn).to_have_attribute("data-rendered-page", "3", timeout=10_000)
            # Ink on the sheet: the page's text, not an empty white canvas.
            assert page.locator("canvas.screen-document-page").evaluate(INKED) > 100

        chair.locator("#hall-console").get_by_role("button", name="Next page").click()
        expect(screen.locator("#screen-main .screen-document")).to_have_attribute(
            "data-rendered-page", "4", timeout=10_000
        )


# Counts the canvas's dark pixels (page text), in the page's own script context.
INKED = """canvas => {
  const { data } = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height);
  let dark = 0;
  for (let i = 0; i < data.length; i += 4) if (data[i] < 128 && data[i + 3] > 0) dark += 1;
  return dark;
}"""
