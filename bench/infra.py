"""Processes a benchmark or an integration test runs the real app on.

Everything listens on 127.0.0.1 only, on ports picked free at start, and everything started
here is stopped by its own handle (never by name): a shared machine also runs other
people's tests, and the PostgreSQL and Redis already running on it are theirs.
"""

import contextlib
import http.client
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
# The tree the app's processes run from; another checkout may be benchmarked with this.
APP_ROOT = Path(os.environ.get("BENCH_APP_ROOT") or ROOT)
PYTHON = sys.executable
# The server `make run` and the deploy docs start (bounded request bodies), or stock Daphne for
# an older checkout that has none.
DAPHNE = (
    [PYTHON, "-m", "council.serve"]
    if (APP_ROOT / "council" / "serve.py").exists()
    else [str(Path(PYTHON).with_name("daphne"))]
)
HOST = "127.0.0.1"


class InfraError(RuntimeError):
    pass


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def wait_until(predicate, *, timeout: float, interval: float = 0.05, what: str = "") -> Any:
    deadline = time.monotonic() + timeout
    while True:
        result = predicate()
        if result:
            return result
        if time.monotonic() > deadline:
            raise InfraError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(interval)


def _stop(process: subprocess.Popen, *, timeout: float = 10) -> None:
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=timeout)


class RedisServer:
    """A private redis-server: no persistence, so a restart starts empty like a crash would."""

    def __init__(self, workdir: Path, port: int | None = None) -> None:
        self.workdir = workdir
        self.port = port or free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://{HOST}:{self.port}/0"

    @staticmethod
    def available() -> bool:
        return shutil.which("redis-server") is not None

    def start(self) -> "RedisServer":
        if not self.available():
            raise InfraError("redis-server is not installed")
        log = open(self.workdir / f"redis-{self.port}.log", "ab")  # noqa: SIM115
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                HOST,
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.workdir),
                "--maxclients",
                "10000",
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        log.close()
        wait_until(self.ping, timeout=10, what=f"redis-server on port {self.port}")
        return self

    def ping(self) -> bool:
        try:
            with socket.create_connection((HOST, self.port), timeout=0.5) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def shutdown(self) -> None:
        """What an operator's restart looks like: SHUTDOWN NOSAVE, all data gone."""
        if self.process is None:
            return
        subprocess.run(
            ["redis-cli", "-h", HOST, "-p", str(self.port), "shutdown", "nosave"],
            check=False,
            capture_output=True,
            timeout=10,
        )
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            _stop(self.process)
        self.process = None

    def stop(self) -> None:
        if self.process is not None:
            _stop(self.process)
            self.process = None


class ThrowawayDatabase:
    """A database made for one run and dropped after it.

    With a PostgreSQL DATABASE_URL: a fresh database on that server (never the one named in
    the URL). Without: a SQLite file in the run's temporary directory.
    """

    def __init__(self, workdir: Path, server_url: str | None) -> None:
        self.workdir = workdir
        self.server_url = server_url
        self.name = f"bench_{secrets.token_hex(4)}"
        self.url: str | None = None

    @property
    def kind(self) -> str:
        url = self.url or self.server_url or ""
        return "PostgreSQL" if url.startswith("postgres") else "SQLite"

    def _admin(self):
        import psycopg

        parts = urllib.parse.urlsplit(self.server_url)
        admin = parts._replace(path="/postgres").geturl()
        return psycopg.connect(admin, autocommit=True)

    def create(self) -> "ThrowawayDatabase":
        if self.server_url:
            with self._admin() as conn:
                conn.execute(f'CREATE DATABASE "{self.name}"')
            parts = urllib.parse.urlsplit(self.server_url)
            self.url = parts._replace(path=f"/{self.name}").geturl()
        return self

    def drop(self) -> None:
        if self.server_url and self.url:
            with self._admin() as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
            self.url = None


class Daphne:
    """One Daphne process serving council.asgi:application with its real consumers."""

    def __init__(
        self,
        env: dict[str, str],
        workdir: Path,
        port: int | None = None,
        app: str = "council.asgi:application",
    ) -> None:
        self.env = env
        self.workdir = workdir
        self.port = port or free_port()
        self.app = app
        self.process: subprocess.Popen | None = None

    @property
    def http(self) -> str:
        return f"http://{HOST}:{self.port}"

    @property
    def ws(self) -> str:
        return f"ws://{HOST}:{self.port}"

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def start(self, *, timeout: float = 60) -> "Daphne":
        log = open(self.workdir / f"daphne-{self.port}.log", "ab")  # noqa: SIM115
        self.process = subprocess.Popen(
            [*DAPHNE, "-b", HOST, "-p", str(self.port), self.app],
            cwd=APP_ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        log.close()
        wait_until(self.healthy, timeout=timeout, interval=0.2, what=f"Daphne on {self.port}")
        return self

    def healthy(self) -> bool:
        if self.process is None or self.process.poll() is not None:
            raise InfraError(f"Daphne on {self.port} exited; see {self.log_path()}")
        try:
            conn = http.client.HTTPConnection(HOST, self.port, timeout=2)
            try:
                conn.request("GET", "/healthz")
                return conn.getresponse().status == 200
            finally:
                conn.close()
        except OSError:
            return False

    def log_path(self) -> Path:
        return self.workdir / f"daphne-{self.port}.log"

    def rss_kb(self) -> int:
        status = Path(f"/proc/{self.pid}/status").read_text()
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
        raise InfraError("no VmRSS in /proc status")

    def kill(self) -> None:
        """A crash, not a shutdown: the tablets' sockets drop without a close frame."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process is not None:
            _stop(self.process)


class AppEnvironment:
    """A temporary var dir, a throwaway database and the env every subprocess shares."""

    def __init__(
        self,
        *,
        database_url: str | None = None,
        redis_url: str | None = None,
        extra_env: dict[str, str] | None = None,
        existing_database_url: str | None = None,
        secret_key: str | None = None,
    ) -> None:
        """`existing_database_url`: use that database as is (a test's), never create or drop."""
        self.workdir = Path(tempfile.mkdtemp(prefix="council-bench-"))
        self.database = ThrowawayDatabase(self.workdir, database_url)
        if existing_database_url:
            self.database.server_url = None
            self.database.url = existing_database_url
        self.redis_url = redis_url
        self.extra_env = extra_env or {}
        self.daphnes: list[Daphne] = []
        self._key = secret_key or secrets.token_hex(32)
        self.run_id = secrets.token_hex(4)

    def __enter__(self) -> "AppEnvironment":
        self.database.create()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def description(self) -> str:
        layer = "Redis layer" if self.redis_url else "in-memory layer"
        return f"{self.database.kind} + {layer}"

    @property
    def env(self) -> dict[str, str]:
        env = {
            key: value
            for key, value in os.environ.items()
            if key not in {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE"}
        }
        env.update(
            {
                "DJANGO_SETTINGS_MODULE": "council.settings",
                "PAPERLESS_VAR_DIR": str(self.workdir / "var"),
                # One key for every process: sessions made in the setup step must verify.
                "DJANGO_SECRET_KEY": self._secret_key,
                "DJANGO_DEBUG": "false",
                "LOG_LEVEL": "ERROR",
                # Each run its own keys on a shared Redis: other people's tests use it too.
                "REDIS_PREFIX": f"bench{self.run_id}",
                "PYTHONUNBUFFERED": "1",
            }
        )
        if self.database.url:
            env["DATABASE_URL"] = self.database.url
        if self.redis_url:
            env["REDIS_URL"] = self.redis_url
        env.update(self.extra_env)
        return env

    @property
    def _secret_key(self) -> str:
        return self._key

    def manage(self, *args: str, timeout: float = 300) -> str:
        result = subprocess.run(
            [PYTHON, "manage.py", *args],
            cwd=APP_ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if result.returncode:
            raise InfraError(f"manage.py {' '.join(args)} failed:\n{result.stderr[-3000:]}")
        return result.stdout

    def prepare(self, *, delegates: int, chair_devices: int = 20) -> dict[str, Any]:
        """Migrate, seed the demo, and make sessions for `delegates` tablets (see bench.djsetup)."""
        self.manage("migrate", "--noinput", "-v0")
        self.manage("seed_demo")
        result = subprocess.run(
            [
                PYTHON,
                "-m",
                "bench.djsetup",
                "--delegates",
                str(delegates),
                "--chair-devices",
                str(chair_devices),
            ],
            cwd=APP_ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        if result.returncode:
            raise InfraError(f"bench.djsetup failed:\n{result.stderr[-3000:]}")
        return json.loads(result.stdout)

    def setup_step(self, *args: str, payload: dict[str, Any], timeout: float = 300) -> Any:
        """`python -m bench.djsetup ARGS` with JSON on stdin; its JSON answer."""
        result = subprocess.run(
            [PYTHON, "-m", "bench.djsetup", *args],
            cwd=APP_ROOT,
            env=self.env,
            input=json.dumps(payload),
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if result.returncode:
            raise InfraError(f"bench.djsetup {' '.join(args)} failed:\n{result.stderr[-3000:]}")
        return json.loads(result.stdout)

    def daphne(self, port: int | None = None, app: str = "council.asgi:application") -> Daphne:
        process = Daphne(self.env, self.workdir, port, app)
        self.daphnes.append(process)
        return process.start()

    def last_error(self) -> str:
        """The last error line any Daphne of this environment logged, for a failed row."""
        found = ""
        for log in sorted(self.workdir.glob("daphne-*.log")):
            for line in log.read_text(errors="replace").splitlines():
                if ("Error" in line or "Exception" in line) and not line.startswith(" "):
                    found = line.strip()
        return found[:300]

    def close(self) -> None:
        for process in self.daphnes:
            with contextlib.suppress(Exception):
                process.stop()
        self.daphnes.clear()
        if self.redis_url:
            # Group memberships live a day in Redis; leave nothing in a shared one.
            with contextlib.suppress(Exception):
                import redis

                client = redis.Redis.from_url(self.redis_url)
                for key in client.scan_iter(match=f"bench{self.run_id}*", count=1000):
                    client.delete(key)
                client.close()
        with contextlib.suppress(Exception):
            self.database.drop()
        if os.environ.get("BENCH_KEEP_LOGS"):
            print(f"logs kept in {self.workdir}", file=sys.stderr)
        else:
            shutil.rmtree(self.workdir, ignore_errors=True)
