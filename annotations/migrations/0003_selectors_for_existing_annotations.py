"""Existing highlights get their selectors from the glyphs under their rectangles in the
version they were made on (the version's glyphs are read in the PDF sandbox and kept).

A version whose file is missing or cannot be read is skipped: its highlights keep no
selectors and follow their page when carried, as before.
"""

import base64
import logging
from pathlib import Path

from django.conf import settings
from django.db import migrations

logger = logging.getLogger(__name__)


def forwards(apps, schema_editor):
    from annotations.reanchor import selectors_for
    from annotations.textmap import DocText, decode_boxes
    from documents.pdf import PdfRejected, PdfWorkerError, extract_glyphs

    Annotation = apps.get_model("annotations", "Annotation")
    PageGlyphs = apps.get_model("annotations", "PageGlyphs")
    DocumentVersion = apps.get_model("documents", "DocumentVersion")

    versions = (
        Annotation.objects.filter(kind="highlight", selectors=[])
        .values_list("version_id", flat=True)
        .distinct()
    )
    for version in DocumentVersion.objects.filter(pk__in=list(versions)).order_by("pk"):
        rows = list(
            PageGlyphs.objects.filter(version=version)
            .order_by("number")
            .values_list("text", "boxes")
        )
        if not rows:
            path = Path(settings.MEDIA_ROOT) / (version.file.name or "")
            if not version.file.name or not path.is_file():
                continue
            try:
                pages = extract_glyphs(path)
            except (PdfRejected, PdfWorkerError, OSError):
                logger.warning("glyphs of version %s could not be read", version.pk)
                continue
            rows = [(p["text"], base64.b64decode(p["boxes"])) for p in pages]
            PageGlyphs.objects.bulk_create(
                PageGlyphs(version=version, number=n, text=text, boxes=boxes)
                for n, (text, boxes) in enumerate(rows, start=1)
            )
        doc = DocText.build([(text, decode_boxes(bytes(boxes))) for text, boxes in rows])
        for annotation in Annotation.objects.filter(
            version=version, kind="highlight", selectors=[]
        ):
            if "rects" not in annotation.data:
                continue
            selectors = selectors_for(doc, annotation.page, annotation.data)
            if selectors:
                annotation.selectors = selectors
                annotation.save(update_fields=["selectors"])


class Migration(migrations.Migration):
    dependencies = [
        ("annotations", "0002_text_selectors_and_glyphs"),
        ("documents", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
