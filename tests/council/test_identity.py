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


# --- the logo (uploaded in the admin) ----------------------------------------------------

import io  # noqa: E402

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from PIL import Image  # noqa: E402


def image_bytes(kind: str = "PNG", size: tuple[int, int] = (120, 80)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (20, 33, 61)).save(out, kind)
    return out.getvalue()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def admin_client_(client, council):
    user = get_user_model().objects.create_superuser("root", "root@example.org", "pw")
    client.force_login(user)
    return client


def post_logo(client, council, data: bytes, name: str):
    return client.post(
        f"/admin/council/council/{council.pk}/change/",
        {
            "name": council.name,
            "total_delegates": council.total_delegates,
            "quorum_numerator": council.quorum_numerator,
            "quorum_denominator": council.quorum_denominator,
            "logo": SimpleUploadedFile(name, data),
        },
        HTTP_ACCEPT_LANGUAGE="vi",
    )


def test_a_png_logo_uploaded_in_the_admin_shows_on_login_top_bar_and_idle_screen(
    media, admin_client_, council, delegate, client
):
    answer = post_logo(admin_client_, council, image_bytes("PNG"), "logo.png")
    assert answer.status_code == 302, answer.content.decode()[:2000]
    council.refresh_from_db()
    url = council.logo_url
    assert url.startswith(f"/council/{council.pk}/logo/?v=")

    served = client.get(url)
    assert served.status_code == 200 and served["Content-Type"] == "image/png"
    assert served["X-Content-Type-Options"] == "nosniff"
    assert served.content.startswith(b"\x89PNG")

    client.logout()
    assert f'src="{url}"' in client.get("/login/").content.decode()  # the only council
    assert (
        f'class="brand-logo" src="{url}"' in client_for(delegate).get("/sittings/").content.decode()
    )


def test_a_jpeg_logo_is_served_as_jpeg(media, admin_client_, council, client):
    assert post_logo(admin_client_, council, image_bytes("JPEG"), "logo.jpg").status_code == 302
    council.refresh_from_db()
    assert client.get(council.logo_url)["Content-Type"] == "image/jpeg"


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "x.svg",
            "phải là ảnh PNG hoặc JPEG",
        ),
        (image_bytes("GIF"), "logo.gif", "phải là ảnh PNG hoặc JPEG"),
        (image_bytes("PNG")[:60], "truncated.png", "phải là ảnh PNG hoặc JPEG"),
        (b"MZ\x90\x00 an executable renamed", "logo.png", "phải là ảnh PNG hoặc JPEG"),
        (image_bytes("PNG", (2400, 10)), "wide.png", "2400 x 10 điểm ảnh"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 600_000, "huge.png", "giới hạn là 512 KB"),
    ],
)
def test_a_hostile_or_oversized_logo_gets_a_clear_error_and_nothing_is_saved(
    media, admin_client_, council, data, name, message
):
    answer = post_logo(admin_client_, council, data, name)
    assert answer.status_code == 200  # the form again, with the error
    assert message in answer.content.decode()
    council.refresh_from_db()
    assert not council.logo
    assert not list(media.rglob("*.*"))


def test_without_a_logo_there_is_no_image_and_no_logo_address(client, council):
    assert client.get(f"/council/{council.pk}/logo/").status_code == 404
    assert "brand-logo" not in client.get("/login/").content.decode()


def test_the_manifest_is_vietnamese_and_its_theme_colour_is_the_pages(client, council):
    import json
    import re
    from pathlib import Path

    from django.conf import settings

    manifest = json.loads((Path(settings.BASE_DIR) / "static/manifest.webmanifest").read_text())
    assert manifest["lang"] == "vi" and "Phòng họp không giấy" in manifest["name"]
    assert manifest["short_name"] == "HĐND"
    page = client.get("/login/").content.decode()
    meta = re.search(r'<meta name="theme-color" content="([^"]+)"', page).group(1)
    css = (Path(settings.BASE_DIR) / "static/css/app.css").read_text()
    navy = re.search(r"--navy:\s*(#[0-9a-fA-F]{6})", css).group(1)
    assert manifest["theme_color"].lower() == meta.lower() == navy.lower()  # the top bar's
