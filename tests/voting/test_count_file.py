"""The signed list of a sealed poll: downloadable by the council's members, recountable by
anyone with the ballot box's main key (python -m ballotbox.recount)."""

import json

import pytest
from django.urls import reverse

from ballotbox import protocol
from ballotbox.recount import recount
from tests.conftest import client_for
from tests.voting.conftest import open_motion, option, present, vote
from voting import ballot_box, services

pytestmark = pytest.mark.django_db


@pytest.fixture
def counted(live_sitting, chair, delegate):
    present(live_sitting, chair, delegate)
    poll = open_motion(chair, live_sitting, secret=True)
    vote(chair, poll, "yes")
    vote(delegate, poll, "no")
    return services.close_poll(chair, poll)


def _get(member, poll):
    return client_for(member).get(reverse("voting:count_file", args=[poll.pk]))


def test_a_delegate_downloads_the_signed_list_and_it_recounts_the_same(counted, delegate):
    response = _get(delegate, counted)
    assert response.status_code == 200
    data = json.loads(response.content)
    marks, invalid, total = recount(data, ballot_box.main_public_key())
    assert (invalid, total) == (0, 2)
    assert marks[(str(option(counted, "yes").pk), "x")] == 1
    assert marks[(str(option(counted, "no").pk), "x")] == 1
    assert data["result"] == {"counted": 2, "invalid": 0}


def test_a_list_changed_after_the_count_is_not_authentic(counted, delegate):
    data = json.loads(_get(delegate, counted).content)
    yes, no = str(option(counted, "yes").pk), str(option(counted, "no").pk)
    forged = data["document"].replace(f'\\"{yes}\\"', f'\\"{no}\\"')
    assert forged != data["document"]
    data["document"] = forged
    with pytest.raises(protocol.NotAuthentic):
        recount(data, ballot_box.main_public_key())


def test_an_outsider_gets_404(counted, outsider):
    assert _get(outsider, counted).status_code == 404


def test_an_open_or_named_poll_has_no_signed_list(live_sitting, chair, delegate):
    present(live_sitting, chair)
    open_secret = open_motion(chair, live_sitting, secret=True)
    assert _get(delegate, open_secret).status_code == 404
    services.close_poll(chair, open_secret)
    named = services.close_poll(chair, open_motion(chair, live_sitting))
    assert _get(delegate, named).status_code == 404


def test_the_result_page_links_the_list_and_shows_invalid_ballots(counted, chair):
    html = client_for(chair).get(reverse("voting:result", args=[counted.pk])).content.decode()
    assert reverse("voting:count_file", args=[counted.pk]) in html
    assert 'data-invalid="0"' in html


def test_the_csv_export_counts_the_invalid_ballots(counted, chair):
    csv = client_for(chair).get(reverse("voting:result_csv", args=[counted.pk])).content
    assert "Phiếu không hợp lệ,0" in csv.decode("utf-8-sig")
