"""The records' services: who may do what, in which state, and that a refusal writes nothing."""

import pytest

from council.audit import AuditEntry
from records import services
from records.models import Minutes, RecordFile, RecordState, Resolution, Signature
from sessions.errors import ActionRefused, NotAllowed
from sessions.models import SittingState
from tests.conftest import make_sitting
from tests.records.conftest import PIN
from tests.records.signing_helpers import minutes_for_signing, read


def _nothing_written(record, before_sha):
    record.refresh_from_db()
    assert record.sha256 == before_sha
    assert _file_sha(record) == before_sha


def _file_sha(record):
    import hashlib

    return hashlib.sha256(read(record)).hexdigest()


def test_minutes_wait_for_the_sitting_to_close(small_council, people):
    sitting = make_sitting(small_council, state=SittingState.IN_PROGRESS)
    with pytest.raises(ActionRefused):
        services.open_minutes(people["thuky"], sitting)
    assert not Minutes.objects.exists()


def test_only_the_secretariat_opens_and_edits_minutes(closed_sitting, people):
    sitting = closed_sitting[0]
    with pytest.raises(NotAllowed):
        services.open_minutes(people["db1"], sitting)
    minutes = services.open_minutes(people["thuky"], sitting)
    with pytest.raises(NotAllowed):
        services.save_draft(people["chutoa"], minutes, item_id=sitting.items.first().pk, notes="x")


def test_each_save_is_a_revision_with_an_audit_entry(closed_sitting, people):
    sitting = closed_sitting[0]
    minutes = services.open_minutes(people["thuky"], sitting)
    item = sitting.items.first()
    services.save_draft(people["thuky"], minutes, item_id=item.pk, notes="Khai mạc trọng thể.")
    services.save_draft(people["thuky"], minutes, item_id=item.pk, notes="Khai mạc trọng thể")
    minutes.refresh_from_db()
    assert minutes.revision == 2
    assert minutes.notes[str(item.pk)] == "Khai mạc trọng thể"
    entries = AuditEntry.objects.filter(action="records.minutes.edited").order_by("id")
    assert [e.data["notes"] for e in entries] == ["Khai mạc trọng thể.", "Khai mạc trọng thể"]
    assert [e.data["revision"] for e in entries] == [1, 2]


def test_notes_for_another_sittings_item_are_refused(closed_sitting, people, small_council):
    other = make_sitting(small_council, number=99)
    foreign = other.items.create(position=1, title="Khác")
    minutes = services.open_minutes(people["thuky"], closed_sitting[0])
    with pytest.raises(ActionRefused):
        services.save_draft(people["thuky"], minutes, item_id=foreign.pk, notes="x")
    minutes.refresh_from_db()
    assert minutes.revision == 0


def test_overlong_notes_are_refused(closed_sitting, people):
    minutes = services.open_minutes(people["thuky"], closed_sitting[0])
    item = closed_sitting[0].items.first()
    with pytest.raises(ActionRefused):
        services.save_draft(
            people["thuky"], minutes, item_id=item.pk, notes="x" * (services.NOTES_MAX_CHARS + 1)
        )


def test_a_finalised_draft_is_frozen(closed_sitting, people, keys):
    record = minutes_for_signing(closed_sitting[0], people)
    minutes = record.minutes
    with pytest.raises(ActionRefused):
        services.save_draft(
            people["thuky"], minutes, item_id=closed_sitting[0].items.first().pk, notes="x"
        )
    with pytest.raises(ActionRefused):
        services.finalise_minutes(people["thuky"], minutes)
    assert RecordFile.objects.count() == 1


def test_signing_twice_is_refused_and_writes_nothing(closed_sitting, people, keys):
    record = minutes_for_signing(closed_sitting[0], people)
    services.sign_record(people["thuky"], record, pin=PIN)
    record.refresh_from_db()
    before = record.sha256
    with pytest.raises(ActionRefused):
        services.sign_record(people["thuky"], record, pin=PIN)
    _nothing_written(record, before)
    assert Signature.objects.count() == 1


def test_a_delegate_cannot_sign(closed_sitting, people, keys):
    record = minutes_for_signing(closed_sitting[0], people)
    before = record.sha256
    with pytest.raises(NotAllowed):
        services.sign_record(people["db1"], record, pin=PIN)
    _nothing_written(record, before)
    assert not Signature.objects.exists()


def test_a_wrong_pin_is_refused_and_writes_nothing(closed_sitting, people, keys):
    record = minutes_for_signing(closed_sitting[0], people)
    before = record.sha256
    with pytest.raises(ActionRefused):
        services.sign_record(people["chutoa"], record, pin="000000")
    _nothing_written(record, before)
    assert not Signature.objects.exists()


def test_a_superseded_draft_cannot_be_signed(closed_sitting, people, keys):
    sitting = closed_sitting[0]
    record = minutes_for_signing(sitting, people)
    services.sign_record(people["thuky"], record, pin=PIN)
    new_draft = services.new_minutes_version(people["thuky"], sitting)
    assert new_draft.version == 2
    record.refresh_from_db()
    assert record.state == RecordState.SUPERSEDED
    before = record.sha256
    with pytest.raises(ActionRefused):
        services.sign_record(people["chutoa"], record, pin=PIN)
    _nothing_written(record, before)
    # The new version names the one it replaces, and the old one points at the new one.
    new_record = services.finalise_minutes(people["thuky"], new_draft)
    record.refresh_from_db()
    assert record.superseded_by == new_record
    from tests.records.helpers import pdf_text

    assert record.code in " ".join(pdf_text(read(new_record)).split())


def test_an_issued_record_is_immutable(closed_sitting, people, keys):
    record = minutes_for_signing(closed_sitting[0], people)
    services.sign_record(people["thuky"], record, pin=PIN)
    services.sign_record(people["chutoa"], record, pin=PIN)
    record.refresh_from_db()
    assert record.state == RecordState.ISSUED
    assert record.minutes.state == RecordState.ISSUED
    with pytest.raises(ActionRefused):
        services.sign_record(people["chutoa"], record, pin=PIN)


def test_the_transition_table_refuses_every_illegal_move():
    from records.models import RECORD_TRANSITIONS

    for current, allowed in RECORD_TRANSITIONS.items():
        for target in RecordState.values:
            if target in allowed:
                continue
            with pytest.raises(ActionRefused):
                services._check_move(current, target)


def test_a_passed_motion_gets_the_next_number(closed_sitting, people, keys):
    _sitting, named, _secret = closed_sitting
    resolution = services.issue_resolution(people["thuky"], named)
    assert resolution.number == 1
    assert resolution.file.number_label == "1/NQ-HĐND"
    from tests.records.helpers import pdf_text

    text = " ".join(pdf_text(read(resolution.file)).split())
    assert "Số: 1/NQ-HĐND" in text and "NGHỊ QUYẾT" in text and "QUYẾT NGHỊ" in text
    with pytest.raises(ActionRefused):
        services.issue_resolution(people["thuky"], named)
    assert Resolution.objects.count() == 1


def test_a_failed_motion_cannot_be_issued(small_council, people, keys):
    from tests.records.conftest import script_sitting
    from voting import services as voting
    from voting.models import PollKind

    sitting, _named, _secret = script_sitting(small_council, people, number=20)
    sitting.state = SittingState.IN_PROGRESS
    sitting.save(update_fields=["state"])
    chair = people["chutoa"]
    poll = voting.create_poll(chair, sitting, voting.PollSpec(kind=PollKind.MOTION, title="Bác"))
    voting.open_poll(chair, poll)
    voting.close_poll(chair, poll)  # nobody voted: not passed
    with pytest.raises(ActionRefused):
        services.issue_resolution(people["thuky"], poll)
    assert not Resolution.objects.exists()
    assert not RecordFile.objects.exists()


def test_only_the_chair_signs_a_resolution(closed_sitting, people, keys):
    resolution = services.issue_resolution(people["thuky"], closed_sitting[1])
    with pytest.raises(NotAllowed):
        services.sign_record(people["thuky"], resolution.file, pin=PIN)
    record = services.sign_record(people["chutoa"], resolution.file, pin=PIN)
    assert record.state == RecordState.ISSUED


def test_a_confidential_draft_gets_no_public_code(closed_sitting, people, keys):
    from documents.models import Document

    document = Document.objects.create(
        sitting=closed_sitting[0], title="Dự thảo mật", confidential=True
    )
    with pytest.raises(ActionRefused):
        services.issue_resolution(people["thuky"], closed_sitting[1], document_id=document.pk)
    assert not RecordFile.objects.exists()


def test_another_councils_secretariat_is_refused(closed_sitting, people, outsider):
    from council.models import Role
    from tests.conftest import make_member

    foreign = make_member(outsider.council, "foreign-secretary", Role.SECRETARIAT)
    with pytest.raises(NotAllowed):
        services.open_minutes(foreign, closed_sitting[0])
    with pytest.raises(NotAllowed):
        services.issue_resolution(foreign, closed_sitting[1])


def test_the_uploaded_full_text_is_embedded_in_the_signed_record(closed_sitting, people, keys):
    import hashlib
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from pypdf import PdfReader

    from tests.pdf_corpus import valid_pdf
    from tests.records.helpers import pdf_text

    full_text = valid_pdf(pages=2)
    resolution = services.issue_resolution(
        people["thuky"],
        closed_sitting[1],
        final_pdf=SimpleUploadedFile("toan-van.pdf", full_text, "application/pdf"),
    )
    record = services.sign_record(people["chutoa"], resolution.file, pin=PIN)
    data = read(record)
    attachments = PdfReader(io.BytesIO(data)).attachments
    assert list(attachments) == ["nghi-quyet-1-" + str(resolution.year) + ".pdf"]
    assert next(iter(attachments.values()))[0] == full_text
    digest = hashlib.sha256(full_text).hexdigest()
    assert digest in "".join(pdf_text(data).split())


def test_a_full_text_that_is_not_a_pdf_takes_no_number(closed_sitting, people, keys):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from records.models import ResolutionSeries

    with pytest.raises(ActionRefused) as refused:
        services.issue_resolution(
            people["thuky"],
            closed_sitting[1],
            final_pdf=SimpleUploadedFile("x.pdf", b"PK\x03\x04 a zip", "application/pdf"),
        )
    assert "PDF" in str(refused.value.message)
    assert not Resolution.objects.exists()
    assert not ResolutionSeries.objects.filter(last_number__gt=0).exists()
