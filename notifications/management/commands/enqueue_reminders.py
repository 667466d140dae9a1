from typing import Any

from django.core.management.base import BaseCommand

from followup.reminders import enqueue_now


class Command(BaseCommand):
    help = (
        "Enqueue a reminder sweep now (it then re-enqueues itself at each reminder hour). "
        "Run before the tasks worker starts: a sweep a killed worker left half-done is "
        "finished by the next one, and nothing is sent twice."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        enqueue_now()
