"""Follow-up personas beside the council's: two agencies, an officer of each, and a task."""

import datetime

import pytest
from django.utils import timezone

from council.models import Role
from followup.models import Agency, AgencyKind, AgencyMembership, Conclusion, Task
from tests.conftest import make_member


def make_agency(council, name, short_name, kind=AgencyKind.DEPARTMENT):
    return Agency.objects.create(council=council, name=name, short_name=short_name, kind=kind)


def make_officer(agency, username):
    member = make_member(agency.council, username, Role.AGENCY)
    AgencyMembership.objects.create(member=member, agency=agency)
    return member


@pytest.fixture
def agency(council):
    return make_agency(council, "Sở Kế hoạch và Đầu tư", "Sở KH&ĐT")


@pytest.fixture
def other_agency(council):
    return make_agency(council, "UBND Quận 1", "UBND Q1", AgencyKind.DISTRICT)


@pytest.fixture
def officer(agency):
    return make_officer(agency, "sokhdt")


@pytest.fixture
def other_officer(other_agency):
    return make_officer(other_agency, "ubndq1")


@pytest.fixture
def conclusion(sitting, chair):
    return Conclusion.objects.create(
        sitting=sitting,
        item=sitting.items.first(),
        number=1,
        text="Giao UBND thành phố rà soát các dự án chậm tiến độ.",
        created_by=chair,
    )


def make_task(conclusion, agency, assigned_by, *, status="assigned", days=10, **fields):
    return Task.objects.create(
        council=conclusion.sitting.council,
        conclusion=conclusion,
        agency=agency,
        assigned_by=assigned_by,
        title="Rà soát dự án chậm tiến độ",
        deadline=timezone.localdate() + datetime.timedelta(days=days),
        status=status,
        **fields,
    )


@pytest.fixture
def task(conclusion, agency, chair):
    return make_task(conclusion, agency, chair)


@pytest.fixture
def other_task(conclusion, other_agency, chair):
    return make_task(conclusion, other_agency, chair)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    root = tmp_path / "media"
    settings.MEDIA_ROOT = root
    return root


def pdf_upload(data: bytes | None = None, name: str = "bao-cao.pdf"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests import pdf_corpus

    return SimpleUploadedFile(
        name, pdf_corpus.valid_pdf(2) if data is None else data, content_type="application/pdf"
    )


def files_under(root) -> list:
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []
