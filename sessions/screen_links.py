"""Screen links: a hall PC shows the screen without anyone's login, until the link is revoked.

The link carries a random secret; only its SHA-256 is stored, so a copy of the database
opens no screen. A revoked link is refused at once, and screens connected through it are
closed (the consumer listens on the link's own group, and checks again on every resync).
"""

import hashlib
import logging
import secrets

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from council import permissions
from council.audit import log_action
from council.models import Member, Role
from sessions.errors import ActionRefused, NotAllowed
from sessions.layer_send import send_to_group
from sessions.models import ScreenLink, Sitting, SittingState

logger = logging.getLogger(__name__)

TOKEN_BYTES = 32


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


# A hall PC keeps its link's token in this cookie, never in an address (access logs).
SCREEN_COOKIE = "council_screen"
SCREEN_COOKIE_SECONDS = 365 * 24 * 3600  # the link's life is its revocation, not the cookie's


def link_group(link_id: int) -> str:
    return f"screenlink.{link_id}"


@transaction.atomic
def create_screen_link(
    actor: Member, *, label: str, sitting: Sitting | None = None
) -> tuple[ScreenLink, str]:
    """Return the link and its secret; the secret is never stored and cannot be shown again."""
    if not permissions.can_manage_sittings(actor):
        raise NotAllowed()
    if sitting is not None and sitting.council_id != actor.council_id:
        raise NotAllowed()
    label = " ".join(label.split())[:100]
    if not label:
        raise ActionRefused(_("Give the screen a name, such as “Left wall, hall A”."))
    token = secrets.token_urlsafe(TOKEN_BYTES)
    link = ScreenLink.objects.create(
        council_id=actor.council_id,
        sitting=sitting,
        label=label,
        token_hash=hash_token(token),
        created_by=actor,
    )
    log_action(
        actor,
        "sessions.screen_link.created",
        link,
        {"label": label, "sitting": sitting.pk if sitting else None},
    )
    return link, token


@transaction.atomic
def revoke_screen_link(actor: Member, link_id: int) -> ScreenLink:
    if not permissions.can_manage_sittings(actor):
        raise NotAllowed()
    link = (
        ScreenLink.objects.select_for_update()
        .filter(pk=link_id, council_id=actor.council_id)
        .first()
    )
    if link is None:
        raise ActionRefused(_("That screen link does not exist."))
    if link.revoked_at is not None:
        return link
    link.revoked_at = timezone.now()
    link.revoked_by = actor
    link.save(update_fields=["revoked_at", "revoked_by"])
    log_action(actor, "sessions.screen_link.revoked", link, {"label": link.label})
    link_id = link.pk
    transaction.on_commit(lambda: _close_screens(link_id))
    return link


def _close_screens(link_id: int) -> None:
    try:
        send_to_group(link_group(link_id), {"type": "screen.revoked", "group": link_group(link_id)})
    except Exception:
        # The link is revoked in the database: a screen that misses this message is
        # closed on its next resync or reconnect.
        logger.exception("could not close the screens of link %s", link_id)


def active_link(token: str) -> ScreenLink | None:
    if not token:
        return None
    return (
        ScreenLink.objects.select_related("council", "sitting")
        .filter(token_hash=hash_token(token), revoked_at__isnull=True)
        .first()
    )


def is_active(link_id: int) -> bool:
    return ScreenLink.objects.filter(pk=link_id, revoked_at__isnull=True).exists()


def sitting_for_link(link: ScreenLink) -> Sitting | None:
    """The sitting a link shows: its own, or the one its council is holding (else the next)."""
    if link.sitting is not None:
        return link.sitting if link.sitting.state != SittingState.DRAFT else None
    sittings = Sitting.objects.filter(council_id=link.council_id)
    return (
        sittings.filter(state=SittingState.IN_PROGRESS).first()
        or sittings.filter(state=SittingState.PUBLISHED).order_by("starts_on", "number").first()
    )


def may_show(link: ScreenLink, sitting: Sitting) -> bool:
    if sitting.council_id != link.council_id or sitting.state == SittingState.DRAFT:
        return False
    return link.sitting_id is None or link.sitting_id == sitting.pk


def viewer_for(token: str, sitting_id: int) -> tuple[Member, int] | None:
    """The read-only viewer a link gives on one sitting's WebSocket, and the link's id.

    The viewer is an unsaved hall-screen member of the link's council: it has no member
    group of its own, no login, and no way to write (every write is an HTTP form post
    behind a login).
    """
    link = active_link(token)
    if link is None:
        return None
    sitting = Sitting.objects.filter(pk=sitting_id).only("council_id", "state").first()
    if sitting is None or not may_show(link, sitting):
        return None
    viewer = Member(
        council_id=link.council_id,
        role=Role.SCREEN,
        full_name=link.label,
        language=settings.LANGUAGE_CODE,
    )
    return viewer, link.pk
