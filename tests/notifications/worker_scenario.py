"""Run in a process of its own against the worker's database: `migrate` then `seed N`.

The test (test_worker.py) points DATABASE_URL or PAPERLESS_VAR_DIR at a database of its
own, so that `manage.py db_worker` in yet another process sees the same rows.
"""

import os
import sys

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "council.settings")
django.setup()

from django.core.management import call_command  # noqa: E402

from followup.reminders import sweep_reminders  # noqa: E402
from tests.notifications.factory import MONDAY_9AM, seed  # noqa: E402

if __name__ == "__main__":
    if sys.argv[1] == "seed":
        call_command("migrate", verbosity=0)
        officers = int(sys.argv[2])
        seed(tasks=officers, officers=officers)
    # What `manage.py enqueue_reminders` does when the worker starts again, but as of Monday
    # 09:00 rather than the moment the test runs (reminders are due only on working days).
    sweep_reminders.enqueue(at=MONDAY_9AM.isoformat())
