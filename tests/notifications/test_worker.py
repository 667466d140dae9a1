"""The real tasks worker (`manage.py db_worker`, another process) on SQLite and PostgreSQL:
each due reminder reaches its person exactly once, even when the worker is killed mid-batch
and started again."""

import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path

import psycopg
import pytest
from django.conf import settings

from tests.conftest import without_real_services

ROOT = Path(settings.BASE_DIR)
OFFICERS = 300
WAIT_SECONDS = 120


class WorkerDatabase:
    def __init__(self, env: dict[str, str], count_sql) -> None:
        self.env = env
        self.count_sql = count_sql

    def scalar(self, sql: str) -> int:
        return self.count_sql(sql)


@pytest.fixture(params=["sqlite", "postgresql"])
def worker_db(request, tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "SQLITE_TEST_NAME")}
    env["PAPERLESS_VAR_DIR"] = str(tmp_path)
    env["PYTHONPATH"] = str(ROOT)
    if request.param == "sqlite":
        path = tmp_path / "council.sqlite3"

        def count(sql):
            with sqlite3.connect(path, timeout=20) as db:
                return db.execute(sql).fetchone()[0]

        yield WorkerDatabase(env, count)
        return
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        without_real_services("PostgreSQL (DATABASE_URL)")
    base, _, name = url.rpartition("/")
    worker_name = f"{name}_worker_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{worker_name}"')
    env["DATABASE_URL"] = f"{base}/{worker_name}"

    def count(sql):
        with psycopg.connect(env["DATABASE_URL"]) as db:
            return db.execute(sql).fetchone()[0]

    try:
        yield WorkerDatabase(env, count)
    finally:
        with psycopg.connect(url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{worker_name}" WITH (FORCE)')


def scenario(db: WorkerDatabase, *args: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "tests.notifications.worker_scenario", *args],
        cwd=ROOT,
        env=db.env,
        check=True,
        timeout=WAIT_SECONDS,
    )


def worker(db: WorkerDatabase) -> subprocess.Popen:
    log = Path(db.env["PAPERLESS_VAR_DIR"]) / "worker.log"
    with log.open("ab") as out:
        return subprocess.Popen(
            [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay"],
            cwd=ROOT,
            env=db.env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )


def log(db: WorkerDatabase) -> str:
    return (Path(db.env["PAPERLESS_VAR_DIR"]) / "worker.log").read_text()


def mails(db: WorkerDatabase) -> list[str]:
    folder = Path(db.env["PAPERLESS_VAR_DIR"]) / "mail"
    text = "".join(p.read_text() for p in folder.glob("*")) if folder.exists() else ""
    return re.findall(r"^To: (.+)$", text, flags=re.M)


def delivered_once(db: WorkerDatabase) -> None:
    assert db.scalar("SELECT COUNT(*) FROM notifications_delivery") == OFFICERS
    assert db.scalar("SELECT COUNT(DISTINCT user_id) FROM notifications_delivery") == OFFICERS
    assert db.scalar("SELECT COUNT(*) FROM notifications_notification") == OFFICERS
    sent = db.scalar("SELECT COUNT(*) FROM notifications_dispatch WHERE state = 'sent'")
    # A dispatch claimed by the killed worker is never sent again (at most once); the
    # person still has the reminder in the app.
    stuck = db.scalar("SELECT COUNT(*) FROM notifications_dispatch WHERE state = 'sending'")
    assert sent + stuck == OFFICERS and stuck <= 1
    recipients = mails(db)
    assert len(recipients) == len(set(recipients)) == sent


def test_the_worker_delivers_each_due_reminder_once_and_a_second_sweep_adds_nothing(worker_db):
    scenario(worker_db, "seed", str(OFFICERS))
    first = worker(worker_db)
    assert first.wait(WAIT_SECONDS) == 0, log(worker_db)
    delivered_once(worker_db)
    scenario(worker_db, "again")
    second = worker(worker_db)
    assert second.wait(WAIT_SECONDS) == 0, log(worker_db)
    delivered_once(worker_db)


def test_a_worker_killed_mid_batch_and_restarted_still_delivers_once(worker_db):
    scenario(worker_db, "seed", str(OFFICERS))
    victim = worker(worker_db)
    deadline = time.monotonic() + WAIT_SECONDS
    seen = 0
    while time.monotonic() < deadline and victim.poll() is None:
        seen = worker_db.scalar("SELECT COUNT(*) FROM notifications_delivery")
        if seen >= OFFICERS // 10:
            break
        time.sleep(0.005)  # polling another process's progress: nothing to await
    victim.send_signal(signal.SIGKILL)
    victim.wait(WAIT_SECONDS)
    assert 0 < seen < OFFICERS, f"killed too late to be mid-batch ({seen} delivered)"
    assert worker_db.scalar("SELECT COUNT(*) FROM notifications_delivery") < OFFICERS
    scenario(worker_db, "again")
    restarted = worker(worker_db)
    assert restarted.wait(WAIT_SECONDS) == 0, log(worker_db)
    delivered_once(worker_db)
