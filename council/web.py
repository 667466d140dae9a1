"""Small helpers shared by the thin views of every app."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.utils.http import url_has_allowed_host_and_scheme

from sessions.errors import ActionRefused

# For pages that draw PDFs with pdf.js (the reader, the hall screens). pdf.js compiles its
# image decoders (JPEG 2000, colour profiles) to WebAssembly, which needs
# 'wasm-unsafe-eval'; it never evaluates JavaScript (isEvalSupported: false). Fonts from the
# PDF are loaded as FontFace data.
PDF_VIEWER_CSP = {
    **settings.SECURE_CSP,
    "script-src": [*settings.SECURE_CSP["script-src"], "'wasm-unsafe-eval'"],
    "font-src": ["'self'", "data:"],
}

# For the delegate's room: libsodium (static/js/ballot-seal.js, sealing secret ballots)
# runs as WebAssembly, which needs 'wasm-unsafe-eval'; JavaScript eval stays forbidden.
SEALING_CSP = {
    **settings.SECURE_CSP,
    "script-src": [*settings.SECURE_CSP["script-src"], "'wasm-unsafe-eval'"],
}


def refusals_shown(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Turn a service's ActionRefused into a translated message the user sees.

    htmx requests get the message swapped into the page's #flash region; plain form posts
    get it as a Django message on the page they came from. Nothing was saved either way:
    the service's transaction rolled back.
    """

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        try:
            return view(request, *args, **kwargs)
        except ActionRefused as refusal:
            if getattr(request, "htmx", False):
                html = render_to_string(
                    "_partials/flash.html", {"level": "error", "text": refusal.message}, request
                )
                response = HttpResponse(html, status=refusal.status)
                response["HX-Retarget"] = "#flash"
                response["HX-Reswap"] = "innerHTML"
                return response
            messages.error(request, refusal.message)
            back = request.headers.get("Referer", "")
            if not url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
                back = "home"
            return redirect(back)

    return wrapper


def optional_int(value: str | None) -> int | None:
    """A form's optional id or number; anything else is treated as absent."""
    try:
        return int(value) if value else None
    except ValueError:
        return None


def htmx_ok(request: HttpRequest, fallback_url: str) -> HttpResponse:
    """After a successful write: htmx needs nothing (the live event updates every tablet,
    this one included); a plain form post goes back to the page."""
    if getattr(request, "htmx", False):
        return HttpResponse(status=204)
    return redirect(fallback_url)
