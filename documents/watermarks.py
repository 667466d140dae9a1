"""Per-member stamped copies of confidential versions, made once and kept on disk.

The stamp (name, seat, date of issue) makes a leaked copy traceable to its reader. A copy
is made on the first request, outside any transaction (it takes a sandboxed process), and
stored content-addressed like the originals, so its ETag is its own SHA-256.
"""

import os
import tempfile
from pathlib import Path

from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from council.models import Member
from documents.models import DocumentVersion, WatermarkedCopy
from documents.pdf import watermark_pdf
from documents.services import file_sha256, media_path


def stamp_lines(member: Member) -> list[str]:
    with translation.override(member.language):
        seat = _("Seat %(seat)s") % {"seat": member.seat} if member.seat else ""
        issued = _("Issued %(date)s") % {"date": timezone.localdate().strftime("%d/%m/%Y")}
        return [line for line in (member.full_name, seat, issued) if line]


def copy_for(member: Member, version: DocumentVersion) -> WatermarkedCopy:
    existing = WatermarkedCopy.objects.filter(version=version, member=member).first()
    if existing is not None and media_path(existing.file.name).exists():
        return existing
    folder = media_path(f"watermarked/{version.pk}")
    folder.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(dir=folder, suffix=".pdf.part")
    os.close(fd)
    tmp = Path(name)
    try:
        watermark_pdf(media_path(version.file.name), tmp, stamp_lines(member))
        sha = file_sha256(tmp)
        relative = f"watermarked/{version.pk}/{sha}.pdf"
        os.replace(tmp, media_path(relative))
    finally:
        tmp.unlink(missing_ok=True)
    try:
        with transaction.atomic():
            copy, _created = WatermarkedCopy.objects.update_or_create(
                version=version, member=member, defaults={"file": relative, "sha256": sha}
            )
    except IntegrityError:
        # Another request of the same member made its copy meanwhile: serve that one.
        copy = WatermarkedCopy.objects.get(version=version, member=member)
    if copy.file.name != relative:
        media_path(relative).unlink(missing_ok=True)
    return copy
