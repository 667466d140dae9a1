"""The follow-up journey: the chair records a conclusion and assigns it; the agency's open page
shows the task live; the agency acknowledges and reports with a PDF; the secretariat accepts;
the dashboard and the hall screen's follow-up review follow live."""

import datetime

from django.utils import timezone
from playwright.sync_api import expect

from council.models import Council, Role
from followup.models import Agency, AgencyMembership, ReviewItem, Task, TaskStatus
from sessions.models import AgendaItem, SittingState
from tests import pdf_corpus
from tests.conftest import make_member, make_sitting
from tests.e2e.journey import BrowserJourney

LIVE = 1500  # ms: "within a second", with room for a loaded CI machine


class FollowupJourney(BrowserJourney):
    def setUp(self):
        self.council = Council.objects.create(name="HĐND Thử nghiệm", total_delegates=95)
        self.chair = make_member(self.council, "chair", Role.CHAIR)
        self.secretariat = make_member(self.council, "secretariat", Role.SECRETARIAT)
        self.screen = make_member(self.council, "screen", Role.SCREEN)
        self.officer = make_member(self.council, "sokhdt", Role.AGENCY)
        self.agency = Agency.objects.create(
            council=self.council, name="Sở Kế hoạch và Đầu tư", short_name="Sở KH&ĐT"
        )
        AgencyMembership.objects.create(member=self.officer, agency=self.agency)
        # Sitting 14 is under way; sitting 15's hall screen shows its follow-up review.
        self.sitting = make_sitting(self.council, state=SittingState.IN_PROGRESS, number=14)
        self.item = AgendaItem.objects.create(
            sitting=self.sitting, position=1, title="Báo cáo giải ngân đầu tư công"
        )
        self.sitting.current_item = self.item
        self.sitting.save()
        self.next_sitting = make_sitting(self.council, state=SittingState.PUBLISHED, number=15)
        review = AgendaItem.objects.create(
            sitting=self.next_sitting, position=1, title="Giám sát thực hiện kết luận"
        )
        ReviewItem.objects.create(item=review)
        self.next_sitting.current_item = review
        self.next_sitting.save()

    def test_a_conclusion_becomes_a_task_that_is_reported_and_accepted_live(self):
        agency_page = self.tablet_for(self.officer)
        agency_page.goto("/")
        expect(agency_page.locator("h1")).to_have_text("Việc được giao")
        expect(agency_page.locator("#connection")).to_have_attribute("data-state", "online")
        dashboard = self.tablet_for(self.secretariat)
        dashboard.goto("/followup/dashboard/")
        expect(dashboard.locator("#connection")).to_have_attribute("data-state", "online")
        hall = self.tablet_for(self.screen)
        hall.goto(f"/sittings/{self.next_sitting.pk}/screen/")
        self.wait_online(hall)

        # The chair records the conclusion from the console, on the current item.
        chair = self.tablet_for(self.chair)
        chair.goto(f"/sittings/{self.sitting.pk}/chair/")
        self.wait_online(chair)
        chair.locator(".fu-record textarea[name=text]").fill(
            "Giao Sở Kế hoạch và Đầu tư báo cáo tiến độ giải ngân từng dự án."
        )
        chair.locator(".fu-record").get_by_role("button", name="Ghi").click()
        conclusions = chair.locator("#followup-conclusions")
        expect(conclusions).to_contain_text("Kết luận 1", timeout=LIVE)
        expect(chair.locator(".fu-record textarea[name=text]")).to_have_value("")

        # ... and assigns it.
        conclusions.get_by_role("link", name="Nhiệm vụ →").click()
        deadline = timezone.localdate() + datetime.timedelta(days=14)
        chair.locator("select[name=agency]").select_option(str(self.agency.pk))
        chair.locator("input[name=title]").fill("Báo cáo tiến độ giải ngân")
        chair.locator("input[name=deadline]").fill(deadline.isoformat())
        chair.get_by_role("button", name="Giao việc").click()
        expect(chair.locator(".fu-tasks")).to_contain_text("Báo cáo tiến độ giải ngân")

        # The agency's open page shows it, without a reload.
        row = agency_page.locator("#task-list tr", has_text="Báo cáo tiến độ giải ngân")
        expect(row).to_be_visible(timeout=LIVE)
        expect(hall.locator("#screen-followup")).to_contain_text("Đã giao: 1", timeout=LIVE)

        # The agency acknowledges and reports with a PDF.
        row.get_by_role("link").click()
        agency_page.get_by_role("button", name="Xác nhận đã nhận").click()
        expect(agency_page.locator("#task-status")).to_have_text("Đã nhận")
        agency_page.locator("textarea[name=text]").fill(
            "Đã giải ngân 96% kế hoạch; chi tiết kèm theo."
        )
        agency_page.locator("input[name=files]").set_input_files(
            {
                "name": "bao-cao.pdf",
                "mimeType": "application/pdf",
                "buffer": pdf_corpus.valid_pdf(2),
            }
        )
        agency_page.get_by_role("button", name="Gửi báo cáo").click()
        expect(agency_page.locator("#task-status")).to_have_text("Đã báo cáo")
        expect(agency_page.get_by_role("link", name="bao-cao.pdf")).to_be_visible()

        expect(dashboard.locator('[data-status="reported"]')).to_have_text("1", timeout=LIVE)
        expect(hall.locator("#screen-followup")).to_contain_text("Đã báo cáo: 1", timeout=LIVE)

        # The secretariat accepts.
        task = Task.objects.get()
        accepting = dashboard.context.new_page()
        accepting.goto(f"/followup/tasks/{task.pk}/")
        accepting.get_by_role("button", name="Xác nhận hoàn thành").click()
        expect(accepting.locator("#task-status")).to_have_text("Hoàn thành")

        expect(dashboard.locator('[data-status="done"]')).to_have_text("1", timeout=LIVE)
        expect(dashboard.locator('[data-status="reported"]')).to_have_text("0")
        expect(hall.locator("#screen-followup")).to_contain_text("Hoàn thành: 1", timeout=LIVE)
        expect(agency_page.locator("#task-status")).to_have_text("Hoàn thành", timeout=LIVE)
        task.refresh_from_db()
        assert task.status == TaskStatus.DONE and task.reports.get().attachments.count() == 1
