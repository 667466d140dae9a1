from django import template
from django.db.models import Prefetch

from documents.models import Document, DocumentVersion
from sessions.models import AgendaItem, Sitting

register = template.Library()


@register.simple_tag
def managed_documents(sitting: Sitting, item: AgendaItem | None = None) -> list[Document]:
    """The secretariat's view of an item's documents (or the loose ones), withdrawn last."""
    return list(
        Document.objects.filter(sitting=sitting, agenda_item=item)
        .prefetch_related(
            Prefetch("versions", queryset=DocumentVersion.objects.order_by("-number"))
        )
        .order_by("withdrawn", "position", "id")
    )
