"""The chair's devices over HTTP: real login, CSRF cookie and htmx posts, like a tablet.

Plain http.client (no proxy lookup, one short connection per request): loopback only.
"""

import http.client
import urllib.parse
from http.cookies import SimpleCookie


class HttpError(RuntimeError):
    pass


class Device:
    def __init__(self, base: str, *, session: str | None = None) -> None:
        parts = urllib.parse.urlsplit(base)
        self.host = parts.hostname or "127.0.0.1"
        self.port = parts.port or 80
        self.cookies: dict[str, str] = {}
        if session:
            self.cookies["sessionid"] = session

    def at(self, base: str) -> "Device":
        """The same device (same cookies) talking to another server process."""
        other = Device(base)
        other.cookies = self.cookies
        return other

    def request(
        self, method: str, path: str, *, form: dict[str, str] | None = None, headers=None
    ) -> tuple[int, bytes]:
        all_headers = {"Host": f"{self.host}:{self.port}", **(headers or {})}
        if self.cookies:
            all_headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form).encode()
            all_headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
        try:
            conn.request(method, path, body=body, headers=all_headers)
            response = conn.getresponse()
            data = response.read()
            for header in response.headers.get_all("Set-Cookie") or []:
                cookie = SimpleCookie()
                cookie.load(header)
                for name, morsel in cookie.items():
                    self.cookies[name] = morsel.value
            return response.status, data
        finally:
            conn.close()

    def login(self, username: str, password: str) -> None:
        status, _ = self.request("GET", "/login/")
        if status != 200 or "csrftoken" not in self.cookies:
            raise HttpError(f"GET /login/ gave {status} and no CSRF cookie")
        status, _ = self.request(
            "POST",
            "/login/",
            form={
                "username": username,
                "password": password,
                "csrfmiddlewaretoken": self.cookies["csrftoken"],
            },
        )
        if status != 302 or "sessionid" not in self.cookies:
            raise HttpError(f"login as {username} gave {status}")

    def ensure_csrf(self, path: str) -> None:
        if "csrftoken" not in self.cookies:
            status, _ = self.request("GET", path)
            if status != 200 or "csrftoken" not in self.cookies:
                raise HttpError(f"GET {path} gave {status} and no CSRF cookie")

    def htmx_post(self, path: str, form: dict[str, str]) -> int:
        status, body = self.request(
            "POST",
            path,
            form=form,
            headers={"X-CSRFToken": self.cookies.get("csrftoken", ""), "HX-Request": "true"},
        )
        if status >= 500 or status in (403, 404):
            raise HttpError(f"POST {path} gave {status}: {body[:300]!r}")
        return status


class Chair:
    """The chair's console: start the sitting, set the current item, open and close votes."""

    def __init__(self, device: Device, sitting_id: int) -> None:
        self.device = device
        self.sitting_id = sitting_id

    def open_console(self) -> None:
        self.device.ensure_csrf(f"/sittings/{self.sitting_id}/chair/")

    def start_sitting(self) -> int:
        return self.device.htmx_post(
            f"/sittings/{self.sitting_id}/state/", {"state": "in_progress"}
        )

    def set_item(self, item_id: int) -> int:
        return self.device.htmx_post(
            f"/sittings/{self.sitting_id}/chair/item/", {"item": str(item_id)}
        )

    def open_poll(self, poll_id: int) -> int:
        return self.device.htmx_post(f"/voting/polls/{poll_id}/open/", {})

    def close_poll(self, poll_id: int) -> int:
        return self.device.htmx_post(f"/voting/polls/{poll_id}/close/", {})


class Secretariat:
    """The secretariat's sitting page: publish and unpublish a document."""

    def __init__(self, device: Device, sitting_id: int) -> None:
        self.device = device
        self.sitting_id = sitting_id

    def open_page(self) -> None:
        self.device.ensure_csrf(f"/sittings/{self.sitting_id}/manage/")

    def publish(self, document_id: int) -> int:
        return self.device.htmx_post(f"/documents/d/publish/{document_id}/", {})

    def unpublish(self, document_id: int) -> int:
        return self.device.htmx_post(f"/documents/d/unpublish/{document_id}/", {})
