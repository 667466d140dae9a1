"""Minutes and resolutions: permission, state, locks (the sitting first, then its records),
change, audit, live event. PDFs are rendered and signed inside the transaction that records
them, so a number is taken only if its PDF exists, and a refusal leaves no file behind.
"""

import datetime
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from council.audit import log_action
from council.models import Member, Role
from documents.models import Document
from documents.services import _inspected as inspected_upload
from records import assembly, numbering, rendering, signing
from records.events import RECORD_ISSUED
from records.models import (
    RECORD_TRANSITIONS,
    Minutes,
    RecordFile,
    RecordKind,
    RecordState,
    Resolution,
    ResolutionSeries,
    Signature,
    SignerRole,
)
from sessions import live
from sessions.errors import ActionRefused, NotAllowed
from sessions.models import AgendaItem, Sitting, SittingState
from voting.models import Poll, PollKind, PollState

NOTES_MAX_CHARS = 20_000
REASON_MAX_CHARS = 200
SIGNER_HEADINGS = {SignerRole.SECRETARY: "THƯ KÝ KỲ HỌP", SignerRole.CHAIR: "CHỦ TỌA KỲ HỌP"}
RESOLUTION_HEADINGS = {SignerRole.CHAIR: "TM. HỘI ĐỒNG NHÂN DÂN\nCHỦ TỌA"}


# --- helpers -----------------------------------------------------------------------------


def _check_move(current: str, to_state: str) -> None:
    if to_state not in RECORD_TRANSITIONS[current]:
        raise ActionRefused(
            _("A record that is %(from)s cannot become %(to)s.")
            % {"from": RecordState(current).label, "to": RecordState(to_state).label}
        )


def _locked_sitting(actor: Member, sitting: Sitting) -> Sitting:
    if sitting.council_id != actor.council_id:
        raise NotAllowed()
    return Sitting.objects.select_for_update().select_related("council").get(pk=sitting.pk)


def _secretariat(actor: Member) -> None:
    if not actor.is_secretariat:
        raise NotAllowed()


def _saving[T](work: Callable[[list[str]], T]) -> T:
    """Run ``work`` in a transaction; files it stored are deleted if the transaction fails."""
    written: list[str] = []
    try:
        with transaction.atomic():
            return work(written)
    except BaseException:
        for name in written:
            default_storage.delete(name)
        raise


def _store(written: list[str], code: str, data: bytes, revision: int) -> str:
    name = default_storage.save(f"records/{code}-r{revision}.pdf", ContentFile(data))
    written.append(name)
    return name


def _new_code() -> str:
    for _attempt in range(20):
        code = numbering.new_code()
        if not RecordFile.objects.filter(code=code).exists():
            return code
    raise RuntimeError("no free verification code after 20 attempts")


def verify_url(code: str) -> str:
    return f"{settings.RECORDS_PUBLIC_URL.rstrip('/')}/xac-thuc/{code}/"


def _common_context(sitting: Sitting, code: str, day: datetime.date) -> dict[str, Any]:
    council = sitting.council
    place = numbering.locality(council.name)
    return {
        "council_name": council.name.split(",")[0].replace("HĐND", "Hội đồng nhân dân"),
        "body_lines": numbering.issuing_body(council.name),
        "place": place,
        "place_date": numbering.place_and_date(place, day),
        "code": code,
        "qr_uri": rendering.qr_data_uri(verify_url(code)),
        "verify_host": settings.RECORDS_PUBLIC_URL.split("://")[-1].rstrip("/"),
        "sitting": sitting,
    }


def _member_name(council_id: int, predicate: Callable[[Member], bool]) -> str:
    for member in Member.objects.filter(council_id=council_id).order_by("pk"):
        if predicate(member):
            return member.full_name
    return ""


# --- minutes -----------------------------------------------------------------------------


def _open_minutes(sitting: Sitting) -> Minutes | None:
    return (
        Minutes.objects.select_for_update()
        .filter(sitting=sitting, state__in=[RecordState.DRAFT, RecordState.SIGNING])
        .first()
    )


@transaction.atomic
def open_minutes(actor: Member, sitting: Sitting) -> Minutes:
    """The sitting's minutes being prepared, or a first draft of them."""
    _secretariat(actor)
    sitting = _locked_sitting(actor, sitting)
    if sitting.state != SittingState.CLOSED:
        raise ActionRefused(_("The minutes are written once the sitting is closed."))
    current = _open_minutes(sitting)
    if current is not None:
        return current
    latest = Minutes.objects.filter(sitting=sitting).order_by("-version").first()
    if latest is not None:
        return latest  # issued: a correction is an explicit new version
    minutes = Minutes.objects.create(sitting=sitting, version=1, created_by=actor)
    log_action(actor, "records.minutes.opened", minutes, {"version": 1})
    return minutes


def _locked_minutes(actor: Member, minutes: Minutes) -> tuple[Sitting, Minutes]:
    sitting = _locked_sitting(actor, minutes.sitting)
    return sitting, Minutes.objects.select_for_update().get(pk=minutes.pk)


@transaction.atomic
def save_draft(
    actor: Member,
    minutes: Minutes,
    *,
    item_id: int | None = None,
    notes: str | None = None,
    member_id: int | None = None,
    reason: str | None = None,
) -> Minutes:
    """Save one field of the draft as the secretariat types: an item's notes or an absence
    reason. Each save is a revision with its audit entry."""
    _secretariat(actor)
    sitting, minutes = _locked_minutes(actor, minutes)
    if minutes.state != RecordState.DRAFT:
        raise ActionRefused(_("These minutes are no longer a draft: they cannot be edited."))
    data: dict[str, Any] = {"revision": minutes.revision + 1}
    if item_id is not None and notes is not None:
        if not AgendaItem.objects.filter(pk=item_id, sitting=sitting).exists():
            raise ActionRefused(_("That agenda item is not on this sitting's agenda."))
        if len(notes) > NOTES_MAX_CHARS:
            raise ActionRefused(
                _("The notes are too long (at most %(limit)d characters).")
                % {"limit": NOTES_MAX_CHARS}
            )
        minutes.notes = {**minutes.notes, str(item_id): notes}
        # The text itself, so that every revision of the draft can be read back from the log.
        data |= {"item": item_id, "notes": notes}
    elif member_id is not None and reason is not None:
        if not Member.objects.delegates().filter(pk=member_id, council=sitting.council).exists():
            raise ActionRefused(_("That delegate is not a member of this council."))
        reason = reason.strip()
        if len(reason) > REASON_MAX_CHARS:
            raise ActionRefused(
                _("The reason is too long (at most %(limit)d characters).")
                % {"limit": REASON_MAX_CHARS}
            )
        minutes.absence_reasons = {**minutes.absence_reasons, str(member_id): reason}
        data |= {"member": member_id, "reason": reason}
    else:
        raise ActionRefused(_("Nothing to save."))
    minutes.revision += 1
    minutes.save(update_fields=["notes", "absence_reasons", "revision", "updated_at"])
    log_action(actor, "records.minutes.edited", minutes, data)
    return minutes


def minutes_content(minutes: Minutes) -> assembly.MinutesContent:
    return assembly.assemble(
        minutes.sitting, notes=minutes.notes, absence_reasons=minutes.absence_reasons
    )


def finalise_minutes(actor: Member, minutes: Minutes) -> RecordFile:
    """Freeze the draft into its PDF, ready for the secretary's and the chair's signatures."""
    _secretariat(actor)

    def work(written: list[str]) -> RecordFile:
        sitting, locked = _locked_minutes(actor, minutes)
        _check_move(locked.state, RecordState.SIGNING)
        today = timezone.localdate()
        code = _new_code()
        previous = (
            Minutes.objects.filter(sitting=sitting, version__lt=locked.version, file__isnull=False)
            .select_related("file")
            .order_by("-version")
            .first()
        )
        council_id = sitting.council_id
        title = f"Biên bản {sitting.title}"
        context = {
            **_common_context(sitting, code, today),
            "doc_title": title,
            "number_line": "",
            "doc_type": "BIÊN BẢN",
            "doc_subtitle": sitting.title.upper(),
            "held_on": _held_on(sitting),
            "ends_on": sitting.ends_on.strftime("%d/%m/%Y"),
            "content": assembly.assemble(
                sitting, notes=locked.notes, absence_reasons=locked.absence_reasons
            ),
            "chair_name": _member_name(council_id, lambda m: m.role == Role.CHAIR),
            "secretary_name": _member_name(council_id, lambda m: m.is_secretariat),
            "supersedes": previous.file.code if previous and previous.file else "",
            "signers": [
                {
                    "role": role,
                    "heading": SIGNER_HEADINGS[role],
                    "name": _member_name(
                        council_id,
                        (lambda m: m.is_secretariat)
                        if role == SignerRole.SECRETARY
                        else (lambda m: m.role == Role.CHAIR),
                    ),
                }
                for role in (SignerRole.SECRETARY, SignerRole.CHAIR)
            ],
        }
        pdf = _render("records/pdf/minutes.html", context, title)
        record = RecordFile.objects.create(
            council_id=council_id,
            sitting=sitting,
            kind=RecordKind.MINUTES,
            state=RecordState.SIGNING,
            title=title,
            issued_on=today,
            code=code,
            pdf=_store(written, code, pdf, 0),
            sha256=_sha256(pdf),
        )
        if previous is not None and previous.file is not None:
            RecordFile.objects.filter(pk=previous.file.pk).update(superseded_by=record)
        locked.state = RecordState.SIGNING
        locked.file = record
        locked.save(update_fields=["state", "file", "updated_at"])
        log_action(
            actor,
            "records.minutes.finalised",
            locked,
            {"version": locked.version, "code": code, "sha256": record.sha256},
        )
        return record

    return _saving(work)


def _held_on(sitting: Sitting) -> str:
    if sitting.starts_on == sitting.ends_on:
        return f"ngày {sitting.starts_on:%d/%m/%Y}"
    return f"từ ngày {sitting.starts_on:%d/%m/%Y} đến ngày {sitting.ends_on:%d/%m/%Y}"


def _sha256(data: bytes) -> str:
    import hashlib

    return hashlib.sha256(data).hexdigest()


def _render(
    template: str,
    context: dict[str, Any],
    title: str,
    attachments: list[tuple[Path, str, str]] | None = None,
) -> bytes:
    rendered = rendering.render_pdf(template, context, title=title, attachments=attachments or [])
    return signing.add_signature_fields(rendered.pdf, rendered.boxes)


@transaction.atomic
def new_minutes_version(actor: Member, sitting: Sitting) -> Minutes:
    """A correction: a new draft that supersedes the version awaiting signatures or issued.

    The old version stays downloadable and verifiable; its public page says it was
    superseded, and the new PDF names the code of the one it replaces.
    """
    _secretariat(actor)
    sitting = _locked_sitting(actor, sitting)
    latest = (
        Minutes.objects.select_for_update().filter(sitting=sitting).order_by("-version").first()
    )
    if latest is None:
        raise ActionRefused(_("There are no minutes to correct yet."))
    if latest.state == RecordState.DRAFT:
        return latest
    _check_move(latest.state, RecordState.SUPERSEDED)
    latest.state = RecordState.SUPERSEDED
    latest.save(update_fields=["state", "updated_at"])
    if latest.file is not None:
        RecordFile.objects.filter(pk=latest.file.pk).update(state=RecordState.SUPERSEDED)
    minutes = Minutes.objects.create(
        sitting=sitting,
        version=latest.version + 1,
        created_by=actor,
        notes=latest.notes,
        absence_reasons=latest.absence_reasons,
    )
    log_action(actor, "records.minutes.superseded", latest, {"by_version": minutes.version})
    return minutes


# --- resolutions -------------------------------------------------------------------------


def _next_number(council_id: int, year: int) -> int:
    """Take the next number of the council's series for ``year``, under the series' row lock.

    Called inside the issuing transaction: if anything after it fails, the number goes back
    with the rollback, so the series has no gaps; two issues wait for each other's commit,
    so it has no duplicates (and a unique constraint would refuse one anyway).
    """
    try:
        with transaction.atomic():
            ResolutionSeries.objects.get_or_create(council_id=council_id, year=year)
    except IntegrityError:
        pass  # another issue created the row at the same time: lock that one
    series = ResolutionSeries.objects.select_for_update().get(council_id=council_id, year=year)
    series.last_number += 1
    series.save(update_fields=["last_number"])
    return series.last_number


def issue_resolution(
    actor: Member,
    poll: Poll,
    *,
    title: str = "",
    document_id: int | None = None,
    final_pdf: Any = None,
) -> Resolution:
    """Give an adopted motion its resolution: number, date and PDF, awaiting the chair's
    signature. A failed motion, a poll still open or a confidential draft cannot be issued.

    ``final_pdf``: the resolution's full text as the secretariat uploads it. It goes through
    the documents' checks (the sandbox) before anything is locked, and is embedded in the
    record as a PDF/A-3 associated file, its SHA-256 printed in Điều 1.
    """
    _secretariat(actor)
    if poll.sitting.council_id != actor.council_id:
        raise NotAllowed()
    final: tuple[Any, Path] | None = None
    if final_pdf is not None:
        # The uploads' own receive-and-inspect step: the same limits and messages.
        final = inspected_upload(final_pdf)
    try:
        return _issue(actor, poll, title, document_id, final)
    finally:
        if final is not None:
            final[1].unlink(missing_ok=True)


def _issue(
    actor: Member,
    poll: Poll,
    title: str,
    document_id: int | None,
    final: tuple[Any, Path] | None,
) -> Resolution:

    def work(written: list[str]) -> Resolution:
        sitting = _locked_sitting(actor, poll.sitting)
        locked = Poll.objects.select_for_update().get(pk=poll.pk)
        if locked.kind != PollKind.MOTION or locked.state != PollState.CLOSED:
            raise ActionRefused(_("Only a closed vote on a motion can adopt a resolution."))
        verdict = (locked.result or {}).get("verdict") or {}
        if not verdict.get("passed"):
            raise ActionRefused(_("The motion did not pass: no resolution can be issued."))
        if Resolution.objects.filter(poll=locked).exists():
            raise ActionRefused(_("This motion's resolution has already been issued."))
        document = None
        if document_id is not None:
            document = Document.objects.filter(pk=document_id, sitting=sitting).first()
            if document is None:
                raise ActionRefused(_("That document is not one of this sitting's documents."))
            if document.confidential:
                raise ActionRefused(_("A confidential document cannot become a public record."))
        name = (title or "").strip() or locked.title
        if len(name) > 400:
            raise ActionRefused(_("The title is too long (at most 400 characters)."))
        today = timezone.localdate()
        number = _next_number(sitting.council_id, today.year)
        code = _new_code()
        label = numbering.resolution_number(number)
        record_poll = assembly._poll_record(locked, {})
        council = sitting.council
        adopted = name[:1].lower() + name[1:] if name.lower().startswith("nghị quyết") else name
        context = {
            **_common_context(sitting, code, today),
            "doc_title": f"Nghị quyết {label}",
            "number_line": numbering.numbered_line(number),
            "doc_type": "NGHỊ QUYẾT",
            "doc_subtitle": name.removeprefix("Nghị quyết ").strip(),
            "locality_upper": numbering.locality(council.name).upper(),
            "term": _term(council.name),
            "sitting_title_upper": sitting.title.upper(),
            "document_title": document.title if document else "",
            "poll": record_poll,
            "adopted": adopted,
            "adopted_on": (locked.closed_at or timezone.now()).astimezone().strftime("%d/%m/%Y"),
            "final_sha256": final[0].sha256 if final else "",
            "signers": [
                {
                    "role": SignerRole.CHAIR,
                    "heading": RESOLUTION_HEADINGS[SignerRole.CHAIR],
                    "name": _member_name(council.pk, lambda m: m.role == Role.CHAIR),
                }
            ],
        }
        attachments = []
        if final is not None:
            name = f"nghi-quyet-{number}-{today.year}.pdf"
            attachments.append((final[1], name, f"Toàn văn Nghị quyết số {label}"))
        pdf = _render("records/pdf/resolution.html", context, f"Nghị quyết số {label}", attachments)
        record = RecordFile.objects.create(
            council=council,
            sitting=sitting,
            kind=RecordKind.RESOLUTION,
            state=RecordState.SIGNING,
            title=name,
            number_label=label,
            issued_on=today,
            code=code,
            pdf=_store(written, code, pdf, 0),
            sha256=_sha256(pdf),
        )
        resolution = Resolution.objects.create(
            sitting=sitting,
            poll=locked,
            document=document,
            council=council,
            year=today.year,
            number=number,
            title=name,
            issued_on=today,
            issued_by=actor,
            file=record,
        )
        log_action(
            actor,
            "records.resolution.issued",
            resolution,
            {
                "number": label,
                "poll": locked.pk,
                "code": code,
                "sha256": record.sha256,
                "final_sha256": final[0].sha256 if final else "",
            },
        )
        return resolution

    return _saving(work)


def _term(council_name: str) -> str:
    _, _sep, rest = council_name.partition("khóa")
    return rest.strip().upper() or "—"


# --- signing -----------------------------------------------------------------------------


def role_of(actor: Member, record: RecordFile) -> str | None:
    """The signature box ``actor`` may fill on ``record``, if any."""
    if actor.council_id != record.council_id:
        return None
    roles = record.required_roles
    if actor.is_chair and SignerRole.CHAIR in roles:
        return SignerRole.CHAIR
    if actor.is_secretariat and SignerRole.SECRETARY in roles:
        return SignerRole.SECRETARY
    return None


def sign_record(actor: Member, record: RecordFile, *, pin: str) -> RecordFile:
    """Add ``actor``'s PAdES signature in their box; the last one issues the record."""
    role = role_of(actor, record)
    if role is None:
        raise NotAllowed(_("You do not sign this record."))

    def work(written: list[str]) -> RecordFile:
        sitting = _locked_sitting(actor, record.sitting)
        locked = RecordFile.objects.select_for_update().get(pk=record.pk, sitting=sitting)
        if locked.state == RecordState.SUPERSEDED:
            raise ActionRefused(_("This version was superseded: sign the new version instead."))
        if locked.state != RecordState.SIGNING:
            raise ActionRefused(_("This record is already issued."))
        done = set(locked.signatures.values_list("role", flat=True))
        if role in done:
            raise ActionRefused(_("This record already carries your signature."))
        with locked.pdf.open("rb") as fh:
            current = fh.read()
        if _sha256(current) != locked.sha256:
            raise ActionRefused(_("The stored file does not match its record: not signed."))
        now = timezone.localtime()
        lines = [
            f"Ký bởi: {actor.full_name}",
            _stamp_role(role),
            f"Thời gian: {now:%d/%m/%Y %H:%M:%S} (GMT{now:%z})",
        ]
        with signing.open_signer(actor.user.get_username(), pin) as signer:
            signed = signing.sign_pdf(
                current,
                signer=signer,
                role=role,
                stamp_lines=lines,
                reason=f"{_stamp_role(role)} ký {locked.title}",
                location=numbering.locality(sitting.council.name),
            )
        revision = len(done) + 1
        locked.pdf = _store(written, locked.code, signed.pdf, revision)
        locked.sha256 = signed.sha256
        Signature.objects.create(
            record=locked,
            role=role,
            signer=actor,
            signed_at=timezone.now(),
            certificate_subject=signed.certificate_subject[:500],
            certificate_sha256=signed.certificate_sha256,
            sha256_after=signed.sha256,
        )
        update = ["pdf", "sha256"]
        issued = done | {role} >= set(locked.required_roles)
        if issued:
            _check_move(locked.state, RecordState.ISSUED)
            locked.state = RecordState.ISSUED
            locked.issued_at = timezone.now()
            update += ["state", "issued_at"]
        locked.save(update_fields=update)
        log_action(
            actor,
            "records.record.signed",
            locked,
            {"role": role, "sha256": signed.sha256, "subject": signed.certificate_subject},
        )
        if issued:
            Minutes.objects.filter(file=locked).update(state=RecordState.ISSUED)
            log_action(actor, "records.record.issued", locked, {"code": locked.code})
            live.publish(
                sitting,
                RECORD_ISSUED,
                {"kind": locked.kind, "code": locked.code, "number": locked.number_label},
            )
        return locked

    return _saving(work)


def _stamp_role(role: str) -> str:
    return {SignerRole.CHAIR: "Chủ tọa kỳ họp", SignerRole.SECRETARY: "Thư ký kỳ họp"}[
        SignerRole(role)
    ]
