"""Run a bench's `--inner` measurement in a child process: on a throwaway SQLite database,
then, when DATABASE_URL names PostgreSQL, on a throwaway PostgreSQL database beside it.

The child process sets Django up on that database alone, so the two runs share nothing.
"""

import json
import os
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _run(module: str, env: dict[str, str]) -> dict:
    out = subprocess.run(
        [sys.executable, "-m", module, "--inner"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def measure_on_each_database(module: str) -> list[dict]:
    results = []
    base_env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    with tempfile.TemporaryDirectory() as tmp:
        results.append(
            _run(module, {**base_env, "PAPERLESS_VAR_DIR": tmp, "PYTHONPATH": str(ROOT)})
        )
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        import psycopg

        base, _, name = url.rpartition("/")
        throwaway = f"{name}_bench_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(url, autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{throwaway}"')
        try:
            with tempfile.TemporaryDirectory() as tmp:
                env = {**base_env, "PAPERLESS_VAR_DIR": tmp, "PYTHONPATH": str(ROOT)}
                results.append(_run(module, {**env, "DATABASE_URL": f"{base}/{throwaway}"}))
        finally:
            with psycopg.connect(url, autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{throwaway}" WITH (FORCE)')
    return results
