"""Which views take a large request body, and how large a body each path may send.

The web server (council/bounded_http.py) asks this module, from the request line alone and
before reading a byte of the body, how many bytes a path may send. Only views marked with
`accepts_upload` take a file; every other path gets Django's own small limit. New apps are
covered automatically: an unmarked view is small.
"""

from collections.abc import Callable
from urllib.parse import unquote

from django.conf import settings
from django.urls import resolve

# Room for the form around the file (title, CSRF token, multipart boundaries).
FORM_OVERHEAD_BYTES = 1024 * 1024


def accepts_upload(view: Callable | None = None, *, max_bytes: Callable[[], int] | None = None):
    """Mark a view (put it outermost) as one that takes a file: of up to DOCUMENT_MAX_BYTES,
    or of up to `max_bytes()` (read per request, so a setting changed in a test counts)."""

    def mark(marked: Callable) -> Callable:
        marked.accepts_upload = max_bytes or document_max_bytes  # type: ignore[attr-defined]
        return marked

    return mark(view) if view is not None else mark


def document_max_bytes() -> int:
    return int(settings.DOCUMENT_MAX_BYTES)


def small_body_limit() -> int:
    return int(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)


def upload_body_limit(max_bytes: Callable[[], int] = document_max_bytes) -> int:
    return max_bytes() + FORM_OVERHEAD_BYTES


def body_limit_for(path: str) -> int:
    """The most bytes a request to `path` (the request target, query included) may send."""
    path = unquote(path.split("?", 1)[0])
    try:
        match = resolve(path)
    except Exception:
        # Not found, or a path the resolver chokes on: it takes no upload either.
        return small_body_limit()
    max_bytes = getattr(match.func, "accepts_upload", None)
    if callable(max_bytes):
        return upload_body_limit(max_bytes)
    return small_body_limit()
