"""One formseal installation in a temporary folder, run as real `formseal serve` processes
that tests may kill -9 and start again (tests/integration/test_crash_*.py)."""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
import subprocess
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import httpx

from runtime.accounts.service import create_api_key, ensure_organisation
from runtime.database import close_pool, configure_database, migrate, prepare_engine
from runtime.settings import Settings, settings_from_env
from tests.perf.common import LOCALHOST, ROOT, free_port, log_tail, spawn, stop, wait_until_up
from tests.perf.formseal_process import formseal_command, formseal_env

DEMO = ROOT / "runtime" / "demo" / "service_agreement.json"


class Instance:
    """`formseal` with its own var/ folder (SQLite unless `database_url`), on a free port."""

    def __init__(self, home: Path, database_url: str = "", **settings: str) -> None:
        self.home = home
        self.port = free_port()
        self.env = formseal_env(home / "var", self.port, database_url)
        self.env.update(
            FORMSEAL_SIGNER_RATE_LIMIT_PER_MINUTE="1000000000",
            FORMSEAL_API_RATE_LIMIT_PER_MINUTE="1000000000",
            FORMSEAL_WORKER_POLL_SECONDS="0.1",
        )
        self.env.update({f"FORMSEAL_{k.upper()}": v for k, v in settings.items()})
        self.proc: subprocess.Popen[bytes] | None = None
        self.starts = 0
        home.mkdir(parents=True, exist_ok=True)
        self.key = asyncio.run(_migrate_and_make_key(settings_from_env(self.env)))

    @property
    def base_url(self) -> str:
        return f"http://{LOCALHOST}:{self.port}"

    @property
    def log(self) -> Path:
        return self.home / f"serve-{self.starts}.log"

    def cli(self, *args: str) -> str:
        done = subprocess.run(
            [*formseal_command(), *args],
            env=self.env,
            cwd=self.home,
            capture_output=True,
            text=True,
            timeout=120,
        )
        if done.returncode != 0:
            raise RuntimeError(f"formseal {args[0]} failed:\n{done.stdout}\n{done.stderr}")
        return done.stdout

    def start(self) -> None:
        self.starts += 1
        self.proc = spawn([*formseal_command(), "serve"], env=self.env, cwd=self.home, log=self.log)
        wait_until_up(self.proc, self.port, "/healthz", self.log)

    def kill9(self) -> None:
        """Like a power cut for the process: SIGKILL to the server and its children at once."""
        assert self.proc is not None
        os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=10)
        self.proc = None

    def stop(self) -> None:
        if self.proc is not None:
            stop(self.proc)
            self.proc = None

    def log_tail(self) -> str:
        return log_tail(self.log)

    # --- the API and the database ------------------------------------------------------

    def api(self) -> httpx.Client:
        return httpx.Client(
            base_url=self.base_url,
            headers={"Authorization": f"Bearer {self.key}"},
            timeout=30,
        )

    def import_demo(self) -> str:
        with self.api() as api:
            answer = api.post(
                "/api/v1/templates",
                content=DEMO.read_bytes(),
                headers={"Content-Type": "application/json"},
            )
            answer.raise_for_status()
            return str(answer.json()["id"])

    def create_envelope(self, template_id: str, name: str) -> dict[str, Any]:
        with self.api() as api:
            body = {
                "template_id": template_id,
                "recipients": [{"role": "customer", "name": name, "email": "s@example.com"}],
            }
            answer = api.post("/api/v1/envelopes", json=body)
            answer.raise_for_status()
            created: dict[str, Any] = answer.json()
            return created

    def sqlite(self, sql: str, *args: Any) -> list[tuple[Any, ...]]:
        """Read the SQLite database directly (read-only, as an operator would)."""
        path = self.home / "var" / "formseal.sqlite3"
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=10)
        try:
            return list(conn.execute(sql, args).fetchall())
        finally:
            conn.close()


async def _migrate_and_make_key(settings: Settings) -> str:
    """What `formseal migrate` and `formseal apikey create` do, in this process: each
    command is a Python start of 2-5 s on a busy machine, and the tests are about the server
    (test_cli.py runs the commands themselves)."""
    settings.ensure_dirs()
    await migrate(settings)
    engine = configure_database(settings)
    await prepare_engine(engine)
    try:
        return await create_api_key(await ensure_organisation("My organisation"), "tests")
    finally:
        await close_pool(engine)


def signer_path(link: str) -> str:
    return "/" + link.split("/", 3)[3]


def consent(client: httpx.Client, path: str) -> str:
    """Agree to electronic records; returns the first step's path."""
    first = client.get(path)
    if first.headers.get("location", "").endswith("/consent"):
        given = client.post(f"{path}/consent", data={"consent": "yes"})
        assert given.status_code == 303, given.text
        first = client.get(path)
    assert first.status_code in (302, 303), (first.status_code, first.text[:300])
    return str(first.headers["location"])


def sign_demo(client: httpx.Client, path: str, name: str) -> None:
    """Walk the demo wizard without JavaScript and finish."""
    step1 = consent(client, path)
    step2 = client.post(
        step1,
        data={"full_name": name, "email": "s@example.com", "start_date": "2027-03-01"},
    )
    assert step2.status_code == 303, step2.text
    review = client.post(
        step2.headers["location"], data={"accept_terms": "yes", "signature__typed": name}
    )
    assert review.status_code == 303, review.text
    done = client.post(f"{path}/finish")
    assert done.status_code == 303, done.text


def wait_for(check: Any, timeout: float, what: str, every: float = 0.1) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(every)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")


def env_without(env: Mapping[str, str], *names: str) -> dict[str, str]:
    return {k: v for k, v in env.items() if k not in names}
