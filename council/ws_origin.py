"""Which Origins may open a WebSocket: the site's own and the trusted ones, exactly.

Browsers send a page's cookies with a WebSocket to any site, so a page elsewhere could
open a delegate's live socket (cross-site WebSocket hijacking); the Origin header is the
only defence. Channels' AllowedHostsOriginValidator compares the host name alone:
`http://127.0.0.1:6666` and `https://127.0.0.1:8201` passed for a server on
`http://127.0.0.1:8201`. Here an origin is (scheme, host, port), as browsers define it, and
must equal the site's own origin (the scheme the socket came in on, behind a TLS proxy the
one it forwards, and the Host header, itself one of ALLOWED_HOSTS) or one of
CSRF_TRUSTED_ORIGINS (Django's `*.` subdomain form included).
"""

from typing import Any
from urllib.parse import urlsplit

from channels.security.websocket import WebsocketDenier
from django.conf import settings
from django.http.request import split_domain_port, validate_host

Origin = tuple[str, str, int]
DEFAULT_PORTS = {"http": 80, "https": 443}


def parse_origin(value: str) -> Origin | None:
    """(scheme, host, port) of a serialised origin, None for anything else ("null", a path)."""
    try:
        parts = urlsplit(value)
        port = parts.port
    except ValueError:
        return None
    if (
        parts.scheme not in DEFAULT_PORTS
        or not parts.hostname
        or parts.path
        or parts.query
        or parts.fragment
        or parts.username
        or parts.password
    ):
        return None
    return parts.scheme, parts.hostname.lower(), port or DEFAULT_PORTS[parts.scheme]


def _header(scope: dict[str, Any], name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key.lower() == name:
            return value.decode("latin-1")
    return None


def own_scheme(scope: dict[str, Any]) -> str:
    proxy = getattr(settings, "SECURE_PROXY_SSL_HEADER", None)
    if proxy:
        name = proxy[0].removeprefix("HTTP_").lower().replace("_", "-").encode()
        forwarded = _header(scope, name)
        if forwarded is not None:
            return "https" if forwarded.split(",")[0].strip() == proxy[1] else "http"
    return "https" if scope.get("scheme") in ("wss", "https") else "http"


def own_origin(scope: dict[str, Any]) -> Origin | None:
    """The origin this socket was asked for, if its Host is one of ours."""
    host = _header(scope, b"host")
    if not host:
        return None
    domain, port = split_domain_port(host.lower())
    if not domain or not validate_host(domain, settings.ALLOWED_HOSTS):
        return None
    scheme = own_scheme(scope)
    try:
        number = int(port) if port else DEFAULT_PORTS[scheme]
    except ValueError:
        return None
    return scheme, domain.strip("[]"), number


def trusted(origin: Origin) -> bool:
    for entry in settings.CSRF_TRUSTED_ORIGINS:
        wildcard = "://*." in entry
        pattern = parse_origin(entry.replace("://*.", "://", 1))
        if pattern is None:
            continue
        scheme, host, port = pattern
        if origin[0] != scheme or origin[2] != port:
            continue
        if origin[1] == host or (wildcard and origin[1].endswith("." + host)):
            return True
    return False


def origin_allowed(scope: dict[str, Any]) -> bool:
    raw = _header(scope, b"origin")
    origin = parse_origin(raw) if raw else None
    if origin is None:
        return False
    own = own_origin(scope)
    if own is None:
        return False  # a Host we do not serve: refused before the origin counts
    return origin == (own[0], own[1].strip("[]"), own[2]) or trusted(origin)


class SameOriginValidator:
    """ASGI middleware: refuse a WebSocket whose Origin is not exactly one of ours."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> Any:
        if scope["type"] == "websocket" and not origin_allowed(scope):
            denier = WebsocketDenier()
            return await denier(scope, receive, send)
        return await self.inner(scope, receive, send)
