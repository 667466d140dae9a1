"""Inside a follow-up service's transaction: what the change tells whom, after commit.

- The sittings' tablets and hall screens hear it through live.publish (numbered events,
  followup/live_events.py).
- An agency's officers and the council's dashboards are not in any sitting: each has a group
  of its own (followup/consumers.py). Their pages are per viewer (an agency's list, a filtered
  dashboard), so the push says only which task changed and how; the page fetches its own
  fresh state over HTTP with the viewer's own rights, so nothing is sent that a viewer may not
  read.
"""

import json
import logging
from collections.abc import Mapping

from django.db import transaction

from followup.live_events import CONCLUSIONS_CHANGED, REVIEW_CHANGED, TASKS_CHANGED
from followup.models import Task
from sessions import live
from sessions.layer_send import send_to_group
from sessions.models import Sitting

logger = logging.getLogger(__name__)


def agency_group(agency_id: int) -> str:
    return f"followup.agency.{agency_id}"


def council_group(council_id: int) -> str:
    return f"followup.council.{council_id}"


def _send(groups: list[str], payload: Mapping[str, object]) -> None:
    text = json.dumps(payload, separators=(",", ":"))
    for group in groups:
        try:
            send_to_group(group, {"type": "followup.changed", "group": group, "text": text})
        except Exception:
            # Committed all the same: an open page refetches when it reconnects.
            logger.exception("could not tell %s of a task change", group)


def task_changed(task: Task, change: str, sittings: list[Sitting]) -> None:
    for sitting in sittings:
        live.publish(sitting, TASKS_CHANGED, {"task_id": task.pk, "change": change})
    payload = {"type": "task", "task_id": task.pk, "change": change, "status": task.status}
    groups = [agency_group(task.agency_id), council_group(task.council_id)]
    transaction.on_commit(lambda: _send(groups, payload))


def conclusions_changed(
    sitting: Sitting, conclusion_id: int | None, reviewing: list[Sitting]
) -> None:
    """The sitting's own tablets, and the reviews of later sittings that list it."""
    for shown in sorted([sitting, *reviewing], key=lambda s: s.pk):
        live.publish(shown, CONCLUSIONS_CHANGED, {"conclusion_id": conclusion_id})
    payload = {"type": "conclusion", "conclusion_id": conclusion_id}
    groups = [council_group(sitting.council_id)]
    transaction.on_commit(lambda: _send(groups, payload))


def review_changed(sitting: Sitting, item_id: int) -> None:
    live.publish(sitting, REVIEW_CHANGED, {"item_id": item_id})
