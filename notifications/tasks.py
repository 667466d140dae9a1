"""Jobs on django.tasks (run by `manage.py db_worker`)."""

from django.tasks import task

from notifications.delivery import send_pending


@task
def deliver_pending() -> int:
    """Send whatever e-mail and Web Push waits; enqueued after each notification's commit."""
    return send_pending()
