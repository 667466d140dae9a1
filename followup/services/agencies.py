"""The council's list of agencies, kept by the secretariat (officers' accounts: the admin)."""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from council.audit import log_action
from council.models import Member
from followup.models import Agency, AgencyKind
from sessions.errors import ActionRefused, NotAllowed


def _check(actor: Member) -> None:
    if not actor.is_secretariat:
        raise NotAllowed()


def add_agency(actor: Member, name: str, short_name: str, kind: str) -> Agency:
    _check(actor)
    name, short_name = (name or "").strip(), (short_name or "").strip()
    if not name or not short_name:
        raise ActionRefused(_("An agency needs a name and a short name."))
    if len(name) > 200 or len(short_name) > 50:
        raise ActionRefused(_("The name is at most 200 characters, the short name 50."))
    if kind not in AgencyKind.values:
        raise ActionRefused(_("Choose a kind of agency from the list."))
    try:
        with transaction.atomic():
            agency = Agency.objects.create(
                council_id=actor.council_id, name=name, short_name=short_name, kind=kind
            )
            log_action(actor, "followup.agency.added", agency, {"name": name})
    except IntegrityError:
        raise ActionRefused(_("An agency with this name or short name exists already.")) from None
    return agency


def set_active(actor: Member, agency_id: int, active: bool) -> Agency:
    """An inactive agency keeps its tasks but is offered no new ones."""
    _check(actor)
    with transaction.atomic():
        agency = (
            Agency.objects.select_for_update()
            .filter(pk=agency_id, council_id=actor.council_id)
            .first()
        )
        if agency is None:
            raise ActionRefused(_("This agency does not exist."))
        agency.active = active
        agency.save(update_fields=["active"])
        log_action(actor, "followup.agency.active_changed", agency, {"active": active})
    return agency
