from typing import Any

from django import template

from notifications.push import public_key
from notifications.services import unread

register = template.Library()


@register.inclusion_tag("notifications/_bell.html", takes_context=True)
def notifications_bell(context: dict[str, Any]) -> dict[str, Any]:
    user = context["request"].user
    return {"unread_count": unread(user).count(), "vapid_public_key": public_key()}
