"""The chair's hold on the hall screens: a message, a plain countdown, the screen mode, and
"follow me" (present a document page; following tablets jump to it in their own copy).

Same shape as every service: chair only, the sitting row locked, audit, event after commit.
"""

import datetime

from django.apps import apps
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from council import permissions
from council.audit import log_action
from council.models import Member
from sessions import live
from sessions.errors import ActionRefused, NotAllowed
from sessions.models import HallDisplay, PresentedZoom, ScreenMode, Sitting, SittingState
from sessions.speaker_events import HALL_CHANGED, PRESENTATION_CHANGED
from sessions.zoom_region import Region

MAX_COUNTDOWN_MINUTES = 24 * 60


def _locked_hall(actor: Member, sitting: Sitting) -> tuple[Sitting, HallDisplay]:
    if not permissions.can_chair(actor) or sitting.council_id != actor.council_id:
        raise NotAllowed()
    sitting = Sitting.objects.select_for_update().get(pk=sitting.pk)
    if sitting.state != SittingState.IN_PROGRESS:
        raise ActionRefused(_("The sitting has not started."))
    hall, _created = HallDisplay.objects.get_or_create(sitting=sitting)
    return sitting, hall


def _publish(sitting: Sitting, change: str) -> None:
    live.publish(
        sitting, HALL_CHANGED, {"change": change, "now": int(timezone.now().timestamp() * 1000)}
    )


# HallDisplay.message's max_length: what a hall screen shows legibly on one or two lines.
MAX_MESSAGE_CHARS = 200


@transaction.atomic
def show_message(
    actor: Member, sitting: Sitting, *, message: str = "", minutes: int | None = None
) -> HallDisplay:
    """Put a message ("Nghỉ giải lao 15 phút") and/or a countdown on the hall screens."""
    sitting, hall = _locked_hall(actor, sitting)
    message = " ".join(message.split())
    if len(message) > MAX_MESSAGE_CHARS:
        raise ActionRefused(_("The message is too long for the screens."))
    if minutes is not None and not 0 < minutes <= MAX_COUNTDOWN_MINUTES:
        raise ActionRefused(_("Give a countdown between 1 minute and 24 hours."))
    if not message and minutes is None:
        raise ActionRefused(_("Write a message or give a countdown."))
    hall.message = message
    hall.countdown_ends_at = (
        timezone.now() + datetime.timedelta(minutes=minutes) if minutes is not None else None
    )
    hall.message_shown_at = timezone.now()
    hall.save(update_fields=["message", "countdown_ends_at", "message_shown_at"])
    log_action(
        actor,
        "sessions.screen.message_shown",
        sitting,
        {"message": message, "minutes": minutes},
        council=sitting.council,
    )
    _publish(sitting, "message")
    return hall


@transaction.atomic
def clear_message(actor: Member, sitting: Sitting) -> HallDisplay:
    sitting, hall = _locked_hall(actor, sitting)
    if not hall.message and hall.countdown_ends_at is None:
        return hall
    hall.message, hall.countdown_ends_at = "", None
    hall.save(update_fields=["message", "countdown_ends_at"])
    log_action(actor, "sessions.screen.message_cleared", sitting, {}, council=sitting.council)
    _publish(sitting, "message_cleared")
    return hall


@transaction.atomic
def set_screen_mode(actor: Member, sitting: Sitting, mode: str) -> HallDisplay:
    sitting, hall = _locked_hall(actor, sitting)
    if mode not in ScreenMode.values:
        raise ActionRefused(_("Unknown screen mode."))
    if hall.mode == mode:
        return hall
    before = hall.mode
    hall.mode = mode
    hall.save(update_fields=["mode"])
    log_action(
        actor,
        "sessions.screen.mode_set",
        sitting,
        {"from": before, "to": mode},
        council=sitting.council,
    )
    _publish(sitting, "mode")
    return hall


def _version(sitting: Sitting, version_id: int):
    """The version, if it belongs to one of this sitting's published documents."""
    if not apps.is_installed("documents"):
        return None
    version_model = apps.get_model("documents", "DocumentVersion")
    return (
        version_model.objects.published_in(sitting.pk)
        .select_related("document")
        .filter(pk=version_id)
        .first()
    )


@transaction.atomic
def present_page(actor: Member, sitting: Sitting, version_id: int, page: int) -> HallDisplay:
    """Follow me: the hall screens show this page and following tablets jump to it."""
    sitting, hall = _locked_hall(actor, sitting)
    version = _version(sitting, version_id)
    if version is None:
        raise ActionRefused(_("That document is not among this sitting's published documents."))
    if not 1 <= page <= version.page_count:
        raise ActionRefused(
            _("This document has pages 1 to %(pages)s.") % {"pages": version.page_count}
        )
    before = (hall.presenting_version_id, hall.presenting_page)
    if before == (version.pk, page):
        return hall
    hall.presenting_version_id = version.pk
    hall.presenting_page = page
    hall.presenting_title = version.document.title[:300]
    if hall.presenting_zoom == PresentedZoom.AREA:
        # A region belongs to its page: the next page starts whole (the width zoom stays,
        # a long table is read page after page at its width).
        hall.presenting_zoom = PresentedZoom.PAGE
    hall.save(
        update_fields=[
            "presenting_version_id",
            "presenting_page",
            "presenting_title",
            "presenting_zoom",
        ]
    )
    log_action(
        actor,
        "sessions.presentation.changed",
        sitting,
        {"version_id": version.pk, "page": page, "from": list(before)},
        council=sitting.council,
    )
    live.publish(sitting, PRESENTATION_CHANGED, {"version_id": version.pk, "page": page})
    return hall


@transaction.atomic
def stop_presenting(actor: Member, sitting: Sitting) -> HallDisplay:
    sitting, hall = _locked_hall(actor, sitting)
    if hall.presenting_version_id is None:
        return hall
    before = hall.presenting_version_id
    hall.presenting_version_id = None
    hall.presenting_page = None
    hall.presenting_title = ""
    hall.presenting_zoom = PresentedZoom.PAGE  # the next document starts whole
    hall.save(
        update_fields=[
            "presenting_version_id",
            "presenting_page",
            "presenting_title",
            "presenting_zoom",
        ]
    )
    log_action(
        actor,
        "sessions.presentation.stopped",
        sitting,
        {"version_id": before},
        council=sitting.council,
    )
    live.publish(sitting, PRESENTATION_CHANGED, {"version_id": None, "page": None})
    return hall


@transaction.atomic
def set_presented_zoom(actor: Member, sitting: Sitting, zoom: str) -> HallDisplay:
    """Show the presented page whole, or as wide as the screens (a table, a chart)."""
    sitting, hall = _locked_hall(actor, sitting)
    if zoom not in (PresentedZoom.PAGE, PresentedZoom.WIDTH):
        raise ActionRefused(_("Choose the whole page or the page width."))
    if hall.presenting_version_id is None:
        raise ActionRefused(_("No page is being presented."))
    if hall.presenting_zoom == zoom:
        return hall
    hall.presenting_zoom = zoom
    hall.save(update_fields=["presenting_zoom"])
    log_action(
        actor, "sessions.presentation.zoomed", sitting, {"zoom": zoom}, council=sitting.council
    )
    _publish(sitting, "zoom")
    return hall


@transaction.atomic
def zoom_to_region(actor: Member, sitting: Sitting, region: Region) -> HallDisplay:
    """The hall screens show this region of the presented page, scaled to fit them."""
    sitting, hall = _locked_hall(actor, sitting)
    if hall.presenting_version_id is None:
        raise ActionRefused(_("No page is being presented."))
    hall.presenting_zoom = PresentedZoom.AREA
    hall.zoom_left, hall.zoom_top = region.left, region.top
    hall.zoom_width, hall.zoom_height = region.width, region.height
    hall.save(
        update_fields=["presenting_zoom", "zoom_left", "zoom_top", "zoom_width", "zoom_height"]
    )
    log_action(
        actor,
        "sessions.presentation.zoomed",
        sitting,
        {"zoom": "area", "region": [region.left, region.top, region.width, region.height]},
        council=sitting.council,
    )
    _publish(sitting, "zoom")
    return hall


def presentable_versions(sitting: Sitting) -> list[dict]:
    """The chair's choice of documents to present: the current version of each published one."""
    if not apps.is_installed("documents"):
        return []
    document_model = apps.get_model("documents", "Document")
    documents = (
        document_model.objects.filter(sitting=sitting, published=True, withdrawn=False)
        .prefetch_related("versions")
        .order_by("position", "id")
    )
    choices = []
    for document in documents:
        version = max(document.versions.all(), key=lambda v: v.number, default=None)
        if version is not None:
            choices.append({"id": version.pk, "title": document.title, "pages": version.page_count})
    return choices
