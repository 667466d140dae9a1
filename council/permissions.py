"""Who may do what: plain functions over (member, object).

Views and services both call these; a refused action from another council is a 404
(see council/lookup.py), so these only decide between members of the same council.
"""

from council.models import Member


def can_manage_sittings(member: Member) -> bool:
    return member.is_secretariat


def can_chair(member: Member) -> bool:
    return member.is_chair


def can_see_drafts(member: Member) -> bool:
    # The chair prepares the sitting with the secretariat; delegates see it once published.
    return member.is_secretariat or member.is_chair


def can_enter_room(member: Member) -> bool:
    return True


def is_read_only(member: Member) -> bool:
    return member.is_screen
