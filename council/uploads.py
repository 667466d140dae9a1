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


def accepts_upload[F: Callable](view: F) -> F:
    """Mark a view (put it outermost) as one that takes a file of up to DOCUMENT_MAX_BYTES."""
    view.accepts_upload = True  # type: ignore[attr-defined]
    return view


def small_body_limit() -> int:
    return int(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)


def upload_body_limit() -> int:
    return int(settings.DOCUMENT_MAX_BYTES) + FORM_OVERHEAD_BYTES


def body_limit_for(path: str) -> int:
    """The most bytes a request to `path` (the request target, query included) may send."""
    path = unquote(path.split("?", 1)[0])
    try:
        match = resolve(path)
    except Exception:
        # Not found, or a path the resolver chokes on: it takes no upload either.
        return small_body_limit()
    if getattr(match.func, "accepts_upload", False):
        return upload_body_limit()
    return small_body_limit()
