"""WebSocket Origin (issue 13, point 6): scheme, host and port must all match.

A page of another origin can open a WebSocket to us with the delegate's cookie (browsers
send it); only the Origin header tells. Accepted: the site's own origin (the scheme the
socket came in on, the Host it asked for) and the configured trusted origins, exactly.
"""

import pytest
from channels.testing import WebsocketCommunicator

from council.asgi import application
from tests.conftest import async_session_cookie_for

pytestmark = pytest.mark.django_db(transaction=True)

HOST = b"127.0.0.1:8201"


async def opens(member, sitting_id, origin, *, host=HOST, extra=()) -> bool:
    headers = [(b"host", host), *extra]
    if origin is not None:
        headers.append((b"origin", origin))
    cookie = await async_session_cookie_for(member)
    headers.append((b"cookie", f"sessionid={cookie}".encode()))
    communicator = WebsocketCommunicator(application, f"/ws/sittings/{sitting_id}/", headers)
    ok, _code = await communicator.connect(timeout=5)
    await communicator.disconnect()
    return ok


async def test_the_sites_own_origin_is_accepted(live_sitting, delegate, channel_layer):
    assert await opens(delegate, live_sitting.pk, b"http://127.0.0.1:8201")


@pytest.mark.parametrize(
    "origin",
    [
        b"http://127.0.0.1:6666",  # another port: another site
        b"https://127.0.0.1:8201",  # another scheme
        b"http://127.0.0.1",  # port 80
        b"http://evil.example:8201",
        b"http://127.0.0.1:8201.evil.example",
        b"null",
        b"http://127.0.0.1:8201/path",
        None,
    ],
)
async def test_any_other_origin_is_refused(origin, live_sitting, delegate, channel_layer):
    assert not await opens(delegate, live_sitting.pk, origin)


async def test_default_ports_are_the_same_origin(live_sitting, delegate, channel_layer):
    assert await opens(delegate, live_sitting.pk, b"http://localhost", host=b"localhost:80")
    assert await opens(delegate, live_sitting.pk, b"http://localhost:80", host=b"localhost")


async def test_a_host_outside_allowed_hosts_is_refused_even_as_its_own_origin(
    live_sitting, delegate, channel_layer
):
    assert not await opens(
        delegate, live_sitting.pk, b"http://evil.example:8201", host=b"evil.example:8201"
    )


async def test_behind_tls_the_origin_is_https(live_sitting, delegate, channel_layer, settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    tls = [(b"x-forwarded-proto", b"https")]
    assert await opens(delegate, live_sitting.pk, b"https://127.0.0.1:8201", extra=tls)
    assert not await opens(delegate, live_sitting.pk, b"http://127.0.0.1:8201", extra=tls)


async def test_a_trusted_origin_is_accepted_exactly(
    live_sitting, delegate, channel_layer, settings
):
    settings.CSRF_TRUSTED_ORIGINS = ["https://hop.hdnd.example", "https://*.phong.example"]
    assert await opens(delegate, live_sitting.pk, b"https://hop.hdnd.example")
    assert await opens(delegate, live_sitting.pk, b"https://a.phong.example")
    assert not await opens(delegate, live_sitting.pk, b"http://hop.hdnd.example")
    assert not await opens(delegate, live_sitting.pk, b"https://hop.hdnd.example:8443")
    assert not await opens(delegate, live_sitting.pk, b"https://phong.example.evil")
