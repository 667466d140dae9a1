"""Read-only admin: polls, ballots and attendance are changed only through the services,
which lock, audit and publish."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from voting.models import Attendance, Poll


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Poll)
class PollAdmin(ReadOnlyAdmin):
    list_display = ["title", "sitting", "kind", "secret", "state", "opened_at", "closed_at"]
    list_filter = ["kind", "state", "secret"]


@admin.register(Attendance)
class AttendanceAdmin(ReadOnlyAdmin):
    list_display = ["member", "sitting", "status", "checked_in_at", "checked_out_at"]
    list_filter = ["status", "sitting"]
