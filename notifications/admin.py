from django.contrib import admin

from notifications.models import Delivery, Dispatch, Notification, PushSubscription


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "created_at", "read_at"]
    list_filter = ["kind"]
    search_fields = ["user__username", "text"]
    raw_id_fields = ["user"]


@admin.register(Dispatch)
class DispatchAdmin(admin.ModelAdmin):
    # "sending" for long: a worker died between the claim and the send (never resent).
    list_display = ["notification", "channel", "state", "claimed_at", "sent_at", "error"]
    list_filter = ["channel", "state"]
    raw_id_fields = ["notification"]


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["key", "day", "user", "created_at"]
    search_fields = ["key"]
    raw_id_fields = ["user", "notification"]


@admin.register(PushSubscription)
class PushSubscriptionAdmin(admin.ModelAdmin):
    list_display = ["user", "created_at"]
    raw_id_fields = ["user"]
