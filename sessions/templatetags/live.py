import time

from django import template
from django.utils.safestring import SafeString

register = template.Library()


@register.simple_tag(takes_context=True)
def region(context: template.Context, region_id: str) -> SafeString:
    """Output a live region the view rendered through sessions.regions (already escaped)."""
    return context["regions"][region_id]


@register.simple_tag
def rendered_at() -> str:
    """This render's server time in ms: static/js/live-offline.js tells a page served from the
    offline cache from the live frames the tablet received after it."""
    return str(time.time_ns() // 1_000_000)
