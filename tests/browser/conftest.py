"""Fixtures for the browser tests: one chromium and one live `formseal serve` per session.

The server is a real subprocess on a free port with its own var/ folder, so these tests
see exactly what a signer sees: uvicorn, the in-process job worker and the seal process.
Playwright drives Debian's chromium (/usr/bin/chromium); no browser is ever downloaded.

`live_server` runs on SQLite. Tests where the database matters ask for `engine_server`
instead, which runs them once on SQLite and once on a second live server on PostgreSQL;
that server starts only when the first such test needs it (a few seconds, once a session).
"""

import asyncio
import concurrent.futures
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import pytest
from playwright.sync_api import Browser, expect, sync_playwright

from runtime.settings import Settings
from tests.conftest import PASSWORD_HASHING, _admin, _postgres_url

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SERVER_START_SECONDS = 90  # a cold start on a busy two-core machine takes long
LINK = re.compile(r"(https?://\S+/s/\S+)")
T = TypeVar("T")


def formseal_command() -> list[str]:
    """The venv's `formseal` script next to this interpreter, or the module as a fallback."""
    script = Path(sys.executable).with_name("formseal")
    return [str(script)] if script.exists() else [sys.executable, "-m", "runtime.cli"]


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass(frozen=True)
class LiveServer:
    """A running `formseal serve` and the environment that reaches the same instance."""

    base_url: str
    env: dict[str, str]
    var_dir: Path

    def formseal(
        self, *args: str, check: bool = True, stdin: str | None = None
    ) -> subprocess.CompletedProcess[str]:
        """Run a `formseal` command against this instance (same database, keys and files)."""
        return subprocess.run(
            [*formseal_command(), *args],
            env=self.env,
            cwd=self.var_dir.parent,
            input=stdin,
            capture_output=True,
            text=True,
            timeout=60,
            check=check,
        )

    def run(self, work: Callable[[Settings], Awaitable[T]]) -> T:
        """Run `work` in this process on this instance's database, as a `formseal` command
        would, without starting Python (2-5 s a command on a busy machine, rule 5 of
        docs/testing.md). A thread of its own: Playwright keeps this thread's loop running."""
        from runtime.database import close_pool, configure_database, prepare_engine
        from runtime.settings import settings_from_env

        settings = settings_from_env(self.env)
        settings.ensure_dirs()

        async def main() -> T:
            engine = configure_database(settings)
            await prepare_engine(engine)
            try:
                return await work(settings)
            finally:
                await close_pool(engine)

        with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
            return pool.submit(asyncio.run, main()).result()

    def create_user(
        self, email: str, organisation: str, password: str, *, legal_name: str = ""
    ) -> None:
        """A designer admin in `organisation` (created when missing, with `legal_name`), as
        `formseal org create` and `formseal createuser` make them, in this process
        (test_cli.py and tests/integration/designer/test_designer_cli.py run the commands)."""
        from designer.cli import ensure_author
        from runtime.accounts.service import existing_organisation
        from runtime.errors import NotFound
        from runtime.organisations.service import create_organisation

        async def work(_: Settings) -> None:
            try:
                org = await existing_organisation(organisation)
            except NotFound:
                made = await create_organisation(organisation, legal_name=legal_name, actor="cli")
                org = made["id"]
            await ensure_author(org, email, password)

        self.run(work)

    def create_api_key(self, organisation: str, name: str = "tests") -> str:
        """A key with every scope for an existing organisation (or the default one), as
        `formseal apikey create --organisation` makes it, in this process."""
        from runtime.accounts.service import create_api_key, existing_organisation
        from runtime.cli import DEFAULT_ORGANISATION

        async def work(_: Settings) -> str:
            org = await existing_organisation(organisation, create_default=DEFAULT_ORGANISATION)
            return await create_api_key(org, name)

        return self.run(work)

    def import_template(self, path: Path, organisation: str) -> str:
        """Import and publish a definition, as `formseal template import` does; its id."""
        from runtime.accounts.service import existing_organisation
        from runtime.templates.service import import_and_publish

        async def work(_: Settings) -> str:
            org = await existing_organisation(organisation)
            made = await import_and_publish(org, path.read_bytes(), actor="cli")
            return str(made["id"])

        return self.run(work)

    def demo_author(self, organisation: str) -> tuple[str, str]:
        """What `formseal demo --organisation` leaves: the demo template and an envelope in
        `organisation` (created when missing) and the demo author's login, moved there."""
        from designer.cli import demo_author
        from runtime.accounts.service import ensure_organisation
        from runtime.demo import load_demo

        async def work(settings: Settings) -> tuple[str, str]:
            org = await ensure_organisation(organisation)
            await load_demo(org, settings)
            return await demo_author(org)

        return self.run(work)


def _server_env(var_dir: Path, port: int, database_url: str = "") -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FORMSEAL_")}
    env.update(
        {
            "FORMSEAL_VAR_DIR": str(var_dir),
            "FORMSEAL_PORT": str(port),
            "FORMSEAL_HOST": "127.0.0.1",
            "FORMSEAL_BASE_URL": f"http://127.0.0.1:{port}",
            # "" is SQLite in var_dir, whatever the caller's shell says
            "FORMSEAL_DATABASE_URL": database_url,
            "FORMSEAL_RUN_WORKER": "true",
            "FORMSEAL_WORKER_POLL_SECONDS": "0.2",
            "FORMSEAL_PASSWORD_HASHING": PASSWORD_HASHING,  # docs/testing.md, rule 8
        }
    )
    return env


def _wait_until_up(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + SERVER_START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(
                f"formseal serve exited with {process.returncode}:\n{log.read_text()}"
            )
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.1)
    raise RuntimeError(f"formseal serve did not answer {url} in time:\n{log.read_text()}")


@contextmanager
def _serve(
    root: Path, database_url: str = "", settings: dict[str, str] | None = None
) -> Iterator[LiveServer]:
    """`formseal migrate`, then `formseal serve` on a free port until the block ends;
    `settings` are FORMSEAL_* variables on top of the tests' own (a module's own server)."""
    var_dir = root / "var"
    port = _free_port()
    env = {**_server_env(var_dir, port, database_url), **(settings or {})}
    server = LiveServer(f"http://127.0.0.1:{port}", env, var_dir)
    server.run(_migrate)  # what `formseal migrate` does, without starting Python
    log = root / "serve.log"
    with open(log, "wb") as out:
        process = subprocess.Popen(
            [*formseal_command(), "serve"],
            env=server.env,
            cwd=root,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_until_up(f"{server.base_url}/verify", process, log)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """The session's live server on SQLite."""
    with _serve(tmp_path_factory.mktemp("browser")) as server:
        yield server


def _postgres_admin(sql: str) -> None:
    """Run `sql` on the PostgreSQL server from another thread: once Playwright has started,
    this thread has a running event loop and asyncio.run would refuse."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, _admin(sql)).result()


@pytest.fixture(scope="session")
def postgres_live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """A second live server, on a fresh PostgreSQL database dropped at the end of the session.
    Session-scoped fixtures start on first use, so runs without PostgreSQL tests never pay."""
    name = f"formseal_browser_{uuid.uuid4().hex[:10]}"
    _postgres_admin(f'CREATE DATABASE "{name}"')
    try:
        with _serve(tmp_path_factory.mktemp("browser-postgres"), _postgres_url(name)) as server:
            yield server
    finally:
        _postgres_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", "postgres"])
def engine_server(request: pytest.FixtureRequest) -> LiveServer:
    """The live server on each engine in turn: for tests whose outcome rests on the database
    (autosave, files, identity attempts, decline, signing and sealing)."""
    name = "live_server" if request.param == "sqlite" else "postgres_live_server"
    return request.getfixturevalue(name)


async def _migrate(settings: Settings) -> None:
    from runtime.database import migrate

    await migrate(settings)


def demo_link(server: LiveServer) -> str:
    """What `formseal demo` makes (a fresh envelope each call), made in this process; returns
    its signing link. `cli_demo_link` runs the command itself."""
    from runtime.accounts.service import existing_organisation
    from runtime.cli import DEFAULT_ORGANISATION
    from runtime.demo import load_demo

    async def work(settings: Settings) -> dict:
        org = await existing_organisation(
            DEFAULT_ORGANISATION, create_default=DEFAULT_ORGANISATION, create_first=True
        )
        return await load_demo(org, settings)

    link: str = server.run(work)["recipients"][0]["signing_url"]
    assert link.startswith(server.base_url + "/s/"), link
    return link


def cli_demo_link(server: LiveServer) -> str:
    """Runs `formseal demo` (a fresh envelope each call) and returns its signing link."""
    result = server.formseal("demo")
    match = LINK.search(result.stdout)
    assert match, f"no signing link in `formseal demo` output:\n{result.stdout}"
    assert match.group(1).startswith(server.base_url)
    return match.group(1)


@pytest.fixture
def new_signing_link(live_server: LiveServer) -> Callable[[], str]:
    """A fresh demo envelope per call (what `formseal demo` makes); returns its signing link."""
    return lambda: demo_link(live_server)


@pytest.fixture
def signing_link(new_signing_link: Callable[[], str]) -> str:
    return new_signing_link()


@pytest.fixture
def cli_signing_link(live_server: LiveServer) -> str:
    """A link from `formseal demo` itself, for the README's journey (demo, sign, verify)."""
    return cli_demo_link(live_server)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One headless Debian chromium for the whole session, through Playwright's sync API."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make setup` (it installs Debian's chromium)")
    # CI machines are small and busy (two cores, a live server and a worker): assertions
    # wait up to 15 s for what a person would see, instead of Playwright's 5 s.
    expect.set_options(timeout=15_000)
    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()
    finally:
        playwright.stop()


@pytest.fixture(scope="session")
def poppler() -> None:
    """The poppler tools the PDF checks call (`make setup` installs poppler-utils)."""
    missing = [t for t in ("pdfsig", "pdftotext", "pdfimages") if shutil.which(t) is None]
    if missing:
        pytest.fail(f"{', '.join(missing)} missing: run `make setup` (it installs poppler-utils)")
