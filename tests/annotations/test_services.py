"""Saving, sharing and erasing: the author's rules, and nobody else's."""

import uuid

import pytest
from django.utils import translation

from annotations import services
from annotations.models import Annotation, Visibility
from annotations.queries import visible_to
from council.audit import AuditEntry
from sessions.errors import ActionRefused, NotAllowed, NotFound
from tests.annotations.conftest import note, stroke

pytestmark = pytest.mark.django_db


def test_a_new_annotation_is_private_and_at_revision_one(delegate, version):
    result = services.save_annotation(delegate, version, stroke())
    annotation = result.annotation
    assert result.outcome == "applied"
    assert annotation.visibility == Visibility.PRIVATE
    assert annotation.revision == 1
    assert annotation.author == delegate
    assert AuditEntry.objects.filter(action="annotations.annotation.created").count() == 1


def test_the_same_create_sent_twice_is_stored_once(delegate, version):
    payload = stroke()
    services.save_annotation(delegate, version, payload)
    again = services.save_annotation(delegate, version, payload)
    assert Annotation.objects.count() == 1
    assert again.annotation.revision == 1
    assert again.outcome == "kept_server"


def test_an_edit_based_on_the_latest_revision_applies(delegate, version):
    first = stroke()
    services.save_annotation(delegate, version, first)
    result = services.save_annotation(
        delegate, version, stroke(id=first["id"], base=1, colour="#1d4ed8")
    )
    assert result.outcome == "applied"
    assert result.annotation.colour == "#1d4ed8"
    assert result.annotation.revision == 2


def test_only_the_author_can_change_an_annotation(delegate, teammate, version):
    payload = stroke(visibility="group")
    services.save_annotation(delegate, version, payload)
    with pytest.raises(NotAllowed):
        services.save_annotation(teammate, version, {**payload, "base_revision": 1})
    annotation = Annotation.objects.get()
    with pytest.raises(NotAllowed):
        services.share(teammate, annotation, "sitting")
    with pytest.raises(NotAllowed):
        services.delete_annotation(teammate, annotation)
    assert Annotation.objects.get().revision == 1


def test_a_hall_screen_cannot_annotate(screen, version):
    with pytest.raises(NotAllowed):
        services.save_annotation(screen, version, stroke())
    assert not Annotation.objects.exists()


def test_a_member_of_another_council_cannot_annotate_this_councils_document(outsider, version):
    with pytest.raises(NotAllowed):
        services.save_annotation(outsider, version, stroke())


def test_private_annotations_are_seen_by_their_author_only(
    delegate, teammate, chair, secretariat, loner, version
):
    services.save_annotation(delegate, version, stroke())
    assert visible_to(delegate, version).count() == 1
    for other in (teammate, chair, secretariat, loner):
        assert visible_to(other, version).count() == 0


def test_a_group_share_reaches_the_group_and_no_one_else(
    delegate, teammate, chair, secretariat, loner, version
):
    annotation = services.save_annotation(delegate, version, stroke()).annotation
    services.share(delegate, annotation, "group")
    assert visible_to(teammate, version).count() == 1
    assert visible_to(chair, version).count() == 1  # the chair is in this group
    assert visible_to(secretariat, version).count() == 0
    assert visible_to(loner, version).count() == 0


def test_a_sitting_share_reaches_every_member_and_unsharing_takes_it_back(
    delegate, secretariat, loner, version
):
    annotation = services.save_annotation(delegate, version, stroke()).annotation
    services.share(delegate, annotation, "sitting")
    assert visible_to(loner, version).count() == visible_to(secretariat, version).count() == 1
    services.unshare(delegate, annotation)
    assert visible_to(loner, version).count() == visible_to(secretariat, version).count() == 0
    assert visible_to(delegate, version).count() == 1


def test_a_delegate_in_no_group_cannot_share_with_a_group(loner, version):
    annotation = services.save_annotation(loner, version, stroke()).annotation
    with translation.override("en"), pytest.raises(ActionRefused, match="not in a delegate group"):
        services.share(loner, annotation, "group")
    assert Annotation.objects.get().visibility == "private"


def test_a_group_share_stays_with_the_group_it_was_shared_with(
    delegate, teammate, council, version
):
    from council.models import DelegateGroup

    annotation = services.save_annotation(delegate, version, stroke()).annotation
    services.share(delegate, annotation, "group")
    delegate.group = DelegateGroup.objects.create(council=council, name="Tổ 2")
    delegate.save()
    assert visible_to(teammate, version).count() == 1


def test_an_erased_annotation_is_kept_as_a_tombstone_and_seen_by_no_one(delegate, version):
    annotation = services.save_annotation(delegate, version, note("Hỏi lại")).annotation
    services.delete_annotation(delegate, annotation)
    stored = Annotation.objects.get()
    assert stored.deleted_at is not None
    assert stored.revision == 2
    assert visible_to(delegate, version).count() == 0


def test_an_erased_annotation_cannot_be_shared(delegate, version):
    annotation = services.save_annotation(delegate, version, stroke()).annotation
    services.delete_annotation(delegate, annotation)
    with pytest.raises(ActionRefused):
        services.share(delegate, annotation, "sitting")


def test_an_id_that_is_not_a_uuid_is_refused(delegate, version):
    with pytest.raises(ActionRefused):
        services.save_annotation(delegate, version, {**stroke(), "id": "42"})


def test_another_members_id_is_never_overwritten(delegate, loner, version):
    payload = stroke()
    services.save_annotation(delegate, version, payload)
    with pytest.raises(NotFound):  # a private one: as if it did not exist
        services.save_annotation(loner, version, {**payload, "id": payload["id"]})
    assert Annotation.objects.get(pk=uuid.UUID(payload["id"])).author == delegate
