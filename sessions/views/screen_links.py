"""Screen links: the secretariat makes and revokes them; a hall PC opens one without a login."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.decorators.csp import csp_override
from django.views.decorators.http import require_POST

from council import permissions
from council.web import PDF_VIEWER_CSP, refusals_shown
from sessions import screen_links
from sessions.lookup import sitting_for
from sessions.models import ScreenLink
from sessions.regions import render_regions
from sessions.state import page_regions

# The secret of a new link, shown once on the next page and then forgotten.
_CREATED_KEY = "sessions:screen_link_created"


def _managed(request: HttpRequest, sitting_id: int):
    sitting, member = sitting_for(request.user, sitting_id)
    if not permissions.can_manage_sittings(member):
        raise Http404
    return sitting, member


@never_cache
@login_required
@refusals_shown
def manage(request: HttpRequest, sitting_id: int) -> HttpResponse:
    sitting, member = _managed(request, sitting_id)
    if request.method == "POST":
        link, token = screen_links.create_screen_link(
            member,
            label=request.POST.get("label", ""),
            sitting=sitting if request.POST.get("follow") != "council" else None,
        )
        request.session[_CREATED_KEY] = {
            "id": link.pk,
            "url": request.build_absolute_uri(reverse("sessions:screen_link", args=[token])),
        }
        return redirect("sessions:screen_links", sitting_id=sitting.pk)
    links = ScreenLink.objects.filter(council_id=sitting.council_id).filter(
        Q(sitting=sitting) | Q(sitting__isnull=True)
    )
    return render(
        request,
        "sessions/screen_links.html",
        {
            "sitting": sitting,
            "member": member,
            "links": links.select_related("created_by", "revoked_by"),
            "created": request.session.pop(_CREATED_KEY, None),
        },
    )


@login_required
@require_POST
@refusals_shown
def revoke(request: HttpRequest, sitting_id: int, link_id: int) -> HttpResponse:
    sitting, member = _managed(request, sitting_id)
    screen_links.revoke_screen_link(member, link_id)
    return redirect("sessions:screen_links", sitting_id=sitting.pk)


@never_cache
def screen(request: HttpRequest, token: str) -> HttpResponse:
    """The link itself: its token is exchanged once for a cookie, then a token-free address.

    The token in an address would be written in every access log (nginx, Daphne) on every
    reload; the cookie is not (HttpOnly, this site only).
    """
    if screen_links.active_link(token) is None:
        with translation.override(settings.LANGUAGE_CODE):
            return render(request, "sessions/screen_link_gone.html", status=404)
    response = redirect("sessions:screen_link_page")
    response.set_cookie(
        screen_links.SCREEN_COOKIE,
        token,
        max_age=screen_links.SCREEN_COOKIE_SECONDS,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Strict",
    )
    return response


@never_cache
@csp_override(PDF_VIEWER_CSP)  # the presented page is drawn with pdf.js
def screen_page(request: HttpRequest) -> HttpResponse:
    """The hall screen through a link: no login, read-only, gone once the link is revoked."""
    token = request.COOKIES.get(screen_links.SCREEN_COOKIE, "")
    # The hall speaks the council's language, whatever the PC's browser prefers; the
    # socket's viewer does too (sessions/screen_links.py), so the two renders agree.
    with translation.override(settings.LANGUAGE_CODE):
        link = screen_links.active_link(token) if token else None
        if link is None:
            return render(request, "sessions/screen_link_gone.html", status=404)
        sitting = screen_links.sitting_for_link(link)
        if sitting is None:
            return render(
                request,
                "sessions/screen_idle_link.html",
                {"link": link, "council": link.council},
            )
        return render(
            request,
            "sessions/screen_link.html",
            {
                "sitting": sitting,
                "page": "screen",
                "link": link,
                "regions": render_regions(sitting, page_regions("screen"), settings.LANGUAGE_CODE),
            },
        )
