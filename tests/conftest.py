"""Fixtures shared by every test layer: settings for a throw-away instance on each engine."""

import asyncio
import os
import re
import uuid
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import asyncpg
import pytest

from runtime.database import migrate
from runtime.settings import Settings

POSTGRES_ADMIN_URL = os.environ.get(
    "FORMSEAL_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"
)
ENGINES = ["sqlite", "postgres"]
# argon2 with 8 KiB and 1 pass instead of 64 MiB and 3 (docs/testing.md, rule 8): for the
# `settings` fixture, for code that hashes without settings (get_settings) and for every
# `formseal` process a test starts. FORMSEAL_PASSWORD_HASHING=standard runs the suite with
# the production parameters; tests/unit/test_designer_passwords.py checks those.
PASSWORD_HASHING = os.environ.setdefault("FORMSEAL_PASSWORD_HASHING", "insecure-fast")


def _postgres_url(database: str) -> str:
    base, _, _ = POSTGRES_ADMIN_URL.rpartition("/")
    return f"{base}/{database}"


async def _admin(sql: str) -> None:
    conn = await asyncpg.connect(POSTGRES_ADMIN_URL)
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


@pytest.fixture(scope="session")
def postgres_database() -> Iterator[str]:
    """A fresh PostgreSQL database for this test session, dropped afterwards."""
    name = f"formseal_test_{uuid.uuid4().hex[:10]}"
    asyncio.run(_admin(f'CREATE DATABASE "{name}"'))
    try:
        yield _postgres_url(name)
    finally:
        asyncio.run(_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture(scope="session")
def session_var_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("var")


_migrated: dict[str, Settings] = {}


@pytest.fixture(params=ENGINES)
def settings(request: pytest.FixtureRequest, session_var_dir: Path) -> Settings:
    """Settings for a migrated database on the engine named by the parameter.

    One database per engine per session; tests isolate themselves by organisation.
    """
    engine = request.param
    if engine not in _migrated:
        base = Settings(
            var_dir=session_var_dir / engine,
            base_url="http://testserver.local",
            secret_key="test-secret-key-" + "x" * 32,
            run_worker=False,
            seal_processes=0,
            database_pool_size=0,  # SQLite: the test client runs the app on another loop
            password_hashing=PASSWORD_HASHING,
            jwks_allowed_hosts="127.0.0.1",  # the tests' identity providers listen there
        )
        if engine == "postgres":
            # The app's pool serves only the test client's loop; the tests' own queries
            # connect anew (runtime/postgres_engine.py). Without it every query of the app
            # connected too: a third of the PostgreSQL tests' time.
            base = replace(
                base,
                database_url=request.getfixturevalue("postgres_database"),
                database_pool_size=4,
            )
        base.ensure_dirs()
        asyncio.run(migrate(base))
        _migrated[engine] = base
    return _migrated[engine]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Browser tests last: Playwright's sync API keeps an event loop running in this thread
    for the rest of the session, so database fixtures (asyncio.run) must come before it."""
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)
    # An id made of an object's address differs between the two workers, and pytest-xdist
    # then stops the whole run ("Different tests were collected"): say which test at once.
    unstable = [item.nodeid for item in items if re.search(r" at 0x[0-9a-f]+", item.nodeid)]
    if unstable:
        raise pytest.UsageError(f"test ids hold an object's address (give ids=): {unstable}")
