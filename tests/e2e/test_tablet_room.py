"""The delegate's room on a touch tablet (issue 18, point 7): the current item and its
documents first, their own place in the speakers' queue, and "my notes"."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from playwright.sync_api import expect

from annotations.models import Annotation
from council.models import Council, Role
from documents import services as documents
from documents.models import DocumentVersion
from sessions import speakers
from sessions.models import AgendaItem, SittingState
from tests import pdf_corpus as corpus
from tests.conftest import make_member, make_sitting
from tests.e2e.journey import BrowserJourney
from tests.e2e.test_tablet_reader import LANDSCAPE, PORTRAIT, shoot


class TabletRoomJourney(BrowserJourney):
    def setUp(self):
        council = Council.objects.create(name="HĐND Thử nghiệm", total_delegates=95)
        self.delegate = make_member(council, "delegate", Role.DELEGATE, language="en")
        self.other = make_member(council, "other", Role.DELEGATE, language="en")
        secretariat = make_member(council, "secretariat", Role.SECRETARIAT)
        self.sitting = make_sitting(council, state=SittingState.IN_PROGRESS)
        first = AgendaItem.objects.create(sitting=self.sitting, position=1, title="Khai mạc")
        budget = AgendaItem.objects.create(sitting=self.sitting, position=2, title="Ngân sách")
        self.sitting.current_item = budget
        self.sitting.save()
        self.versions = {}
        for item, title in ((first, "Chương trình kỳ họp"), (budget, "Dự toán ngân sách 2027")):
            document = documents.upload_document(
                secretariat,
                self.sitting,
                title=title,
                upload=SimpleUploadedFile("d.pdf", corpus.valid_pdf(5)),
                agenda_item_id=item.pk,
            )
            documents.publish_document(secretariat, document)
            self.versions[title] = document.versions.get()
        Annotation.objects.create(
            version=self.versions["Dự toán ngân sách 2027"],
            page=3,
            author=self.delegate,
            kind="note",
            data={"x": 0.5, "y": 0.5, "text": "Hỏi về nguồn vốn đầu tư công"},
            colour="#d62828",
            client_updated_at=timezone.now() - datetime.timedelta(minutes=1),
        )
        Annotation.objects.create(  # someone else's, shared with everyone: not "my" note
            version=self.versions["Dự toán ngân sách 2027"],
            page=2,
            author=self.other,
            kind="note",
            data={"x": 0.5, "y": 0.5, "text": "Ghi chú của người khác"},
            colour="#d62828",
            visibility="sitting",
            client_updated_at=timezone.now(),
        )
        speakers.request_to_speak(self.other, self.sitting, kind="speech", seen_item_id=budget.pk)

    def tearDown(self):
        for version in DocumentVersion.objects.all():
            documents.media_path(version.file.name).unlink(missing_ok=True)

    def room(self, viewport):
        page = self.tablet_for(self.delegate)
        page.set_viewport_size(viewport)
        page.goto(f"/sittings/{self.sitting.pk}/")
        self.wait_online(page)
        return page

    def test_the_current_items_documents_come_first(self):
        for name, viewport in (("portrait", PORTRAIT), ("landscape", LANDSCAPE)):
            page = self.room(viewport)
            first_group = page.locator("#documents .documents-group").first
            expect(first_group).to_contain_text("Dự toán ngân sách 2027")
            expect(first_group).to_have_class("documents-group is-current")
            documents_top = page.locator("#documents").bounding_box()["y"]
            agenda_top = page.locator("#agenda").bounding_box()["y"]
            if name == "portrait":  # one column: the documents above the agenda
                assert documents_top < agenda_top
            shoot(page, f"delegate-room-current-{name}")

    def test_the_delegate_sees_their_place_in_the_speakers_queue(self):
        page = self.room(PORTRAIT)
        page.get_by_role("button", name="Ask to speak").click()
        expect(page.locator("[data-speaker-you]")).to_have_text("You are number 2 on the list.")
        expect(page.locator("[data-speaker-you]")).to_be_visible()

    def test_my_notes_gathers_the_delegates_own_annotations_and_opens_them(self):
        page = self.room(PORTRAIT)
        page.get_by_role("link", name="My notes").click()
        notes = page.locator(".my-note")
        expect(notes).to_have_count(1)
        expect(notes.first).to_contain_text("Hỏi về nguồn vốn đầu tư công")
        expect(page.get_by_text("Ghi chú của người khác")).to_have_count(0)
        shoot(page, "delegate-my-notes-portrait")
        notes.first.click()
        expect(page.locator("#reader")).to_have_attribute("data-rendered-page", "3")
