"""The stack's write ceiling, and what one request costs the server that answers it.

`ceiling_view` is the least a write can cost on this stack: one INSERT in a transaction,
served by the same Daphne (`python -m council.serve`), settings, connection pool and
middleware as the app, reached by the same client with the same cookies and CSRF header as
a ballot. council/urls.py serves it at /bench/ceiling/ only when BENCH_CEILING=true.

`measure` sends N requests to a running server from C client threads (closed loop: each
client sends its next request once the previous one is answered) and reads the server
process's CPU time (utime + stime of every thread, /proc/<pid>/stat) before and after:
CPU per request = the difference / N. The clients run in the caller's process, so their
own cost is not counted. Latency is per request at the client, from send to answer.
"""

import http.client
import os
import secrets
import threading
import time
import urllib.parse
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

CEILING_PATH = "/bench/ceiling/"
# Let what a burst set in motion after its last answer (a coalesced tally, a pool's
# housekeeping) land in the same CPU reading; the same pause for every kind of request.
SETTLE_SECONDS = 0.5


def ceiling_view(request):
    """One INSERT in a transaction: a session row, already expired (clearsessions drops it).

    django_session is in every deployment, so the ceiling needs no model or migration of
    its own; the ORM builds the INSERT as it builds the app's.
    """
    from django.contrib.sessions.models import Session
    from django.db import transaction
    from django.http import HttpResponse, HttpResponseNotAllowed
    from django.utils import timezone

    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    with transaction.atomic():
        Session.objects.create(
            session_key=f"bench{secrets.token_hex(16)}",
            session_data="",
            expire_date=timezone.now() - timedelta(days=1),
        )
    return HttpResponse("ok", content_type="text/plain")


def process_cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process, all its threads, in seconds."""
    # The command name may hold spaces or parentheses: count fields after the last ')'.
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    utime, stime = int(fields[11]), int(fields[12])  # fields 14 and 15 of proc(5)
    return (utime + stime) / os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class Request:
    path: str
    form: dict[str, str]
    cookies: dict[str, str]  # sessionid and csrftoken, as a tablet sends them


@dataclass
class Answer:
    status: int | None  # None: no answer (refused, reset, timed out)
    seconds: float
    body: bytes = b""


def post(base: str, request: Request, *, timeout: float = 60) -> Answer:
    """One htmx POST as a tablet makes it: its cookies, CSRF header, a fresh connection."""
    parts = urllib.parse.urlsplit(base)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    headers = {
        "Host": f"{host}:{port}",
        "Content-Type": "application/x-www-form-urlencoded",
        "X-CSRFToken": request.cookies.get("csrftoken", ""),
        "HX-Request": "true",
        "Cookie": "; ".join(f"{k}={v}" for k, v in request.cookies.items()),
    }
    body = urllib.parse.urlencode(request.form).encode()
    started = time.perf_counter()
    conn = http.client.HTTPConnection(host, port, timeout=timeout)
    try:
        conn.request("POST", request.path, body=body, headers=headers)
        response = conn.getresponse()
        data = response.read()
        return Answer(response.status, time.perf_counter() - started, data)
    except OSError:
        return Answer(None, time.perf_counter() - started)
    finally:
        conn.close()


@dataclass
class Burst:
    """N requests of one kind against one server process."""

    label: str
    cpu_seconds: float
    wall_seconds: float
    answers: list[Answer] = field(default_factory=list)

    @property
    def requests(self) -> int:
        return len(self.answers)

    @property
    def statuses(self) -> Counter[int | None]:
        return Counter(a.status for a in self.answers)

    @property
    def ok(self) -> int:
        return sum(1 for a in self.answers if a.status == 200)

    @property
    def cpu_ms_per_request(self) -> float:
        return 1000 * self.cpu_seconds / max(self.requests, 1)

    @property
    def per_second(self) -> float:
        """Requests answered per wall-clock second (the clients' concurrency bounds it)."""
        return self.requests / self.wall_seconds if self.wall_seconds else 0.0

    def latency_ms(self, fraction: float) -> float:
        ordered = sorted(a.seconds for a in self.answers)
        if not ordered:
            return 0.0
        index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
        return 1000 * ordered[index]


def measure(
    label: str,
    pid: int,
    base: str,
    requests: list[Request],
    *,
    clients: int = 8,
    settle: float = SETTLE_SECONDS,
    send: Callable[[str, Request], Answer] = post,
) -> Burst:
    """Send every request once from `clients` threads; the server's CPU time per request."""
    answers: list[Answer | None] = [None] * len(requests)
    queue = iter(range(len(requests)))
    lock = threading.Lock()

    def client() -> None:
        while True:
            with lock:
                index = next(queue, None)
            if index is None:
                return
            answers[index] = send(base, requests[index])

    cpu_before = process_cpu_seconds(pid)
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=clients) as pool:
        for future in [pool.submit(client) for _ in range(clients)]:
            future.result()
    wall = time.perf_counter() - started
    time.sleep(settle)
    cpu = process_cpu_seconds(pid) - cpu_before
    return Burst(label, cpu, wall, [a for a in answers if a is not None])


def ceiling_requests(n: int, cookies: list[dict[str, str]]) -> list[Request]:
    """N ceiling requests, carrying the voters' own cookies in turn (same middleware work)."""
    return [Request(CEILING_PATH, {}, cookies[i % len(cookies)]) for i in range(n)]


def ballot_requests(
    poll_id: int, choice: int, voters: list[dict[str, str]], *, field_name: str = "choice"
) -> list[Request]:
    """One named ballot per voter on `poll_id`, each with its own submission id."""
    import uuid

    return [
        Request(
            f"/voting/polls/{poll_id}/ballot/",
            {field_name: str(choice), "submission_id": str(uuid.uuid4())},
            cookies,
        )
        for cookies in voters
    ]
