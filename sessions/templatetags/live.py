from django import template
from django.utils.safestring import SafeString

register = template.Library()


@register.simple_tag(takes_context=True)
def region(context: template.Context, region_id: str) -> SafeString:
    """Output a live region the view rendered through sessions.regions (already escaped)."""
    return context["regions"][region_id]
