"""Names for the files the council hands out: in the reader's language, Vietnamese letters
kept (the Content-Disposition carries them as RFC 6266 filename*), nothing a file system
refuses."""

import re

from django.utils.http import content_disposition_header

_UNSAFE = re.compile(r"[\\/:*?\"<>|\x00-\x1f\x7f]+")


def safe_part(text: str, limit: int = 90) -> str:
    """A title fit to stand inside a file name."""
    return " ".join(_UNSAFE.sub(" ", text).split())[:limit].strip()


def attachment(filename: str) -> str:
    header = content_disposition_header(True, filename)
    assert header is not None
    return header
