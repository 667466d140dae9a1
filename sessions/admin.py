from django.contrib import admin

from sessions.models import AgendaItem, Sitting


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0


@admin.register(Sitting)
class SittingAdmin(admin.ModelAdmin):
    list_display = ["title", "council", "number", "starts_on", "state"]
    list_filter = ["council", "state"]
    readonly_fields = ["state", "event_seq"]
    inlines = [AgendaItemInline]
