"""What a person is told (in the app), what reached them by e-mail or Web Push, and where.

Never twice, by the database: a reminder's delivery and a notification's dedupe key are
UNIQUE, and each channel of a notification is one Dispatch row (UNIQUE per channel) that a
worker claims before it sends.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("kind"), max_length=40)
    text = models.TextField(_("text"), max_length=20000)
    url = models.CharField(_("link"), max_length=500, blank=True)
    # A reminder digest's or an event's own key ("digest:<user>:<day>"); null for one-offs.
    dedupe_key = models.CharField(max_length=200, unique=True, null=True, blank=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind}"


class Delivery(models.Model):
    """One reminder (task, kind, working day) handed to one person: the ledger that makes a
    second sweep, a second worker or a restarted one write nothing the second time."""

    key = models.CharField(max_length=200, unique=True)
    day = models.DateField(db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    notification = models.ForeignKey(
        Notification, on_delete=models.CASCADE, related_name="deliveries"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("reminder delivery")
        verbose_name_plural = _("reminder deliveries")

    def __str__(self) -> str:
        return self.key


class Channel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    PUSH = "push", _("Web Push")


class DispatchState(models.TextChoices):
    PENDING = "pending", _("Pending")
    # Claimed by a worker that may have died while sending: never sent again (at most once),
    # the secretariat sees it in the admin.
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class Dispatch(models.Model):
    notification = models.ForeignKey(
        Notification, on_delete=models.CASCADE, related_name="dispatches"
    )
    channel = models.CharField(max_length=10, choices=Channel.choices)
    state = models.CharField(
        max_length=10, choices=DispatchState.choices, default=DispatchState.PENDING
    )
    # A send that failed (SMTP down, a push service's 5xx) goes back to pending for the next
    # delivery run, up to delivery.MAX_ATTEMPTS.
    attempts = models.PositiveSmallIntegerField(default=0)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=500, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["notification", "channel"], name="one_dispatch_per_channel"
            )
        ]
        indexes = [models.Index(fields=["state", "id"])]

    def __str__(self) -> str:
        return f"{self.notification_id} {self.channel} {self.state}"


class PushSubscription(models.Model):
    """A browser (the installed PWA) that allowed notifications; removed once its push
    service answers 404 or 410 (the user revoked it or uninstalled the app)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="push_subscriptions"
    )
    endpoint = models.URLField(max_length=1000, unique=True)
    p256dh = models.CharField(max_length=200)
    auth = models.CharField(max_length=100)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("push subscription")
        verbose_name_plural = _("push subscriptions")

    def __str__(self) -> str:
        return f"{self.user_id} {self.endpoint[:40]}"
