"""Starting formseal as an operator would, for the benchmarks: the command, its environment,
and a PostgreSQL database of its own for a run (dropped afterwards, and left-overs of killed
runs with it)."""

from __future__ import annotations

import asyncio
import os
import re
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

from tests.perf.common import LOCALHOST, ROOT


def formseal_command() -> list[str]:
    script = Path(sys.executable).with_name("formseal")
    return [str(script)] if script.exists() else [sys.executable, "-m", "runtime.cli"]


def postgres_admin_url() -> str | None:
    """The PostgreSQL the integration tests use, when it runs on 127.0.0.1."""
    url = os.environ.get("FORMSEAL_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
    return url if urlsplit(url).hostname in (LOCALHOST, "localhost") else None


async def _postgres(url: str, *statements: str) -> None:
    import asyncpg

    conn = await asyncio.wait_for(asyncpg.connect(url), timeout=5)
    try:
        for sql in statements:
            await conn.execute(sql)
    finally:
        await conn.close()


async def _drop_orphans(url: str) -> None:
    """Drop databases left by benchmark processes that were killed (their pid is gone)."""
    import asyncpg

    conn = await asyncio.wait_for(asyncpg.connect(url), timeout=5)
    try:
        names = await conn.fetch(
            "SELECT datname FROM pg_database WHERE datname LIKE 'formseal_bench_%'"
        )
        for (name,) in names:
            found = re.fullmatch(r"formseal_bench_(\d+)_[0-9a-f]+", name)
            if found and not Path(f"/proc/{found.group(1)}").exists():
                await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await conn.close()


@contextmanager
def postgres_database() -> Iterator[str | None]:
    """A fresh database for this run, dropped afterwards; None when PostgreSQL is not there."""
    admin = postgres_admin_url()
    name = f"formseal_bench_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    created = False
    if admin is not None:
        try:
            asyncio.run(_drop_orphans(admin))
            asyncio.run(_postgres(admin, f'CREATE DATABASE "{name}"'))
            created = True
        except Exception as exc:
            print(f"PostgreSQL skipped: {exc!r}", file=sys.stderr)
    try:
        yield admin.rsplit("/", 1)[0] + "/" + name if admin and created else None
    finally:
        if admin and created:
            asyncio.run(_postgres(admin, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def formseal_env(var_dir: Path, port: int, database_url: str = "") -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FORMSEAL_")}
    env.update(
        FORMSEAL_VAR_DIR=str(var_dir),
        FORMSEAL_HOST=LOCALHOST,
        FORMSEAL_PORT=str(port),
        FORMSEAL_BASE_URL=f"http://{LOCALHOST}:{port}",
        # SQLite in the temporary folder, or a database created for this run
        FORMSEAL_DATABASE_URL=database_url,
        # The per-address limit counts only failed link look-ups (a working link costs it
        # nothing); raised out of reach anyway, so no stray miss can refuse the load.
        FORMSEAL_SIGNER_RATE_LIMIT_PER_MINUTE="1000000000",
        PYTHONPATH=str(ROOT),
    )
    return env
