"""What a large request body costs the web server's memory (issue 13, point 1).

`python -m bench.request_memory` starts a server in a subprocess — stock Daphne, then the
Procfile's `web:` command — sends each the same anonymous requests (the attack of the issue:
two 50 MB multipart POSTs to /login/, plus a chunked one and an upload-sized one), and reads
the server's resident memory from /proc before and after. tests/council/test_bounded_http.py
runs the same measurement, smaller.
"""

import argparse
import datetime
import http.client
import os
import platform
import shlex
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
STOCK_DAPHNE = f"{sys.prefix}/bin/daphne -b $HOST -p $PORT council.asgi:application"
MB = 1024 * 1024
BOUNDARY = "----council-bench-boundary"
# A CSRF secret sent as cookie and form field, so that Django does parse the multipart body.
CSRF = "abcdefghijklmnopqrstuvwxyzABCDEF"


def procfile_web_command() -> str:
    for line in (ROOT / "Procfile").read_text().splitlines():
        if line.startswith("web:"):
            return line.removeprefix("web:").strip()
    raise RuntimeError("the Procfile has no web: line")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def memory_kb(pid: int) -> dict[str, int]:
    """VmRSS (now) and VmHWM (peak since start) of a process, in kB."""
    values = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, rest = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            values[key] = int(rest.split()[0])
    return values


@dataclass
class Server:
    process: subprocess.Popen
    port: int

    def connection(self) -> http.client.HTTPConnection:
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def start(command: str, workdir: Path) -> Server:
    """Run `command` (Procfile syntax: $HOST, $PORT, ${PORT:-8000}) as one process."""
    port = free_port()
    env = {
        **os.environ,
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "DJANGO_SETTINGS_MODULE": "council.settings",
        "DATABASE_URL": f"sqlite:///{workdir / 'bench.sqlite3'}",
        "DOCUMENT_MAX_BYTES": str(100 * MB),
    }
    env.pop("REDIS_URL", None)
    expanded = command.replace("${HOST:-127.0.0.1}", "$HOST").replace("${PORT:-8000}", "$PORT")
    expanded = expanded.replace("$HOST", env["HOST"]).replace("$PORT", env["PORT"])
    argv = shlex.split(expanded)
    argv = [str(ROOT / a) if a.startswith(".venv/") else a for a in argv]
    argv = [sys.executable if a.endswith("/python") else a for a in argv]
    process = subprocess.Popen(
        argv, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    server = Server(process, port)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode}: {argv}")
        try:
            conn = server.connection()
            conn.request("GET", "/login/")
            conn.getresponse().read()
            conn.close()
            return server
        except OSError:
            time.sleep(0.1)
    server.stop()
    raise RuntimeError("the server did not answer within 60 s")


def multipart_chunks(size: int, *, csrf: bool) -> Iterator[bytes]:
    head = ""
    if csrf:
        head += (
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n'
            f"\r\n{CSRF}\r\n"
        )
    head += (
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n'
        "Content-Type: application/pdf\r\n\r\n"
    )
    tail = f"\r\n--{BOUNDARY}--\r\n".encode()
    yield head.encode()
    block = b"%PDF" + b"x" * (MB - 4)
    left = size - len(head) - len(tail)
    while left > 0:
        yield block[: min(left, MB)]
        left -= MB
    yield tail


@dataclass
class Answer:
    status: int | None  # None: the server closed the connection before answering
    seconds: float


def post(server: Server, path: str, size: int, *, chunked: bool, csrf: bool = False) -> Answer:
    """POST a multipart body of `size` bytes to `path`, as a browser without a session."""
    conn = server.connection()
    headers = {"Content-Type": f"multipart/form-data; boundary={BOUNDARY}"}
    if csrf:
        headers["Cookie"] = f"csrftoken={CSRF}"
        headers["Referer"] = f"http://127.0.0.1:{server.port}/"
    started = time.monotonic()
    try:
        if chunked:
            conn.putrequest("POST", path)
            for key, value in headers.items():
                conn.putheader(key, value)
            conn.putheader("Transfer-Encoding", "chunked")
            conn.endheaders()
            for chunk in multipart_chunks(size, csrf=csrf):
                conn.send(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            conn.send(b"0\r\n\r\n")
        else:
            conn.putrequest("POST", path)
            for key, value in headers.items():
                conn.putheader(key, value)
            conn.putheader("Content-Length", str(size))
            conn.endheaders()
            for chunk in multipart_chunks(size, csrf=csrf):
                conn.send(chunk)
        status: int | None = conn.getresponse().status
    except (ConnectionError, http.client.HTTPException, TimeoutError):
        # The server answered 413 and closed while we were still sending: read what it said.
        status = _early_answer(conn)
    finally:
        conn.close()
    return Answer(status, time.monotonic() - started)


def _early_answer(conn: http.client.HTTPConnection) -> int | None:
    sock = conn.sock
    if sock is None:
        return None
    try:
        sock.settimeout(2)
        data = sock.recv(64)
    except OSError:
        return None
    parts = data.split(b" ", 2)
    return int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None


@dataclass
class Measure:
    label: str
    baseline_kb: int
    peak_kb: int
    after_kb: int
    answers: list[tuple[str, Answer]]

    @property
    def peak_growth_mb(self) -> float:
        return (self.peak_kb - self.baseline_kb) / 1024

    @property
    def kept_mb(self) -> float:
        return (self.after_kb - self.baseline_kb) / 1024


def measure(
    label: str, command: str, workdir: Path, requests: list[tuple[str, str, int, bool, bool]]
) -> Measure:
    """Start `command`, send `requests` (name, path, size, chunked, csrf), read its memory."""
    server = start(command, workdir)
    try:
        before = memory_kb(server.process.pid)
        answers = [
            (name, post(server, path, size, chunked=chunked, csrf=csrf))
            for name, path, size, chunked, csrf in requests
        ]
        # The server may still be freeing what a refused request left: one more round trip.
        conn = server.connection()
        conn.request("GET", "/login/")
        conn.getresponse().read()
        conn.close()
        after = memory_kb(server.process.pid)
    finally:
        server.stop()
    return Measure(label, before["VmHWM"], after["VmHWM"], after["VmRSS"], answers)


def attack(size: int, upload_path: str) -> list[tuple[str, str, int, bool, bool]]:
    """The issue's attack (two anonymous multipart POSTs to /login/), chunked, then an upload."""
    return [
        ("login, Content-Length", "/login/", size, False, False),
        ("login, Content-Length", "/login/", size, False, False),
        ("login, chunked", "/login/", size, True, False),
        ("upload path, Content-Length", upload_path, size, False, True),
    ]


def report(measures: list[Measure], size: int) -> str:
    lines = [
        f"# Request memory, {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC",
        "",
        f"Python {platform.python_version()}, {os.cpu_count()} cores. Figures taken while",
        "7 engineers shared these 2 cores: memory is what counts here, not the seconds.",
        f"Each request body: {size // MB} MB multipart, anonymous. Server memory from",
        "/proc/<pid>/status: VmHWM (peak) and VmRSS (after), minus VmHWM at start.",
        "",
        "| Server | Requests (status, seconds) | Peak growth MB | Kept after MB |",
        "|---|---|---|---|",
    ]
    for m in measures:
        answers = "; ".join(f"{n}: {a.status} {a.seconds:.1f}s" for n, a in m.answers)
        lines.append(f"| {m.label} | {answers} | {m.peak_growth_mb:.1f} | {m.kept_mb:.1f} |")
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mb", type=int, default=50, help="size of each body, in MB")
    args = parser.parse_args()
    size = args.mb * MB
    workdir = ROOT / "var"
    workdir.mkdir(exist_ok=True)
    requests = attack(size, "/documents/sittings/1/upload/")
    measures = [
        measure("stock daphne (before)", STOCK_DAPHNE, workdir, requests),
        measure("Procfile web: (after)", procfile_web_command(), workdir, requests),
    ]
    text = report(measures, size)
    print(text)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "request_memory.md").write_text(text)
    after = measures[-1]
    return 0 if after.peak_growth_mb < 32 else 1


if __name__ == "__main__":
    sys.exit(main())
