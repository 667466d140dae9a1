"""The council's name on the login page and in the top bar (issue 18, point 17)."""

import pytest

from council.models import Council
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def test_the_login_page_names_the_only_council(client):
    Council.objects.create(name="HĐND Thành phố Hồ Chí Minh", total_delegates=95)
    body = client.get("/login/").content.decode()
    assert "HĐND Thành phố Hồ Chí Minh" in body


def test_with_two_councils_the_login_page_names_none(client, council, other_council):
    body = client.get("/login/").content.decode()
    assert council.name not in body and other_council.name not in body


def test_the_top_bar_names_the_members_council(delegate, council):
    body = client_for(delegate).get("/sittings/").content.decode()
    assert f'class="brand" href="/">{council.name}</a>' in body
