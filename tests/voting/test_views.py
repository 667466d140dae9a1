import csv
import datetime
import io
import uuid

import pytest
from django.urls import reverse

from tests.conftest import client_for, make_member
from tests.sealing import seal
from tests.voting.conftest import cast, open_motion, option, present, vote
from voting import services
from voting.models import Attendance, AttendanceStatus, Ballot, Poll, PollKind, PollState

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def test_the_room_chair_and_screen_show_the_voting_regions(live_sitting, delegate, chair, screen):
    room = (
        client_for(delegate).get(reverse("sessions:room", args=[live_sitting.pk])).content.decode()
    )
    for marker in (
        'id="attendance"',
        'id="poll-ballot"',
        'id="poll-tally"',
        'id="my-vote"',
        'id="my-attendance"',
    ):
        assert marker in room
    console = (
        client_for(chair).get(reverse("sessions:chair", args=[live_sitting.pk])).content.decode()
    )
    for marker in ('id="poll-controls"', 'id="poll-tally"', 'name="kind"'):
        assert marker in console
    hall = (
        client_for(screen).get(reverse("sessions:screen", args=[live_sitting.pk])).content.decode()
    )
    assert 'id="screen-tally"' in hall


def test_a_delegate_checks_in_and_out_over_htmx(live_sitting, delegate):
    client = client_for(delegate)
    response = client.post(reverse("voting:check_in", args=[live_sitting.pk]), headers=HTMX)
    assert response.status_code == 200
    assert 'data-status="present"' in response.content.decode()
    response = client.post(reverse("voting:check_out", args=[live_sitting.pk]), headers=HTMX)
    assert 'data-status="absent"' in response.content.decode()


def test_the_secretariat_marks_a_delegate_excused(live_sitting, secretariat, delegate):
    response = client_for(secretariat).post(
        reverse("voting:mark", args=[live_sitting.pk]),
        {"member": delegate.pk, "status": "excused"},
        headers=HTMX,
    )
    assert response.status_code == 204
    assert Attendance.objects.get(member=delegate).status == AttendanceStatus.EXCUSED


def test_a_delegate_cannot_mark_anyone(live_sitting, delegate, chair):
    response = client_for(delegate).post(
        reverse("voting:mark", args=[live_sitting.pk]),
        {"member": chair.pk, "status": "present"},
        headers=HTMX,
    )
    assert response.status_code == 403
    assert not Attendance.objects.exists()


def test_the_chair_prepares_a_motion_on_the_current_item(live_sitting, chair):
    response = client_for(chair).post(
        reverse("voting:create", args=[live_sitting.pk]),
        {
            "kind": "motion",
            "title": "Thông qua nghị quyết",
            "item": "current",
            "rule": "default",
            "require_presence": "on",
        },
        headers=HTMX,
    )
    assert response.status_code == 204
    poll = Poll.objects.get()
    assert poll.item == live_sitting.current_item
    assert poll.require_presence and not poll.secret


def test_the_chair_prepares_an_election_which_is_secret_whatever_the_form_says(live_sitting, chair):
    client_for(chair).post(
        reverse("voting:create", args=[live_sitting.pk]),
        {
            "kind": "election",
            "title": "Bầu",
            "item": "",
            "rule": "total_half",
            "labels": "Nguyễn Văn An\nTrần Thị Bình\n",
            "seats": "1",
        },
        headers=HTMX,
    )
    poll = Poll.objects.get()
    assert poll.kind == PollKind.ELECTION and poll.secret
    assert list(poll.options.values_list("label", flat=True)) == ["Nguyễn Văn An", "Trần Thị Bình"]


def test_a_delegate_cannot_open_or_close_a_poll(live_sitting, chair, delegate):
    poll = services.create_poll(chair, live_sitting, services.PollSpec(kind="motion", title="M"))
    client = client_for(delegate)
    assert client.post(reverse("voting:open", args=[poll.pk]), headers=HTMX).status_code == 404
    assert client.post(reverse("voting:close", args=[poll.pk]), headers=HTMX).status_code == 404


def test_an_outsider_finds_no_poll(live_sitting, chair, outsider):
    poll = open_motion(chair, live_sitting)
    client = client_for(outsider)
    assert client.post(reverse("voting:cast", args=[poll.pk]), {"choice": 1}).status_code == 404
    assert client.get(reverse("voting:my_vote", args=[live_sitting.pk])).status_code == 404


def test_the_chair_opens_with_a_countdown_and_closes(live_sitting, chair):
    poll = services.create_poll(chair, live_sitting, services.PollSpec(kind="motion", title="M"))
    client = client_for(chair)
    assert (
        client.post(
            reverse("voting:open", args=[poll.pk]), {"countdown": "60"}, headers=HTMX
        ).status_code
        == 204
    )
    assert Poll.objects.get(pk=poll.pk).closes_at is not None
    assert client.post(reverse("voting:close", args=[poll.pk]), headers=HTMX).status_code == 204
    assert Poll.objects.get(pk=poll.pk).state == PollState.CLOSED


def test_casting_answers_with_the_confirmation(live_sitting, chair, council):
    voter = make_member(council, "voter", "delegate", language="en")
    present(live_sitting, voter)
    poll = open_motion(chair, live_sitting)
    response = client_for(voter).post(
        reverse("voting:cast", args=[poll.pk]),
        {"choice": option(poll, "yes").pk, "submission_id": str(uuid.uuid4())},
        headers=HTMX,
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-voted="true"' in html
    assert "Your vote has been recorded" in html
    assert "In favour" in html


def test_a_ballot_without_a_submission_id_is_refused_in_the_flash_region(
    live_sitting, chair, delegate
):
    present(live_sitting, delegate)
    poll = open_motion(chair, live_sitting)
    response = client_for(delegate).post(
        reverse("voting:cast", args=[poll.pk]), {"choice": option(poll, "yes").pk}, headers=HTMX
    )
    assert response.status_code == 409
    assert response["HX-Retarget"] == "#flash"
    assert not Ballot.objects.exists()


def test_a_late_ballot_is_refused_with_a_message(live_sitting, chair, council):
    voter = make_member(council, "late", "delegate", language="en")
    present(live_sitting, voter)
    poll = open_motion(chair, live_sitting)
    services.close_poll(chair, poll)
    response = client_for(voter).post(
        reverse("voting:cast", args=[poll.pk]),
        {"choice": option(poll, "yes").pk, "submission_id": str(uuid.uuid4())},
        headers=HTMX,
    )
    assert response.status_code == 409
    assert "This vote is closed: your ballot was not counted." in response.content.decode()


@pytest.fixture
def closed_poll(live_sitting, chair, delegate, council):
    council.total_delegates = 3
    council.save()
    present(live_sitting, chair, delegate)
    poll = open_motion(chair, live_sitting)
    vote(chair, poll, "yes")
    vote(delegate, poll, "no")
    return services.close_poll(chair, poll)


def test_a_result_exports_as_csv(closed_poll, chair):
    chair.language = "en"
    chair.save()
    response = client_for(chair).get(reverse("voting:result_csv", args=[closed_poll.pk]))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert ["Ballots cast", "2"] in rows
    assert ["In favour", "1", "33.3 %"] in rows
    assert ["Result", "2 of 3 needed, 1 in favour: not passed"] in rows


def test_the_csv_writes_times_as_the_council_reads_them(closed_poll, chair):
    # 17:30 UTC is 00:30 the next day in Hồ Chí Minh City: the date turns too.
    closed_at = datetime.datetime(2026, 3, 9, 17, 30, 59, tzinfo=datetime.UTC)
    result = closed_poll.result | {
        "opened_at": datetime.datetime(2026, 3, 9, 2, 5, tzinfo=datetime.UTC).isoformat(),
        "closed_at": closed_at.isoformat(),
    }
    Poll.objects.filter(pk=closed_poll.pk).update(result=result)
    response = client_for(chair).get(reverse("voting:result_csv", args=[closed_poll.pk]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[3][1] == "09/03/2026 09:05"
    assert rows[4][1] == "10/03/2026 00:30"


def test_a_result_prints_with_the_named_record(closed_poll, delegate):
    html = (
        client_for(delegate).get(reverse("voting:result", args=[closed_poll.pk])).content.decode()
    )
    assert closed_poll.title in html
    assert "Chair" in html and "Delegate" in html


def test_the_sitting_results_are_one_document(closed_poll, chair, live_sitting):
    second = open_motion(chair, live_sitting, title="Nghị quyết thứ hai")
    services.close_poll(chair, second)
    html = (
        client_for(chair)
        .get(reverse("voting:sitting_results", args=[live_sitting.pk]))
        .content.decode()
    )
    assert closed_poll.title in html and "Nghị quyết thứ hai" in html


def test_an_open_poll_has_no_result_to_export(live_sitting, chair):
    poll = open_motion(chair, live_sitting)
    assert client_for(chair).get(reverse("voting:result_csv", args=[poll.pk])).status_code == 404


def _post_ballot(member, poll, data, submission_id=None):
    return client_for(member).post(
        reverse("voting:cast", args=[poll.pk]),
        {**data, "submission_id": str(submission_id or uuid.uuid4())},
        headers=HTMX,
    )


def test_a_retried_request_gets_the_same_confirmation(live_sitting, chair, delegate):
    present(live_sitting, delegate)
    poll = open_motion(chair, live_sitting)
    submission_id = uuid.uuid4()
    data = {"choice": option(poll, "yes").pk}
    first = _post_ballot(delegate, poll, data, submission_id)
    again = _post_ballot(delegate, poll, data, submission_id)
    assert first.status_code == again.status_code == 200
    assert first.content == again.content
    assert Ballot.objects.filter(poll=poll).count() == 1


def test_an_election_ballot_arrives_sealed_and_counts_at_the_close(live_sitting, chair, delegate):
    present(live_sitting, delegate)
    poll = services.create_poll(
        chair,
        live_sitting,
        services.PollSpec(
            kind=PollKind.ELECTION, title="Bầu", secret=True, labels=["A", "B", "C"], seats=2
        ),
    )
    poll = services.open_poll(chair, poll)
    a, _b, c = poll.options.all()
    ciphertext, _token = seal(poll, {a.pk: "x", c.pk: "x"})
    assert _post_ballot(delegate, poll, {"sealed": ciphertext}).status_code == 200
    assert not Ballot.objects.filter(poll=poll).exists()
    services.close_poll(chair, poll)
    assert Ballot.objects.get(poll=poll).choices == {str(a.pk): "x", str(c.pk): "x"}


def test_a_confidence_ballot_arrives_sealed_and_counts_at_the_close(live_sitting, chair, delegate):
    present(live_sitting, delegate)
    poll = services.create_poll(
        chair,
        live_sitting,
        services.PollSpec(kind=PollKind.CONFIDENCE, title="TN", secret=True, labels=["A", "B"]),
    )
    poll = services.open_poll(chair, poll)
    a, b = poll.options.all()
    ciphertext, _token = seal(poll, {a.pk: "high", b.pk: "low"})
    assert _post_ballot(delegate, poll, {"sealed": ciphertext}).status_code == 200
    services.close_poll(chair, poll)
    assert Ballot.objects.get(poll=poll).choices == {str(a.pk): "high", str(b.pk): "low"}


def test_the_own_panel_of_a_secret_voter_does_not_repeat_the_choice(live_sitting, chair, council):
    voter = make_member(council, "secretvoter", "delegate", language="en")
    present(live_sitting, voter)
    poll = open_motion(chair, live_sitting, secret=True)
    ciphertext, _token = seal(poll, {option(poll, "no").pk: "x"})
    html = _post_ballot(voter, poll, {"sealed": ciphertext}).content.decode()
    assert "Your vote has been recorded" in html
    assert "Against" not in html and "Your choice" not in html


def test_the_tally_version_keeps_growing_from_one_poll_to_the_next(live_sitting, chair, delegate):
    import re

    from sessions.regions import render_regions

    def version():
        html = render_regions(live_sitting, ["screen-tally"], "en")["screen-tally"]
        return int(re.search(r'data-version="(\d+)"', html).group(1))

    present(live_sitting, delegate)
    first = open_motion(chair, live_sitting)
    vote(delegate, first, "yes")
    services.close_poll(chair, first)
    after_first = version()
    # The next poll starts its own life, yet the screen must never take it for older news.
    services.open_poll(
        chair,
        Poll.objects.create(
            sitting=live_sitting,
            kind="motion",
            title="Earlier draft",
            rule_base="total",
            rule_numerator=1,
            rule_denominator=2,
            rule_comparison="more_than",
            created_by=chair,
        ),
    )
    assert version() > after_first


def test_every_kind_of_result_prints_and_exports(live_sitting, chair, delegate, council):
    council.total_delegates = 3
    council.save()
    present(live_sitting, chair, delegate)
    polls = []
    for kind, labels in ((PollKind.ELECTION, ["An", "Bình"]), (PollKind.CONFIDENCE, ["Ông A"])):
        poll = services.create_poll(
            chair,
            live_sitting,
            services.PollSpec(kind=kind, title=f"{kind} poll", secret=True, labels=labels),
        )
        services.open_poll(chair, poll)
        first = poll.options.first()
        mark = "x" if kind == PollKind.ELECTION else "low"
        for member in (chair, delegate):
            cast(member, poll, {first.pk: mark})
        polls.append(services.close_poll(chair, poll))
    client = client_for(chair)
    html = client.get(reverse("voting:sitting_results", args=[live_sitting.pk])).content.decode()
    assert "election poll" in html and "confidence poll" in html
    assert "Ông A" in html and "An ✓" in html
    for poll in polls:
        response = client.get(reverse("voting:result_csv", args=[poll.pk]))
        assert response.status_code == 200
        assert len(list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))) > 10
