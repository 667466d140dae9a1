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
