"""The council's own services: a user's choice of language."""

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext as _

from council.audit import log_action
from council.models import Member
from sessions.errors import ActionRefused


@transaction.atomic
def choose_language(user: User, language: str) -> list[Member]:
    """Speak `language` to `user` on every device; return the memberships it changed.

    The choice is per member (each council the user belongs to), audited there, and pushed
    to the user's open tablets, which switch at once without reconnecting
    (sessions/member_events.py `send_language`).
    """
    if language not in dict(settings.LANGUAGES):
        raise ActionRefused(_("That language is not offered."))
    members = list(Member.objects.select_for_update().filter(user=user).order_by("pk"))
    changed = [member for member in members if member.language != language]
    for member in changed:
        before, member.language = member.language, language
        member.save(update_fields=["language"])
        log_action(
            member, "council.member.language_changed", member, {"from": before, "to": language}
        )
    if changed:
        from sessions.member_events import send_language

        ids = {member.pk: member.council_id for member in changed}
        transaction.on_commit(lambda: send_language(ids, language))
    return changed
