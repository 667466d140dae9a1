"""No live frame exceeds the WebSocket message limit (issue 13, point 3).

A 4 MB agenda description once made every snapshot too large: sockets closed with 1011 and
reconnected in a loop. Fields are bounded at write time, and a frame that would still be
too large (rows written before the bounds) carries a notice in place of its largest region.
"""

import json

import pytest
from django.utils import timezone

from council.models import Role
from documents.models import Document
from sessions.models import AgendaItem, HallDisplay, Sitting
from sessions.regions import FRAME_MAX_BYTES
from sessions.state import PAGE_REGIONS, build_snapshot
from tests.annotations.conftest import document_version
from tests.conftest import client_for, make_member

# A letter that weighs three bytes in UTF-8, and one that HTML escapes to six (&quot;).
HEAVY = "Ễ"


def bound(model, field: str) -> int:
    limit = model._meta.get_field(field).max_length
    assert limit is not None, f"{model.__name__}.{field} has no length bound"
    return limit


def frame_size(snapshot: dict) -> int:
    return len(json.dumps(snapshot, ensure_ascii=False, separators=(",", ":")).encode())


def test_an_agenda_description_over_its_bound_is_refused_at_write(secretariat, sitting):
    before = AgendaItem.objects.count()
    response = client_for(secretariat).post(
        f"/sittings/{sitting.pk}/manage/items/",
        {"title": "Báo cáo", "description": "x" * (4 * 1024 * 1024)},
    )
    assert response.status_code == 302
    assert AgendaItem.objects.count() == before


@pytest.fixture
def maximal_sitting(council, secretariat):
    """A sitting whose every shown field is at its bound, in the heaviest characters."""
    sitting = Sitting.objects.create(
        council=council,
        number=2**31 - 1,
        title=HEAVY * bound(Sitting, "title"),
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate(),
        state="in_progress",
    )
    items = [
        AgendaItem(
            sitting=sitting,
            position=n,
            title=HEAVY * bound(AgendaItem, "title"),
            description=HEAVY * bound(AgendaItem, "description"),
        )
        for n in range(1, 41)  # a two-day sitting's agenda has 20 to 30 items
    ]
    AgendaItem.objects.bulk_create(items)
    sitting.current_item = sitting.items.last()
    sitting.save()
    for _ in range(20):
        version = document_version(sitting)
        Document.objects.filter(pk=version.document_id).update(
            title=HEAVY * bound(Document, "title")
        )
    HallDisplay.objects.update_or_create(
        sitting=sitting, defaults={"message": HEAVY * bound(HallDisplay, "message")}
    )
    return sitting


@pytest.mark.parametrize("page", sorted(PAGE_REGIONS))
@pytest.mark.parametrize("language", ["vi", "en"])
def test_a_maximal_sitting_snapshots_under_the_frame_limit(
    maximal_sitting, council, chair, page, language
):
    viewer = make_member(council, f"viewer-{page}-{language}", Role.CHAIR, language=language)
    snapshot = build_snapshot(maximal_sitting.pk, viewer, page)
    assert frame_size(snapshot) <= FRAME_MAX_BYTES
    # Under the limit by its bounds, not by the notice.
    assert "region-too-large" not in json.dumps(snapshot)


def test_a_region_that_would_overflow_the_frame_is_sent_as_a_notice(chair, sitting):
    # Each item within its bounds, but six hundred of them: the agenda alone is ~4 MB.
    AgendaItem.objects.bulk_create(
        AgendaItem(
            sitting=sitting,
            position=10 + n,
            title=HEAVY * bound(AgendaItem, "title"),
            description=HEAVY * bound(AgendaItem, "description"),
        )
        for n in range(600)
    )
    snapshot = build_snapshot(sitting.pk, chair, "room")
    assert frame_size(snapshot) <= FRAME_MAX_BYTES
    assert 'id="agenda" class="region-too-large"' in snapshot["regions"]["agenda"]
    assert sitting.title in snapshot["regions"]["sitting-header"]  # the rest still goes out
