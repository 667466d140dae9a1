"""Several Daphne processes on one PostgreSQL and one Redis, as in production.

They need the real servers: skipped without DATABASE_URL and REDIS_URL, and failing in
CI's PostgreSQL + Redis run (tests.conftest.without_real_services).
"""

import os
import urllib.parse
from collections.abc import Iterator

import pytest
from django.conf import settings
from django.db import connection

from bench.infra import AppEnvironment, Daphne
from council.models import Member, Role
from tests.conftest import make_member, without_real_services


@pytest.fixture(scope="session")
def real_backends() -> dict[str, str]:
    """DATABASE_URL (PostgreSQL) and REDIS_URL, or skip (a laptop) / fail (CI)."""
    database_url = os.environ.get("DATABASE_URL", "")
    redis_url = os.environ.get("REDIS_URL", "")
    problems = []
    if not database_url.startswith(("postgres://", "postgresql://")):
        problems.append("DATABASE_URL of a PostgreSQL server")
    if not redis_url:
        problems.append("REDIS_URL")
    if problems:
        without_real_services(" and ".join(problems))
    return {"DATABASE_URL": database_url, "REDIS_URL": redis_url}


def database_url_of_test_db() -> str:
    """The URL of the database pytest-django made, for the Daphne subprocesses."""
    db = connection.settings_dict
    user = urllib.parse.quote(db.get("USER") or "")
    password = urllib.parse.quote(db.get("PASSWORD") or "")
    auth = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgresql://{auth}{db.get('HOST') or '127.0.0.1'}{port}/{db['NAME']}"


@pytest.fixture
def app_env(real_backends, transactional_db) -> Iterator[AppEnvironment]:
    """Env for Daphne subprocesses sharing this test's database (committed: transactional_db)."""
    env = AppEnvironment(
        existing_database_url=database_url_of_test_db(),
        redis_url=real_backends["REDIS_URL"],
        secret_key=settings.SECRET_KEY,
    )
    try:
        yield env
    finally:
        env.close()


@pytest.fixture
def two_processes(app_env) -> tuple[Daphne, Daphne]:
    return app_env.daphne(), app_env.daphne()


@pytest.fixture
def hall(council) -> list[Member]:
    """Six delegates, each with a tablet."""
    return [make_member(council, f"hall{i}", Role.DELEGATE, seat=f"{i:03d}") for i in range(6)]
