"""After the question, in a browser: the secretariat records the answer with a promise, makes
it a task in one step ("Giao việc"); the task exists for the official's agency with its
reminder schedule, its officer sees it, and the next sitting's hall screen lists the promise
in its follow-up review, live."""

import datetime

from django.utils import timezone
from playwright.sync_api import expect

from council.models import Council, Role
from followup.models import Agency, AgencyMembership, ReviewItem, Task, TaskStatus
from questioning.models import Official, Promise, Question, QuestionGroup, QuestionState
from sessions.models import AgendaItem, SittingState
from tests.conftest import make_member, make_sitting
from tests.e2e.journey import BrowserJourney

LIVE = 3000  # ms, with room for a loaded machine


class PromiseJourney(BrowserJourney):
    def setUp(self):
        self.council = Council.objects.create(name="HĐND Thử nghiệm", total_delegates=95)
        self.secretariat = make_member(self.council, "thuky", Role.SECRETARIAT)
        self.delegate = make_member(self.council, "daibieu31", Role.DELEGATE)
        self.screen = make_member(self.council, "screen", Role.SCREEN)
        self.agency = Agency.objects.create(
            council=self.council, name="Sở Xây dựng", short_name="Sở XD"
        )
        self.officer = make_member(self.council, "soxd", Role.AGENCY)
        AgencyMembership.objects.create(member=self.officer, agency=self.agency)
        # Sitting 14 is under way, its questioning done; sitting 15 reviews it.
        self.sitting = make_sitting(self.council, state=SittingState.IN_PROGRESS, number=14)
        official = Official.objects.create(
            sitting=self.sitting,
            name="Võ Thanh Hải",
            office="Giám đốc Sở Xây dựng",
            agency=self.agency,
        )
        group = QuestionGroup.objects.create(
            sitting=self.sitting, official=official, topic="Chống ngập"
        )
        self.question = Question.objects.create(
            sitting=self.sitting,
            official=official,
            author=self.delegate,
            group=group,
            text="Vì sao dự án chống ngập chậm 18 tháng?",
            state=QuestionState.ASKED,
            registered_at=timezone.now(),
        )
        self.next_sitting = make_sitting(self.council, state=SittingState.IN_PROGRESS, number=15)
        review = AgendaItem.objects.create(
            sitting=self.next_sitting, position=1, title="Giám sát thực hiện kết luận"
        )
        ReviewItem.objects.create(item=review)
        self.next_sitting.current_item = review
        self.next_sitting.save()

    def test_an_answer_with_a_promise_becomes_the_agencys_task_with_reminders(self):
        hall = self.tablet_for(self.screen)
        hall.goto(f"/sittings/{self.next_sitting.pk}/screen/")
        self.wait_online(hall)

        page = self.tablet_for(self.secretariat)
        page.goto(f"/sittings/{self.sitting.pk}/questioning/record/")
        expect(page.locator("h1")).to_contain_text("Hồ sơ chất vấn")
        form = page.locator(".qr-answer-form")
        form.locator("textarea[name=gist]").fill(
            "Vướng mặt bằng tại 3 phường; Sở đã chấm dứt hợp đồng với nhà thầu chậm."
        )
        due = timezone.localdate() + datetime.timedelta(days=30)
        form.locator("textarea[name=promise_text]").fill(
            "Tái khởi công dự án chống ngập khu trung tâm"
        )
        form.locator("input[name=promise_due]").fill(due.isoformat())
        form.get_by_role("button", name="Lưu trả lời").click()
        expect(page.locator(".flash, .messages")).to_contain_text("Đã ghi nội dung trả lời.")
        row = page.locator(f"#question-{self.question.pk}")
        expect(row).to_contain_text("Người trả lời: Võ Thanh Hải, Giám đốc Sở Xây dựng")
        expect(row).to_contain_text("Chưa giao việc")
        # The next sitting's hall screen lists the promise at once.
        expect(hall.locator("#screen-followup")).to_contain_text(
            "Tái khởi công dự án chống ngập khu trung tâm", timeout=LIVE
        )

        # Giao việc: one step.
        row.get_by_role("button", name="Giao việc").click()
        expect(page.locator(".flash, .messages")).to_contain_text(
            f"Lời hứa đã được giao thành nhiệm vụ cho Sở Xây dựng, hạn {due:%d/%m/%Y}."
        )
        expect(row).to_contain_text("Đã giao")
        task = Task.objects.get()
        assert Promise.objects.get().task == task
        assert (task.agency, task.deadline, task.status) == (
            self.agency,
            due,
            TaskStatus.ASSIGNED,
        )
        expect(hall.locator("#screen-followup")).to_contain_text("Đã giao", timeout=LIVE)

        # The agency's officer has it, with its reminders up to the deadline.
        agency_page = self.tablet_for(self.officer)
        agency_page.goto("/")
        agency_page.get_by_role("link", name="Lời hứa: Tái khởi công dự án chống ngập").click()
        reminders = agency_page.locator("#task-reminders li")
        expect(reminders.last).to_contain_text(f"{due:%d/%m/%Y}: ngày đến hạn")
        expect(agency_page.locator("#task-reminders")).to_contain_text("trước hạn 7 ngày làm việc")
