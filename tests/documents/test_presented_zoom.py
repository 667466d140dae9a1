"""The chair zooms the presented page to the screens' width, for a table (issue 18, 13)."""

import pytest

from documents import services
from sessions import hall
from sessions.errors import ActionRefused, NotAllowed
from sessions.models import HallDisplay
from sessions.regions import render_regions
from tests.conftest import client_for
from tests.documents.conftest import upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def presented(secretariat, chair, live_sitting):
    document = services.publish_document(secretariat, upload(secretariat, live_sitting))
    version = document.versions.get()
    hall.present_page(chair, live_sitting, version.pk, 1)
    return version


def zoom_of(sitting) -> str:
    return HallDisplay.objects.get(sitting=sitting).presenting_zoom


def test_the_chair_zooms_to_the_width_and_the_screen_region_says_so(chair, live_sitting, presented):
    response = client_for(chair).post(
        f"/sittings/{live_sitting.pk}/chair/present/zoom/", {"zoom": "width"}
    )
    assert response.status_code in (200, 204, 302)
    assert zoom_of(live_sitting) == "width"
    screen = render_regions(live_sitting, ["screen-main"], "vi")["screen-main"]
    assert 'data-zoom="width"' in screen


def test_stopping_the_presentation_brings_the_next_page_back_whole(chair, live_sitting, presented):
    hall.set_presented_zoom(chair, live_sitting, "width")
    hall.stop_presenting(chair, live_sitting)
    assert zoom_of(live_sitting) == "page"


def test_a_bad_zoom_or_nothing_presented_is_refused(chair, live_sitting, presented):
    with pytest.raises(ActionRefused):
        hall.set_presented_zoom(chair, live_sitting, "region")
    hall.stop_presenting(chair, live_sitting)
    with pytest.raises(ActionRefused):
        hall.set_presented_zoom(chair, live_sitting, "width")


def test_a_delegate_cannot_zoom(delegate, live_sitting, presented):
    with pytest.raises(NotAllowed):
        hall.set_presented_zoom(delegate, live_sitting, "width")


# --- a region the chair drags over the page's thumbnail --------------------------------


def post_region(member, sitting, **values):
    return client_for(member).post(
        f"/sittings/{sitting.pk}/chair/present/region/", values, HTTP_HX_REQUEST="true"
    )


def test_the_chair_zooms_to_a_region_and_the_screens_get_it_live(
    chair, live_sitting, presented, monkeypatch
):
    from sessions import live

    published = []
    real = live.publish
    monkeypatch.setattr(
        live, "publish", lambda s, e, d, **k: published.append(d) or real(s, e, d, **k)
    )
    answer = post_region(chair, live_sitting, left="0.1", top="0.2", width="0.5", height="0.25")
    assert answer.status_code in (200, 204)
    shown = HallDisplay.objects.get(sitting=live_sitting)
    assert (shown.presenting_zoom, shown.zoom_region) == ("area", "0.1000 0.2000 0.5000 0.2500")
    assert [d.get("change") for d in published] == ["zoom"]
    screen = render_regions(live_sitting, ["screen-main"], "vi")["screen-main"]
    assert 'data-zoom="area" data-region="0.1000 0.2000 0.5000 0.2500"' in screen
    console = render_regions(live_sitting, ["hall-console"], "vi")["hall-console"]
    assert 'data-region="0.1000 0.2000 0.5000 0.2500"' in console

    # "Whole page" resets it; and a region does not follow the chair to the next page.
    hall.set_presented_zoom(chair, live_sitting, "page")
    assert HallDisplay.objects.get(sitting=live_sitting).zoom_region == ""
    post_region(chair, live_sitting, left="0", top="0", width="0.5", height="0.5")
    hall.present_page(chair, live_sitting, presented.pk, 2)
    assert zoom_of(live_sitting) == "page"


@pytest.mark.parametrize(
    "values",
    [
        {"left": "x", "top": "0", "width": "0.5", "height": "0.5"},
        {"left": "nan", "top": "0", "width": "0.5", "height": "0.5"},
        {"left": "0", "top": "0", "width": "inf", "height": "0.5"},
        {"left": "0", "top": "0", "width": "0.01", "height": "0.5"},
        {"left": "2", "top": "2", "width": "0.5", "height": "0.5"},
        {},
    ],
)
def test_a_bad_region_is_refused_clearly_and_changes_nothing(
    chair, live_sitting, presented, values
):
    answer = post_region(chair, live_sitting, **values)
    assert 400 <= answer.status_code < 500
    assert "ít nhất một phần hai mươi" in answer.content.decode()
    assert zoom_of(live_sitting) == "page"


def test_a_delegate_cannot_pick_a_region(delegate, live_sitting, presented):
    answer = post_region(delegate, live_sitting, left="0", top="0", width="0.5", height="0.5")
    assert answer.status_code in (403, 404)
    assert zoom_of(live_sitting) == "page"


def test_the_region_is_clipped_to_the_page_and_normalised():
    from sessions.zoom_region import BadRegion, Region, parse_region

    assert parse_region("0.8", "0.9", "0.5", "0.5") == Region(0.8, 0.9, 0.2, 0.1)
    assert parse_region("0.6", "0.6", "-0.4", "-0.2") == Region(0.2, 0.4, 0.4, 0.2)
    assert parse_region(" 0,25 ", "0", "0,5", "1") == Region(0.25, 0.0, 0.5, 1.0)
    with pytest.raises(BadRegion):
        parse_region("0.99", "0", "0.5", "0.5")  # only 1 % of the page is left
