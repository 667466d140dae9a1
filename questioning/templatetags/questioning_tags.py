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
    from questioning.queries import own

    return {
        "sitting": sitting,
        "member": member,
        "regions": context["regions"],
        "officials": list(Official.objects.filter(sitting=sitting)),
        "own": own(member, sitting) if member.is_delegate else [],
        "csrf_token": context.get("csrf_token"),
    }
