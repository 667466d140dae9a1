"""Requests the service worker replays after an offline spell (static/js/sw-extra.js): the
same request may reach the server twice (the worker's copy, then the reader's own), late,
or after a newer state; none is ever counted twice or undoes a newer change."""

import pytest

from annotations import services
from annotations.models import Annotation
from council.audit import AuditEntry
from tests.annotations.conftest import stroke

pytestmark = pytest.mark.django_db


def saves() -> int:
    return AuditEntry.objects.filter(action__startswith="annotations.annotation.").count()


def test_a_create_replayed_after_the_reader_sent_it_is_kept_once(delegate, version):
    payload = stroke()
    services.save_annotation(delegate, version, payload)  # the worker's replay
    again = services.save_annotation(delegate, version, payload)  # the reader, reopened
    assert again.outcome == "kept_server"
    assert Annotation.objects.get().revision == 1
    assert saves() == 1


def test_an_older_request_replayed_after_a_newer_edit_changes_nothing(delegate, version):
    first = stroke()
    newer = stroke(id=first["id"], colour="#1d4ed8")  # the same offline entry, edited again
    services.save_annotation(delegate, version, newer)  # the reader sent its latest state
    late = services.save_annotation(delegate, version, first)  # an old copy comes late
    assert late.outcome == "kept_server"
    stored = Annotation.objects.get()
    assert (stored.colour, stored.revision) == ("#1d4ed8", 1)
    assert saves() == 1


def test_only_the_latest_request_per_annotation_is_replayed_and_why(delegate, version):
    """Drawn then erased offline: both requests carry base revision 0. Replayed one after the
    other, the erase would lose to the stroke it erases (a conflict keeps the mark), so the
    worker replays only the latest request of each annotation, as the reader's queue keeps
    only the latest state."""
    drawn = stroke()
    erased = stroke(id=drawn["id"], deleted=True)

    services.save_annotation(delegate, version, drawn)
    both = services.save_annotation(delegate, version, erased)
    assert both.outcome == "conflict"
    assert Annotation.objects.get().deleted_at is None

    Annotation.objects.all().delete()
    latest = services.save_annotation(delegate, version, erased)
    assert latest.outcome == "applied"
    assert Annotation.objects.get().deleted_at is not None
