from pathlib import Path

import pytest

from council.models import Role
from questioning.models import Official
from questioning.services import drafting, grouping
from tests.conftest import make_member
from tests.followup.conftest import make_agency, make_officer


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path) -> Path:
    root = tmp_path / "media"
    settings.MEDIA_ROOT = root
    return root


def make_official(sitting, name="Nguyễn Văn Tài", office="Giám đốc Sở Tài chính", agency=None):
    position = Official.objects.filter(sitting=sitting).count() + 1
    return Official.objects.create(
        sitting=sitting, name=name, office=office, agency=agency, position=position
    )


@pytest.fixture
def finance(council):
    return make_agency(council, "Sở Tài chính", "Sở TC")


@pytest.fixture
def official(sitting, finance):
    return make_official(sitting, agency=finance)


@pytest.fixture
def other_official(sitting, council):
    agency = make_agency(council, "Sở Xây dựng", "Sở XD")
    return make_official(sitting, "Trần Thị Xây", "Giám đốc Sở Xây dựng", agency)


@pytest.fixture
def finance_officer(finance):
    return make_officer(finance, "sotc-officer")


@pytest.fixture
def second_delegate(council, group):
    return make_member(council, "second", Role.DELEGATE, group=group)


def registered(member, sitting, official, text="Tiến độ giải ngân vốn đầu tư công?"):
    return drafting.draft_question(member, sitting, official_id=official.pk, text=text, send=True)


def grouped(secretariat, sitting, official, *questions, topic="Đầu tư công"):
    group = grouping.create_group(secretariat, sitting, official_id=official.pk, topic=topic)
    for question in questions:
        grouping.put_in_group(secretariat, sitting, question.pk, group.pk)
    return group
