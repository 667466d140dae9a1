"""A request body costs the web server a bounded memory, whatever its size (issue 13, point 1).

The end-to-end tests run the Procfile's `web:` command (what `make run` starts, and what the
deploy docs run) in a subprocess and read its memory from /proc, as bench/request_memory.py does.
"""

import io
from pathlib import Path

import pytest
from django.urls import reverse
from twisted.internet.testing import StringTransport
from twisted.web import http

from bench import request_memory
from council.bounded_http import request_target
from council.uploads import body_limit_for, small_body_limit, upload_body_limit

MB = 1024 * 1024
BODY = 24 * MB


@pytest.fixture(scope="module")
def measured(tmp_path_factory) -> request_memory.Measure:
    workdir: Path = tmp_path_factory.mktemp("server")
    upload = "/documents/sittings/1/upload/"
    return request_memory.measure(
        "Procfile",
        request_memory.procfile_web_command(),
        workdir,
        request_memory.attack(BODY, upload),
    )


def test_large_anonymous_posts_cost_the_server_less_than_one_body(measured):
    # Stock Daphne grew by ~13 times the body here (Twisted's in-memory multipart parse).
    assert measured.peak_growth_mb < BODY / MB / 2, request_memory.report([measured], BODY)


def test_a_body_over_the_limit_of_a_path_without_upload_is_refused_with_413(measured):
    answers = dict(measured.answers[:1])
    assert answers["login, Content-Length"].status == 413


def test_a_chunked_body_over_the_limit_is_refused_too(measured):
    answers = dict(measured.answers)
    # 413 when the client reads it before the close, else the connection is simply closed.
    assert answers["login, chunked"].status in (413, None)


def test_an_upload_path_still_takes_the_body_streamed(measured):
    answers = dict(measured.answers)
    assert answers["upload path, Content-Length"].status == 302  # to the login page


def test_only_upload_views_take_a_large_body(db):
    upload = reverse("documents:upload", args=[1])
    version = reverse("documents:add_version", args=[1])
    assert body_limit_for(upload) == upload_body_limit()
    assert body_limit_for(version + "?x=1") == upload_body_limit()
    for path in ("/login/", reverse("documents:edit", args=[1]), "/nowhere/", "/%00/"):
        assert body_limit_for(path) == small_body_limit()


class _Recording(http.Request):
    seen: list = []

    def gotLength(self, length):
        self.seen.append((request_target(self.channel), length))
        self.content = io.BytesIO()


def test_twisted_knows_the_request_target_before_the_body():
    """The one private attribute read (HTTPChannel._path), checked against the real Twisted."""
    channel = http.HTTPChannel()
    channel.requestFactory = _Recording
    channel.makeConnection(StringTransport())
    channel.dataReceived(b"POST /login/?a=1 HTTP/1.1\r\nHost: x\r\nContent-Length: 5000000\r\n\r\n")
    assert _Recording.seen == [("/login/?a=1", 5000000)]


def test_without_the_request_target_every_path_gets_the_upload_limit():
    assert request_target(object()) is None


@pytest.fixture(scope="module")
def migrated_server(tmp_path_factory):
    workdir: Path = tmp_path_factory.mktemp("migrated")
    env = {**request_memory.os.environ, "DATABASE_URL": f"sqlite:///{workdir / 'bench.sqlite3'}"}
    env.pop("REDIS_URL", None)
    request_memory.subprocess.run(
        [request_memory.sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
        cwd=request_memory.ROOT,
        env=env,
        check=True,
    )
    server = request_memory.start(request_memory.procfile_web_command(), workdir)
    yield server
    server.stop()


@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "chunked"])
def test_a_multipart_body_of_many_chunks_reaches_django_whole(migrated_server, chunked):
    # A 3 MB file part first, the username last: Django finds it only if every chunk arrived.
    boundary = request_memory.BOUNDARY
    filler = b"z" * (3 * MB)
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n'
            f"{request_memory.CSRF}\r\n"
            f'--{boundary}\r\nContent-Disposition: form-data; name="filler"; filename="f.bin"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n"
        ).encode()
        + filler
        + (
            f'\r\n--{boundary}\r\nContent-Disposition: form-data; name="username"\r\n\r\n'
            f"streamed-whole-7f3a\r\n--{boundary}--\r\n"
        ).encode()
    )
    conn = migrated_server.connection()
    headers = {
        "Content-Type": f"multipart/form-data; boundary={boundary}",
        "Cookie": f"csrftoken={request_memory.CSRF}",
    }
    if chunked:
        conn.request(
            "POST",
            "/login/",
            body=iter([body[:MB], body[MB:]]),
            headers=headers,
            encode_chunked=True,
        )
    else:
        conn.request("POST", "/login/", body=body, headers=headers)
    response = conn.getresponse()
    page = response.read().decode()
    conn.close()
    assert response.status == 200
    assert 'value="streamed-whole-7f3a"' in page


def test_the_nginx_sample_allows_large_bodies_only_where_a_view_takes_an_upload(db):
    import re

    conf = (request_memory.ROOT / "deploy" / "nginx.conf").read_text()
    sizes = re.findall(r"client_max_body_size (\d+)m;", conf)
    # Everywhere, the public verification page (RECORDS_VERIFY_MAX_BYTES), the uploads.
    assert sorted(int(s) for s in sizes) == [6, 21, 101]
    upload_location = re.search(r"location ~ (\S+) \{\s*client_max_body_size 101m;", conf)
    assert upload_location is not None
    pattern = re.compile(upload_location.group(1))
    for marked in (
        reverse("documents:upload", args=[12]),
        reverse("documents:add_version", args=[3]),
        reverse("followup:report", args=[5]),
        reverse("records:issue_resolution", args=[14]),
    ):
        assert pattern.match(marked), marked
        assert body_limit_for(marked) > 100 * 1024 * 1024
    for path in (
        "/login/",
        reverse("documents:edit", args=[3]),
        "/documents/d/3/version/x",
        reverse("followup:move", args=[5, "accept"]),
    ):
        assert not pattern.match(path)
        assert body_limit_for(path) <= 6 * 1024 * 1024
    verify = reverse("records:verify", args=["ZMZ5-W1PZ"])
    assert re.search(r"location /xac-thuc/ \{\s*client_max_body_size 21m;", conf)
    assert body_limit_for(verify) == 20 * 1024 * 1024 + 1024 * 1024
