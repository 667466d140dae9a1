from django.core.files.uploadedfile import SimpleUploadedFile
from playwright.sync_api import expect

from council.models import Council, Role
from documents import services
from documents.models import DocumentVersion
from sessions.models import AgendaItem, SittingState
from tests import pdf_corpus as corpus
from tests.conftest import make_member, make_sitting
from tests.e2e.journey import BrowserJourney


class DocumentsJourney(BrowserJourney):
    def setUp(self):
        self.council = Council.objects.create(name="HĐND Thử nghiệm", total_delegates=95)
        self.secretariat = make_member(self.council, "secretariat", Role.SECRETARIAT, language="en")
        self.delegate = make_member(self.council, "delegate", Role.DELEGATE, language="en")
        self.sitting = make_sitting(self.council, state=SittingState.PUBLISHED)
        item = AgendaItem.objects.create(sitting=self.sitting, position=1, title="Ngân sách 2027")
        texts = [f"Budget page {n}" for n in range(1, 251)]
        self.document = services.upload_document(
            self.secretariat,
            self.sitting,
            title="Budget estimate 2027",
            upload=SimpleUploadedFile("budget.pdf", corpus.valid_pdf(250, texts=texts)),
            agenda_item_id=item.pk,
        )

    def tearDown(self):
        # The live server shares the real MEDIA_ROOT: remove what this test stored there.
        for version in DocumentVersion.objects.all():
            services.media_path(version.file.name).unlink(missing_ok=True)

    def test_a_published_document_appears_on_an_open_tablet_and_opens_at_page_200(self):
        delegate = self.tablet_for(self.delegate)
        delegate.goto(f"/sittings/{self.sitting.pk}/")
        self.wait_online(delegate)
        delegate.evaluate("window.__sameDocument = true")
        expect(delegate.locator("#documents")).not_to_contain_text("Budget estimate 2027")

        secretariat = self.tablet_for(self.secretariat)
        secretariat.goto(f"/sittings/{self.sitting.pk}/manage/")
        secretariat.locator(f"#document-{self.document.pk}").get_by_role(
            "button", name="Publish", exact=True
        ).click()

        link = delegate.locator("#documents a", has_text="Budget estimate 2027")
        expect(link).to_be_visible(timeout=2000)
        assert delegate.evaluate("window.__sameDocument") is True
        expect(delegate.locator('#documents [data-badge="new"]')).to_be_visible()

        link.click()
        expect(delegate.locator("#reader")).to_have_attribute("data-rendered-page", "1")
        expect(delegate.locator("#reader-page-count")).to_have_text("Page 1 of 250")
        delegate.fill("#reader-page-input", "200")
        delegate.press("#reader-page-input", "Enter")
        expect(delegate.locator("#reader")).to_have_attribute(
            "data-rendered-page", "200", timeout=5000
        )
        expect(delegate.locator("#reader-text")).to_contain_text("Budget page 200")

        # It opens where the delegate left it.
        delegate.reload()
        expect(delegate.locator("#reader")).to_have_attribute("data-rendered-page", "200")

    def test_with_the_network_off_the_delegate_still_reads_a_published_document(self):
        services.publish_document(self.secretariat, self.document)
        version = self.document.versions.get()
        context = self.browser.new_context(
            base_url=self.live_server_url,
            viewport={"width": 1280, "height": 800},
            service_workers="allow",
        )
        self.contexts.append(context)
        context.add_cookies(
            [
                {
                    "name": "sessionid",
                    "value": self.session_of(self.delegate),
                    "url": self.live_server_url,
                }
            ]
        )
        page = context.new_page()
        page.goto(f"/sittings/{self.sitting.pk}/")
        self.wait_online(page)
        # documents.js asks the service worker to keep the file once it controls the page.
        expect(page.locator("#documents-offline")).to_have_text(
            "Available offline: 1 of 1", timeout=15_000
        )
        page.goto(f"/documents/sittings/{self.sitting.pk}/reader/#v={version.pk}")
        expect(page.locator("#reader")).to_have_attribute("data-rendered-page", "1")

        context.set_offline(True)
        page.reload()
        expect(page.locator("#reader")).to_have_attribute("data-rendered-page", "1")
        page.fill("#reader-page-input", "200")
        page.press("#reader-page-input", "Enter")
        expect(page.locator("#reader")).to_have_attribute("data-rendered-page", "200")
        expect(page.locator("#reader-text")).to_contain_text("Budget page 200")

    @staticmethod
    def session_of(member):
        from django.test import Client

        client = Client()
        client.force_login(member.user)
        return client.cookies["sessionid"].value
