"""The members' record pages: the sitting's records with their status, the minutes editor
(saving as the secretariat types), issuing and signing over HTTP, and who may do what."""

from council.models import Role
from records.models import Minutes, RecordState, Signature
from tests.conftest import client_for, make_member
from tests.records.conftest import PIN
from tests.records.signing_helpers import minutes_for_signing


def _url(sitting, tail=""):
    return f"/sittings/{sitting.pk}/records/{tail}"


def test_the_secretariat_prepares_and_edits_the_minutes(closed_sitting, people):
    sitting = closed_sitting[0]
    client = client_for(people["thuky"])
    assert client.post(_url(sitting, "minutes/")).status_code == 302
    minutes = Minutes.objects.get(sitting=sitting)
    page = client.get(_url(sitting, "minutes/"))
    assert page.status_code == 200
    assert "Huỳnh Ngọc Yến" in page.text  # the absent delegate, waiting for a reason
    item = sitting.items.get(position=2)
    saved = client.post(
        _url(sitting, f"minutes/{minutes.pk}/save/"),
        {"item_id": item.pk, "notes": "Thảo luận về chi thường xuyên."},
        headers={"HX-Request": "true"},
    )
    assert saved.status_code == 200 and "Đã lưu (lần sửa 1)" in saved.text
    reason = client.post(
        _url(sitting, f"minutes/{minutes.pk}/save/"),
        {"member_id": people["db6"].pk, "reason": "công tác"},
        headers={"HX-Request": "true"},
    )
    assert reason.status_code == 200
    minutes.refresh_from_db()
    assert minutes.notes[str(item.pk)] == "Thảo luận về chi thường xuyên."
    assert minutes.absence_reasons[str(people["db6"].pk)] == "công tác"


def test_a_bad_save_is_a_translated_refusal_not_a_500(closed_sitting, people):
    sitting = closed_sitting[0]
    client = client_for(people["thuky"])
    client.post(_url(sitting, "minutes/"))
    minutes = Minutes.objects.get(sitting=sitting)
    for data in ({}, {"item_id": "abc", "notes": "x"}, {"item_id": 999999, "notes": "x"}):
        answer = client.post(
            _url(sitting, f"minutes/{minutes.pk}/save/"), data, headers={"HX-Request": "true"}
        )
        assert answer.status_code == 409, data
    minutes.refresh_from_db()
    assert minutes.revision == 0


def test_delegates_cannot_reach_the_editor(closed_sitting, people):
    sitting = closed_sitting[0]
    client = client_for(people["db1"])
    assert client.get(_url(sitting, "minutes/")).status_code == 404
    assert client.post(_url(sitting, "minutes/")).status_code == 404


def test_another_councils_member_gets_404(closed_sitting, outsider):
    client = client_for(outsider)
    assert client.get(_url(closed_sitting[0])).status_code == 404


def test_the_sitting_page_shows_signed_by_x_of_y_then_issued(closed_sitting, people, keys):
    sitting = closed_sitting[0]
    record = minutes_for_signing(sitting, people)
    secretary = client_for(people["thuky"])
    assert "đã ký 0/2" in secretary.get(_url(sitting)).text
    answer = secretary.post(_url(sitting, f"{record.pk}/sign/"), {"pin": PIN})
    assert answer.status_code == 302
    chair = client_for(people["chutoa"])
    assert "đã ký 1/2" in chair.get(_url(sitting)).text
    chair.post(_url(sitting, f"{record.pk}/sign/"), {"pin": PIN})
    record.refresh_from_db()
    assert record.state == RecordState.ISSUED
    page = client_for(people["db1"]).get(_url(sitting))
    assert "đã ban hành" in page.text and record.code in page.text


def test_a_delegate_posting_a_signature_is_refused(closed_sitting, people, keys):
    sitting = closed_sitting[0]
    record = minutes_for_signing(sitting, people)
    client = client_for(people["db1"])
    answer = client.post(_url(sitting, f"{record.pk}/sign/"), {"pin": PIN})
    assert answer.status_code == 302  # back to the page, with the refusal shown
    assert not Signature.objects.exists()


def test_the_secretariat_issues_a_resolution_over_http(closed_sitting, people, keys):
    sitting, named, _secret = closed_sitting
    client = client_for(people["thuky"])
    answer = client.post(_url(sitting, "resolutions/issue/"), {"poll_id": named.pk, "title": ""})
    assert answer.status_code == 302
    page = client.get(_url(sitting))
    assert "1/NQ-HĐND" in page.text
    bad = client.post(_url(sitting, "resolutions/issue/"), {"poll_id": "x"})
    assert bad.status_code == 302


def test_download_is_for_members_only(closed_sitting, people, keys, outsider):
    sitting = closed_sitting[0]
    record = minutes_for_signing(sitting, people)
    answer = client_for(people["db1"]).get(_url(sitting, f"{record.pk}/download/"))
    assert answer.status_code == 200
    assert b"".join(answer.streaming_content).startswith(b"%PDF-")
    assert client_for(outsider).get(_url(sitting, f"{record.pk}/download/")).status_code == 404


def test_a_screen_account_sees_no_sign_form(closed_sitting, people, keys):
    sitting = closed_sitting[0]
    minutes_for_signing(sitting, people)
    screen = make_member(sitting.council, "screen14", Role.SCREEN)
    assert 'name="pin"' not in client_for(screen).get(_url(sitting)).text
