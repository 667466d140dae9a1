from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.http import Http404

from council import permissions
from council.lookup import member_of
from council.models import Member
from sessions.models import Sitting, SittingState


def sitting_for(user: AbstractBaseUser | AnonymousUser, sitting_id: int) -> tuple[Sitting, Member]:
    """The sitting and the viewer's membership, or 404 for anyone who may not know of it."""
    sitting = (
        Sitting.objects.select_related("council", "current_item").filter(pk=sitting_id).first()
    )
    if sitting is None:
        raise Http404
    member = member_of(user, sitting.council_id)
    if sitting.state == SittingState.DRAFT and not permissions.can_see_drafts(member):
        raise Http404
    return sitting, member


def chaired_sitting(
    user: AbstractBaseUser | AnonymousUser, sitting_id: int
) -> tuple[Sitting, Member]:
    """As sitting_for, for the chair's console: to anyone else it does not exist."""
    sitting, member = sitting_for(user, sitting_id)
    if not permissions.can_chair(member):
        raise Http404
    return sitting, member
