"""Jobs on django.tasks (run by `manage.py db_worker`)."""

from django.tasks import task

from notifications.delivery import send_pending


@task
def deliver_pending() -> int:
    """Send whatever e-mail and Web Push waits; enqueued after each notification's commit."""
    return send_pending()


def enqueue_delivery() -> None:
    """One waiting delivery job is enough: it sends every pending dispatch."""
    from django_tasks_db.models import DBTaskResult

    path = deliver_pending.module_path
    if not DBTaskResult.objects.ready().filter(task_path=path).exists():
        deliver_pending.enqueue()
