"""Requests to speak, the speaking timer (server time), the hall screens and follow-me."""

import datetime
from contextlib import contextmanager
from unittest import mock

import pytest
from django.db import IntegrityError, transaction

from council.audit import AuditEntry
from council.models import Role
from sessions import hall, services, speakers
from sessions.errors import ActionRefused, NotAllowed, StaleState
from sessions.models import (
    HallDisplay,
    ScreenMode,
    SittingSettings,
    SpeakerKind,
    SpeakerRequest,
    SpeakerState,
)
from sessions.regions import render_regions
from sessions.speaker_events import screen_focus
from tests.conftest import client_for, make_member

T0 = datetime.datetime(2026, 12, 8, 8, 0, tzinfo=datetime.UTC)


@contextmanager
def at(moment: datetime.datetime):
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield


def later(seconds: float) -> datetime.datetime:
    return T0 + datetime.timedelta(seconds=seconds)


def published_version(
    sitting, *, pages=20, title="Báo cáo kinh tế - xã hội 2026", published=True, **document
):
    """A document of `sitting` with one version (no file needed for these tests)."""
    from documents.models import Document, DocumentVersion

    doc = Document.objects.create(sitting=sitting, title=title, published=published, **document)
    return DocumentVersion.objects.create(
        document=doc,
        number=1,
        file="documents/aa/test.pdf",
        sha256="a" * 64,
        size=1000,
        page_count=pages,
    )


@pytest.fixture
def other_delegate(council, group):
    return make_member(council, "other", Role.DELEGATE, group=group)


@pytest.fixture
def queue(live_sitting, delegate, other_delegate, chair):
    """Three delegates waiting on the first item, in the order they asked."""
    third = make_member(live_sitting.council, "third", Role.DELEGATE)
    return [speakers.request_to_speak(m, live_sitting) for m in (delegate, other_delegate, third)]


def waiting_names(sitting):
    return list(
        SpeakerRequest.objects.filter(
            item_id=sitting.current_item_id, state=SpeakerState.WAITING
        ).values_list("member__user__username", flat=True)
    )


# --- asking to speak ----------------------------------------------------------------------


def test_a_delegate_asks_to_speak_on_the_item_under_way(live_sitting, delegate):
    request = speakers.request_to_speak(delegate, live_sitting)
    assert request.item_id == live_sitting.current_item_id
    assert (request.state, request.kind, request.position) == ("waiting", "speech", 1)
    entry = AuditEntry.objects.get(action="sessions.speaker.requested")
    assert entry.actor == delegate and entry.object_id == str(request.pk)


def test_a_delegate_cannot_ask_twice_on_one_item(live_sitting, delegate):
    speakers.request_to_speak(delegate, live_sitting)
    with pytest.raises(ActionRefused):
        speakers.request_to_speak(delegate, live_sitting, kind=SpeakerKind.REPLY)
    assert SpeakerRequest.objects.count() == 1


def test_the_database_refuses_a_second_open_request_too(live_sitting, delegate):
    first = speakers.request_to_speak(delegate, live_sitting)
    with pytest.raises(IntegrityError), transaction.atomic():
        SpeakerRequest.objects.create(
            sitting=live_sitting, item=first.item, member=delegate, position=2
        )


def test_a_delegate_may_ask_again_after_withdrawing(live_sitting, delegate):
    first = speakers.request_to_speak(delegate, live_sitting)
    speakers.withdraw(delegate, live_sitting, first.pk)
    second = speakers.request_to_speak(delegate, live_sitting)
    assert second.pk != first.pk


def test_a_question_names_the_official(live_sitting, delegate):
    with pytest.raises(ActionRefused):
        speakers.request_to_speak(delegate, live_sitting, kind=SpeakerKind.QUESTION)
    request = speakers.request_to_speak(
        delegate, live_sitting, kind=SpeakerKind.QUESTION, addressee="  Giám đốc Sở Tài chính "
    )
    assert request.addressee == "Giám đốc Sở Tài chính"


def test_an_unknown_kind_is_refused(live_sitting, delegate):
    with pytest.raises(ActionRefused):
        speakers.request_to_speak(delegate, live_sitting, kind="filibuster")


def test_a_request_made_as_the_chair_moves_on_is_refused(live_sitting, delegate, chair):
    seen = live_sitting.current_item_id
    services.set_current_item(chair, live_sitting, live_sitting.items.last().pk)
    with pytest.raises(StaleState):
        speakers.request_to_speak(delegate, live_sitting, seen_item_id=seen)
    assert not SpeakerRequest.objects.exists()


def test_nobody_asks_to_speak_before_the_sitting_starts(sitting, delegate):
    with pytest.raises(ActionRefused):
        speakers.request_to_speak(delegate, sitting)


def test_a_screen_and_the_secretariat_do_not_ask_to_speak(live_sitting, screen, secretariat):
    for member in (screen, secretariat):
        with pytest.raises(NotAllowed):
            speakers.request_to_speak(member, live_sitting)


def test_a_member_of_another_council_cannot_ask(live_sitting, outsider):
    with pytest.raises(NotAllowed):
        speakers.request_to_speak(outsider, live_sitting)


def test_requests_are_filed_per_agenda_item(live_sitting, delegate, chair):
    first = speakers.request_to_speak(delegate, live_sitting)
    services.set_current_item(chair, live_sitting, live_sitting.items.last().pk)
    second = speakers.request_to_speak(delegate, live_sitting)
    assert first.item_id != second.item_id
    assert second.position == 1


# --- withdrawing and ordering ----------------------------------------------------------------


def test_a_delegate_withdraws_only_their_own_request(queue, live_sitting, other_delegate):
    with pytest.raises(NotAllowed):
        speakers.withdraw(other_delegate, live_sitting, queue[0].pk)
    speakers.withdraw(other_delegate, live_sitting, queue[1].pk)
    assert waiting_names(live_sitting) == ["delegate", "third"]


def test_the_chair_can_take_anyone_off_the_list(queue, live_sitting, chair):
    speakers.withdraw(chair, live_sitting, queue[2].pk)
    entry = AuditEntry.objects.get(action="sessions.speaker.withdrawn")
    assert entry.actor == chair and entry.data["by_chair"] is True


def test_a_withdrawn_request_cannot_be_withdrawn_or_given_the_floor(queue, live_sitting, chair):
    speakers.withdraw(chair, live_sitting, queue[0].pk)
    with pytest.raises(StaleState):
        speakers.withdraw(chair, live_sitting, queue[0].pk)
    with pytest.raises(StaleState):
        speakers.give_floor(chair, live_sitting, queue[0].pk)


def test_the_chair_reorders_the_queue(queue, live_sitting, chair):
    speakers.reorder(chair, live_sitting, queue[2].pk, -1)
    assert waiting_names(live_sitting) == ["delegate", "third", "other"]
    speakers.reorder(chair, live_sitting, queue[0].pk, 1)
    assert waiting_names(live_sitting) == ["third", "delegate", "other"]


def test_the_first_cannot_move_up_nor_the_last_down(queue, live_sitting, chair):
    with pytest.raises(ActionRefused):
        speakers.reorder(chair, live_sitting, queue[0].pk, -1)
    with pytest.raises(ActionRefused):
        speakers.reorder(chair, live_sitting, queue[2].pk, 1)


def test_only_the_chair_reorders_and_gives_the_floor(queue, live_sitting, delegate, secretariat):
    for member in (delegate, secretariat):
        with pytest.raises(NotAllowed):
            speakers.reorder(member, live_sitting, queue[1].pk, -1)
        with pytest.raises(NotAllowed):
            speakers.give_floor(member, live_sitting, queue[0].pk)


# --- the floor and the timer -----------------------------------------------------------------


def test_giving_the_floor_starts_the_timer_in_server_time(queue, live_sitting, chair):
    with at(T0):
        request = speakers.give_floor(chair, live_sitting, queue[0].pk)
    request.refresh_from_db()
    assert request.state == SpeakerState.SPEAKING
    assert request.started_at == T0
    assert request.allotted_seconds == 180
    assert request.ends_at_ms == int(T0.timestamp() * 1000) + 180_000


def test_the_sittings_speaking_time_applies_to_the_next_speaker(queue, live_sitting, chair):
    speakers.set_speech_seconds(chair, live_sitting, 300)
    request = speakers.give_floor(chair, live_sitting, queue[0].pk)
    assert request.allotted_seconds == 300
    assert SittingSettings.objects.get(sitting=live_sitting).speech_seconds == 300


def test_the_speaking_time_stays_within_reason(live_sitting, chair, delegate):
    for seconds in (0, 5, 3601):
        with pytest.raises(ActionRefused):
            speakers.set_speech_seconds(chair, live_sitting, seconds)
    with pytest.raises(NotAllowed):
        speakers.set_speech_seconds(delegate, live_sitting, 120)


def test_one_speaker_at_a_time(queue, live_sitting, chair):
    with at(T0):
        speakers.give_floor(chair, live_sitting, queue[0].pk)
    with at(later(95)):
        speakers.give_floor(chair, live_sitting, queue[1].pk)
    first = SpeakerRequest.objects.get(pk=queue[0].pk)
    assert (first.state, first.spoken_seconds, first.ended_at) == ("done", 95, later(95))
    assert SpeakerRequest.objects.filter(state=SpeakerState.SPEAKING).count() == 1


def test_a_stale_tap_cannot_cut_a_speaker_short(queue, live_sitting, chair):
    speakers.give_floor(chair, live_sitting, queue[0].pk, seen_speaker_id=None, check_seen=True)
    with pytest.raises(StaleState):
        # A second device that still showed nobody speaking.
        speakers.give_floor(chair, live_sitting, queue[1].pk, seen_speaker_id=None, check_seen=True)
    assert SpeakerRequest.objects.get(pk=queue[0].pk).state == SpeakerState.SPEAKING


def test_the_floor_goes_only_to_a_request_on_the_item_under_way(queue, live_sitting, chair):
    services.set_current_item(chair, live_sitting, live_sitting.items.last().pk)
    with pytest.raises(StaleState):
        speakers.give_floor(chair, live_sitting, queue[0].pk)


def test_pause_and_resume_keep_the_time_left(queue, live_sitting, chair):
    with at(T0):
        speakers.give_floor(chair, live_sitting, queue[0].pk)
    with at(later(30)):
        paused = speakers.pause_timer(chair, live_sitting, queue[0].pk)
    assert paused.ends_at_ms is None
    assert paused.remaining_ms_at_pause == 150_000
    with at(later(100)):
        resumed = speakers.resume_timer(chair, live_sitting, queue[0].pk)
    assert resumed.ends_at_ms == int(later(100 + 150).timestamp() * 1000)
    with at(later(130)):
        done = speakers.mark_done(chair, live_sitting, queue[0].pk)
    assert done.spoken_seconds == 60  # 30 s, a pause, then 30 s more


def test_a_paused_timer_cannot_be_paused_again(queue, live_sitting, chair):
    speakers.give_floor(chair, live_sitting, queue[0].pk)
    speakers.pause_timer(chair, live_sitting, queue[0].pk)
    with pytest.raises(StaleState):
        speakers.pause_timer(chair, live_sitting, queue[0].pk)


def test_stop_then_start_the_timer_again(queue, live_sitting, chair):
    with at(T0):
        speakers.give_floor(chair, live_sitting, queue[0].pk)
    with at(later(200)):
        stopped = speakers.stop_timer(chair, live_sitting, queue[0].pk)
    assert stopped.timer_stopped and stopped.ends_at_ms is None
    with pytest.raises(StaleState):
        speakers.resume_timer(chair, live_sitting, queue[0].pk)
    with at(later(210)):
        restarted = speakers.restart_timer(chair, live_sitting, queue[0].pk)
    assert restarted.ends_at_ms == int(later(210 + 180).timestamp() * 1000)
    with at(later(220)):
        done = speakers.mark_done(chair, live_sitting, queue[0].pk)
    assert done.spoken_seconds == 210  # every run counts in the record


def test_extra_time(queue, live_sitting, chair):
    with at(T0):
        speakers.give_floor(chair, live_sitting, queue[0].pk)
        extended = speakers.extend_timer(chair, live_sitting, queue[0].pk, 60)
    assert extended.ends_at_ms == int(later(240).timestamp() * 1000)


def test_timer_buttons_act_only_on_whoever_has_the_floor(queue, live_sitting, chair):
    speakers.give_floor(chair, live_sitting, queue[0].pk)
    for action in (speakers.pause_timer, speakers.stop_timer, speakers.mark_done):
        with pytest.raises(StaleState):
            action(chair, live_sitting, queue[1].pk)


def test_speakers_and_times_are_recorded_per_item(queue, live_sitting, chair):
    first_item = live_sitting.current_item_id
    with at(T0):
        speakers.give_floor(chair, live_sitting, queue[0].pk)
    with at(later(42)):
        speakers.mark_done(chair, live_sitting, queue[0].pk)
    record = SpeakerRequest.objects.filter(item_id=first_item, state=SpeakerState.DONE)
    assert list(record.values_list("member__user__username", "spoken_seconds")) == [
        ("delegate", 42)
    ]
    actions = list(
        AuditEntry.objects.filter(action__startswith="sessions.speaker.")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions[-2:] == ["sessions.speaker.floor_given", "sessions.speaker.done"]


def test_a_removed_item_keeps_who_spoke_on_it(queue, live_sitting, chair, secretariat):
    item = live_sitting.current_item
    speakers.give_floor(chair, live_sitting, queue[0].pk)
    speakers.mark_done(chair, live_sitting, queue[0].pk)
    services.set_current_item(chair, live_sitting, live_sitting.items.last().pk)
    services.remove_agenda_item(secretariat, live_sitting, item.pk)
    kept = SpeakerRequest.objects.get(pk=queue[0].pk)
    assert kept.item_id is None and kept.spoken_seconds is not None


# --- what the regions show -------------------------------------------------------------------


def test_the_delegate_list_marks_rows_by_member_not_by_viewer(queue, live_sitting, delegate):
    html = render_regions(live_sitting, ["speaker-current"], "en")["speaker-current"]
    assert f'data-member-id="{delegate.pk}" data-place="1"' in html
    # One render for every tablet: nothing in it depends on who looks.
    assert "is-me" not in html


def test_the_queue_follows_the_item_under_way(queue, live_sitting, chair):
    services.set_current_item(chair, live_sitting, live_sitting.items.last().pk)
    live_sitting.refresh_from_db()
    html = render_regions(live_sitting, ["speaker-queue"], "en")["speaker-queue"]
    assert "data-request-id" not in html


def test_the_running_timer_renders_its_server_end(queue, live_sitting, chair):
    with at(T0):
        speakers.give_floor(chair, live_sitting, queue[0].pk)
    ends_at = int(T0.timestamp() * 1000) + 180_000
    regions = render_regions(live_sitting, ["speaker-queue", "screen-main"], "en")
    for html in regions.values():
        assert f'data-ends-at="{ends_at}"' in html


# --- the hall screens --------------------------------------------------------------------------


def test_the_chair_puts_a_message_and_countdown_on_the_screens(live_sitting, chair):
    with at(T0):
        hall.show_message(chair, live_sitting, message="Nghỉ giải lao  15 phút", minutes=15)
    display = HallDisplay.objects.get(sitting=live_sitting)
    assert display.message == "Nghỉ giải lao 15 phút"
    assert display.countdown_ends_at == later(15 * 60)
    html = render_regions(live_sitting, ["screen-main"], "vi")["screen-main"]
    assert 'data-focus="message"' in html and "Nghỉ giải lao 15 phút" in html
    hall.clear_message(chair, live_sitting)
    html = render_regions(live_sitting, ["screen-main"], "vi")["screen-main"]
    assert 'data-focus="item"' in html


def test_an_empty_message_or_silly_countdown_is_refused(live_sitting, chair, delegate):
    for kwargs in ({}, {"message": "   "}, {"minutes": 0}, {"message": "x" * 201}):
        with pytest.raises(ActionRefused):
            hall.show_message(chair, live_sitting, **kwargs)
    with pytest.raises(NotAllowed):
        hall.show_message(delegate, live_sitting, message="Xin chào")


def test_the_screen_shows_what_happened_unless_the_chair_chose(live_sitting):
    display = HallDisplay(sitting=live_sitting)
    speaking = SpeakerRequest(state=SpeakerState.SPEAKING)
    assert screen_focus(display, None) == "item"
    assert screen_focus(display, speaking) == "speaker"
    display.presenting_version_id = 7
    assert screen_focus(display, speaking) == "document"
    display.message = "Nghỉ giải lao"
    assert screen_focus(display, speaking) == "message"
    display.mode = ScreenMode.SPEAKER
    assert screen_focus(display, speaking) == "speaker"
    # A chosen mode with nothing to show falls back to what there is.
    assert screen_focus(display, None) == "message"
    display.mode = ScreenMode.TALLY
    assert screen_focus(display, None) == "tally"


def test_the_screen_mode_is_the_chairs(live_sitting, chair, delegate):
    hall.set_screen_mode(chair, live_sitting, ScreenMode.ITEM)
    assert HallDisplay.objects.get(sitting=live_sitting).mode == "item"
    with pytest.raises(ActionRefused):
        hall.set_screen_mode(chair, live_sitting, "karaoke")
    with pytest.raises(NotAllowed):
        hall.set_screen_mode(delegate, live_sitting, ScreenMode.AUTO)


def test_the_screen_shows_the_speaker_and_the_next_ones(queue, live_sitting, chair):
    speakers.give_floor(chair, live_sitting, queue[0].pk)
    html = render_regions(live_sitting, ["screen-main"], "en")["screen-main"]
    assert 'data-focus="speaker"' in html
    assert "Delegate" in html and "Other" in html and "Third" in html
    assert "screen-footer" in html  # the item stays on the screen, smaller


# --- follow me ---------------------------------------------------------------------------------


def test_the_chair_presents_a_page(live_sitting, chair):
    version = published_version(live_sitting, pages=20)
    hall.present_page(chair, live_sitting, version.pk, 12)
    display = HallDisplay.objects.get(sitting=live_sitting)
    assert (display.presenting_version_id, display.presenting_page) == (version.pk, 12)
    assert AuditEntry.objects.filter(action="sessions.presentation.changed").exists()
    html = render_regions(live_sitting, ["presentation", "screen-main"], "en")
    assert f'href="/documents/v/{version.pk}/?page=12"' in html["presentation"]
    assert 'data-focus="document"' in html["screen-main"]


def test_only_this_sittings_published_documents_can_be_presented(
    live_sitting, chair, council, other_council
):
    import datetime as dt

    from sessions.models import Sitting

    other = Sitting.objects.create(
        council=other_council,
        number=1,
        title="Khác",
        starts_on=dt.date(2026, 1, 1),
        ends_on=dt.date(2026, 1, 1),
    )
    foreign = published_version(other)
    draft = published_version(live_sitting, title="Dự thảo")
    draft.document.published = False
    draft.document.save()
    for version_id in (foreign.pk, draft.pk, 999_999):
        with pytest.raises(ActionRefused):
            hall.present_page(chair, live_sitting, version_id, 1)


def test_a_page_outside_the_document_is_refused(live_sitting, chair):
    version = published_version(live_sitting, pages=20)
    for page in (0, 21):
        with pytest.raises(ActionRefused):
            hall.present_page(chair, live_sitting, version.pk, page)


def test_only_the_chair_presents(live_sitting, delegate, secretariat):
    version = published_version(live_sitting)
    for member in (delegate, secretariat):
        with pytest.raises(NotAllowed):
            hall.present_page(member, live_sitting, version.pk, 1)


def test_stop_presenting(live_sitting, chair):
    version = published_version(live_sitting)
    hall.present_page(chair, live_sitting, version.pk, 3)
    hall.stop_presenting(chair, live_sitting)
    display = HallDisplay.objects.get(sitting=live_sitting)
    assert display.presenting_version_id is None and display.presenting_page is None


# --- the views -------------------------------------------------------------------------------


def test_a_delegate_asks_and_withdraws_over_htmx(live_sitting, delegate):
    client = client_for(delegate)
    url = f"/sittings/{live_sitting.pk}/speakers/"
    response = client.post(
        url,
        {
            "kind": "question",
            "addressee": "Chánh Văn phòng",
            "seen_item": live_sitting.current_item_id,
        },
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 204
    request = SpeakerRequest.objects.get()
    assert (request.kind, request.addressee) == ("question", "Chánh Văn phòng")
    response = client.post(
        f"/sittings/{live_sitting.pk}/speakers/{request.pk}/withdraw/", HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 204
    request.refresh_from_db()
    assert request.state == SpeakerState.WITHDRAWN


def test_a_refusal_is_shown_to_the_delegate(live_sitting, delegate):
    client = client_for(delegate)
    url = f"/sittings/{live_sitting.pk}/speakers/"
    client.post(url, HTTP_HX_REQUEST="true")
    response = client.post(url, HTTP_HX_REQUEST="true")
    assert response.status_code == 409
    assert response["HX-Retarget"] == "#flash"


def test_a_delegate_cannot_use_the_chairs_buttons(queue, live_sitting, delegate):
    response = client_for(delegate).post(
        f"/sittings/{live_sitting.pk}/chair/speakers/{queue[0].pk}/floor/", HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 404
    assert not SpeakerRequest.objects.filter(state=SpeakerState.SPEAKING).exists()


def test_the_chair_runs_the_list_from_the_console(queue, live_sitting, chair):
    client = client_for(chair)
    base = f"/sittings/{live_sitting.pk}/chair/speakers/{queue[0].pk}"
    assert client.post(f"{base}/floor/", {"seen": ""}, HTTP_HX_REQUEST="true").status_code == 204
    for action in ("pause", "resume", "extend", "stop", "restart", "done"):
        response = client.post(f"{base}/{action}/", HTTP_HX_REQUEST="true")
        assert response.status_code == 204, action
    assert SpeakerRequest.objects.get(pk=queue[0].pk).state == SpeakerState.DONE
    response = client.post(f"{base}/dance/", HTTP_HX_REQUEST="true")
    assert response.status_code == 404


def test_the_console_shows_the_queue_and_the_hall_controls(queue, live_sitting, chair):
    response = client_for(chair).get(f"/sittings/{live_sitting.pk}/chair/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="speaker-queue"' in html and 'id="hall-console"' in html
    assert html.count('data-action="floor"') == 3


def test_the_chair_sets_messages_modes_and_pages_over_htmx(live_sitting, chair):
    version = published_version(live_sitting, pages=20)
    client = client_for(chair)
    base = f"/sittings/{live_sitting.pk}/chair"
    posts = [
        ("screen/message/", {"message": "Nghỉ giải lao 15 phút", "minutes": "15"}),
        ("screen/mode/", {"mode": "item"}),
        ("present/", {"version": version.pk, "page": "12"}),
    ]
    for path, data in posts:
        assert client.post(f"{base}/{path}", data, HTTP_HX_REQUEST="true").status_code == 204
    display = HallDisplay.objects.get(sitting=live_sitting)
    assert (display.message, display.mode, display.presenting_page) == (
        "Nghỉ giải lao 15 phút",
        "item",
        12,
    )
    response = client.post(f"{base}/present/", {"version": "x"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 409
    choices = client.get(f"{base}/present/choices/")
    assert f'value="{version.pk}"' in choices.content.decode()


def test_the_delegate_room_shows_the_list_and_the_presented_page(queue, live_sitting, delegate):
    response = client_for(delegate).get(f"/sittings/{live_sitting.pk}/")
    html = response.content.decode()
    assert f'data-member-id="{delegate.pk}"' in html
    assert 'id="speaker-current"' in html and 'id="presentation"' in html


def test_the_timer_survives_a_page_reload(queue, live_sitting, chair):
    """Server time: a reload (or another device) renders the same end, not a fresh start."""
    with at(T0):
        speakers.give_floor(chair, live_sitting, queue[0].pk)
    ends_at = f'data-ends-at="{int(T0.timestamp() * 1000) + 180_000}"'
    with at(later(60)):
        first = client_for(chair).get(f"/sittings/{live_sitting.pk}/chair/").content.decode()
    second = client_for(chair).get(f"/sittings/{live_sitting.pk}/chair/").content.decode()
    assert ends_at in first and ends_at in second
