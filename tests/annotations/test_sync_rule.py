"""Offline tablets and several devices: last edit wins, and no stroke disappears unseen."""

import datetime

import pytest
from django.utils import timezone

from annotations import services
from annotations.models import Annotation
from tests.annotations.conftest import stroke

pytestmark = pytest.mark.django_db


@pytest.fixture
def drawn(delegate, version):
    """A stroke both of the delegate's tablets have seen at revision 1."""
    payload = stroke()
    services.save_annotation(delegate, version, payload)
    return payload


def test_a_stale_erase_of_a_stroke_edited_on_another_device_keeps_the_stroke(
    delegate, version, drawn
):
    services.save_annotation(delegate, version, stroke(id=drawn["id"], base=1, colour="#1d4ed8"))
    # The other tablet, offline, erased the stroke it still saw at revision 1.
    result = services.save_annotation(
        delegate, version, stroke(id=drawn["id"], base=1, deleted=True)
    )
    assert result.outcome == "conflict"
    stored = Annotation.objects.get()
    assert stored.deleted_at is None
    assert stored.colour == "#1d4ed8"
    assert result.annotation.revision == 2


def test_an_erase_based_on_the_latest_revision_erases(delegate, version, drawn):
    result = services.save_annotation(
        delegate, version, stroke(id=drawn["id"], base=1, deleted=True)
    )
    assert result.outcome == "applied"
    assert Annotation.objects.get().deleted_at is not None


def test_an_edit_of_a_stroke_erased_meanwhile_brings_it_back_and_says_so(delegate, version, drawn):
    services.save_annotation(delegate, version, stroke(id=drawn["id"], base=1, deleted=True))
    result = services.save_annotation(
        delegate, version, stroke(id=drawn["id"], base=1, colour="#15803d")
    )
    assert result.outcome == "conflict"
    stored = Annotation.objects.get()
    assert stored.deleted_at is None
    assert stored.colour == "#15803d"
    assert stored.revision == 3


def test_a_late_copy_of_an_erased_stroke_does_not_bring_it_back(delegate, version):
    created = stroke()
    erased = {**created, "deleted": True}
    # The erase arrives first (the create's response was lost and it is retried late).
    services.save_annotation(delegate, version, erased)
    result = services.save_annotation(delegate, version, created)
    assert result.outcome == "kept_server"
    assert Annotation.objects.get().deleted_at is not None


def test_of_two_concurrent_edits_the_later_one_wins_whatever_the_arrival_order(
    delegate, version, drawn
):
    earlier = stroke(id=drawn["id"], base=1, colour="#1d4ed8")
    later = stroke(id=drawn["id"], base=1, colour="#15803d")
    assert services.save_annotation(delegate, version, later).outcome == "applied"
    result = services.save_annotation(delegate, version, earlier)
    assert result.outcome == "kept_server"
    assert result.annotation.colour == "#15803d"
    assert Annotation.objects.get().colour == "#15803d"


def test_a_concurrent_edit_made_later_replaces_the_earlier_one(delegate, version, drawn):
    earlier = stroke(id=drawn["id"], base=1, colour="#1d4ed8")
    later = stroke(id=drawn["id"], base=1, colour="#15803d")
    services.save_annotation(delegate, version, earlier)
    assert services.save_annotation(delegate, version, later).outcome == "applied"
    assert Annotation.objects.get().colour == "#15803d"


def test_a_tablet_clock_in_the_future_does_not_win_forever(delegate, version, drawn):
    future = timezone.now() + datetime.timedelta(days=365)
    services.save_annotation(
        delegate, version, stroke(id=drawn["id"], base=1, colour="#1d4ed8", at=future)
    )
    assert Annotation.objects.get().client_updated_at <= timezone.now()
    result = services.save_annotation(
        delegate, version, stroke(id=drawn["id"], base=1, colour="#111827", at=timezone.now())
    )
    assert result.outcome == "applied"


def test_erasing_twice_is_harmless(delegate, version, drawn):
    services.save_annotation(delegate, version, stroke(id=drawn["id"], base=1, deleted=True))
    again = services.save_annotation(
        delegate, version, stroke(id=drawn["id"], base=1, deleted=True)
    )
    assert again.outcome == "applied"
    assert Annotation.objects.get().revision == 2


def test_undo_of_an_erase_restores_the_stroke(delegate, version, drawn):
    services.save_annotation(delegate, version, stroke(id=drawn["id"], base=1, deleted=True))
    result = services.save_annotation(delegate, version, stroke(id=drawn["id"], base=2))
    assert result.outcome == "applied"
    assert Annotation.objects.get().deleted_at is None
