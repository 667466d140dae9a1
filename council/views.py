from pathlib import Path

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_POST

from council import lookup, services
from council.logo import LOGO_MAX_BYTES, logo_type
from council.models import Council
from council.web import refusals_shown


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Each role lands where it works."""
    if lookup.is_agency_officer(request.user):
        # An agency's officer works on the tasks given to the agency ("Việc được giao").
        return redirect("followup:my_tasks")
    memberships = list(lookup.memberships(request.user))
    if not memberships:
        return render(request, "council/no_membership.html", status=403)
    member = memberships[0]
    if member.is_secretariat:
        return redirect("sessions:manage_list")
    if member.is_chair:
        return redirect("sessions:chair_home")
    if member.is_screen:
        return redirect("sessions:screen_home")
    return redirect("sessions:list")


@require_POST
@refusals_shown
def set_language(request: HttpRequest) -> HttpResponse:
    language = request.POST.get("language", "")
    if request.user.is_authenticated:
        # Per user: the choice follows the delegate to every device, open ones included.
        services.choose_language(request.user, language)
    elif language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    translation.activate(language)
    next_url = request.POST.get("next") or "/"
    if not next_url.startswith("/") or next_url.startswith("//"):
        next_url = "/"
    response = redirect(next_url)
    response.set_cookie(settings.LANGUAGE_COOKIE_NAME, language, samesite="Lax")
    return response


@cache_control(no_cache=True)
def service_worker(request: HttpRequest) -> HttpResponse:
    # Served from the site root so its scope covers every page; built by `make` (Workbox).
    path = Path(settings.BASE_DIR) / "static" / "vendor" / "sw.js"
    if not path.exists():
        raise Http404("sw.js has not been built; run make")
    response = HttpResponse(path.read_bytes(), content_type="text/javascript")
    response["Service-Worker-Allowed"] = "/"
    return response


def offline(request: HttpRequest) -> HttpResponse:
    return render(request, "council/offline.html")


@cache_control(public=True, max_age=3600)
def logo(request: HttpRequest, council_id: int) -> HttpResponse:
    """The council's logo, for the login page too (so without login). The type comes from
    the bytes, which council/logo.py checked on upload; nosniff and a sandbox CSP so that
    nothing else could ever run from this address."""
    council = Council.objects.filter(pk=council_id).exclude(logo="").first()
    if council is None:
        raise Http404
    try:
        with council.logo.open("rb") as handle:
            data = handle.read(LOGO_MAX_BYTES + 1)
    except FileNotFoundError:
        raise Http404 from None
    kind = logo_type(data[:8])
    if kind is None or len(data) > LOGO_MAX_BYTES:
        raise Http404
    response = HttpResponse(data, content_type=kind)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
