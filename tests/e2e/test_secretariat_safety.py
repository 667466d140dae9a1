"""The secretariat cannot slip (issue 18, point 14): a destructive action asks first and
names what disappears from the tablets; a withdrawn document can be republished."""

from django.core.files.uploadedfile import SimpleUploadedFile
from playwright.sync_api import expect

from council.models import Council, Role
from documents import services as documents
from documents.models import DocumentVersion
from sessions.models import AgendaItem, SittingState
from tests import pdf_corpus as corpus
from tests.conftest import make_member, make_sitting
from tests.e2e.journey import BrowserJourney
from tests.e2e.test_tablet_reader import shoot

TITLE = "Tờ trình về dự toán ngân sách 2027"


class SecretariatSafetyJourney(BrowserJourney):
    def setUp(self):
        council = Council.objects.create(name="HĐND Thử nghiệm", total_delegates=95)
        self.secretariat = make_member(council, "secretariat", Role.SECRETARIAT, language="en")
        self.sitting = make_sitting(council, state=SittingState.PUBLISHED)
        item = AgendaItem.objects.create(sitting=self.sitting, position=1, title="Ngân sách")
        document = documents.upload_document(
            self.secretariat,
            self.sitting,
            title=TITLE,
            upload=SimpleUploadedFile("d.pdf", corpus.valid_pdf(2)),
            agenda_item_id=item.pk,
        )
        documents.publish_document(self.secretariat, document)
        self.document = document

    def tearDown(self):
        for version in DocumentVersion.objects.all():
            documents.media_path(version.file.name).unlink(missing_ok=True)

    def test_withdrawing_asks_naming_the_document_and_can_be_undone(self):
        page = self.tablet_for(self.secretariat)
        page.goto(f"/sittings/{self.sitting.pk}/manage/")
        shoot(page, "secretariat-manage-landscape")
        asked: list[str] = []
        answer = {"accept": False}

        def on_dialog(dialog):
            asked.append(dialog.message)
            dialog.accept() if answer["accept"] else dialog.dismiss()

        page.on("dialog", on_dialog)
        card = page.locator(f"#document-{self.document.pk}")
        card.get_by_role("button", name="Withdraw").click()
        assert len(asked) == 1 and TITLE in asked[0] and "every tablet" in asked[0], asked
        self.document.refresh_from_db()
        assert not self.document.withdrawn  # "Cancel" left it on the tablets

        answer["accept"] = True
        card.get_by_role("button", name="Withdraw").click()
        expect(card.locator(".badge", has_text="Withdrawn")).to_be_visible()
        card.get_by_role("button", name="Republish").click()
        expect(card.locator(".badge", has_text="Published")).to_be_visible()
        self.document.refresh_from_db()
        assert (self.document.withdrawn, self.document.published) == (False, True)
