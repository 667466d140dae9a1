from typing import Any

from django import template

from questioning.models import Official

register = template.Library()


@register.inclusion_tag("questioning/_ask.html", takes_context=True)
def question_ask(context: template.Context, sitting: Any, member: Any) -> dict[str, Any]:
    """The reader's "ask a question on this passage" (delegates only; a screen never asks)."""
    return {
        "sitting": sitting,
        "member": member,
        "officials": list(Official.objects.filter(sitting=sitting)),
        "shown": bool(member and member.is_delegate),
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("questioning/_room_panel.html", takes_context=True)
def questioning_panel(context: template.Context, sitting: Any, member: Any) -> dict[str, Any]:
    from questioning.views import own_context

    mine = own_context(sitting, member) if member.is_delegate else {"own": []}
    return {
        "sitting": sitting,
        "member": member,
        "regions": context["regions"],
        "officials": list(Official.objects.filter(sitting=sitting)),
        **mine,
        "csrf_token": context.get("csrf_token"),
    }
