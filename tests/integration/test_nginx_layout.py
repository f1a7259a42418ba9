"""The documented several-process layout, for real: nginx (Debian's package) on loopback in
front of two `formseal serve` processes and one `formseal worker`, all on one PostgreSQL
database of their own, with the nginx locations from docs/examples/nginx/.

A signer fills the demo through the proxy from 127.0.0.3; nginx passes that address and
the apps (trusting X-Forwarded-For only from the proxy, which connects from 127.0.0.2)
record it; requests reach both processes; the worker seals; /metrics from either process
counts the requests of both (PROMETHEUS_MULTIPROC_DIR)."""

import asyncio
import json
import os
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import asyncpg
import httpx
import pytest

from runtime.accounts.service import create_api_key, ensure_organisation
from runtime.database import configure_database, migrate
from runtime.settings import Settings
from runtime.verification.service import verify_signature
from tests.conftest import POSTGRES_ADMIN_URL, _postgres_url
from tests.integration.conftest import demo_definition, fill_demo, path_of
from tests.integration.s3_server import free_port

ROOT = Path(__file__).resolve().parents[2]
LOCATIONS = ROOT / "docs" / "examples" / "nginx" / "formseal-locations.conf"
NGINX = shutil.which("nginx", path=os.environ.get("PATH", "") + ":/usr/sbin:/sbin")
FORMSEAL = str(Path(sys.executable).parent / "formseal")
PROXY_SOURCE, CLIENT_SOURCE = "127.0.0.2", "127.0.0.3"
SECRET = "layout-" + "s" * 40
GUESSES_PER_MINUTE = 6

pytestmark = pytest.mark.skipif(
    NGINX is None, reason="nginx is not installed (`make setup` installs Debian's nginx)"
)


async def _admin(sql: str) -> None:
    connection = await asyncpg.connect(POSTGRES_ADMIN_URL)
    try:
        await connection.execute(sql)
    finally:
        await connection.close()


def _wait_http(url: str, logs: list[Path], seconds: float = 120) -> None:
    """Wait for a 200; on a busy shared machine starting a process takes a while."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline:
            tails = {log.name: log.read_text()[-2000:] for log in logs if log.exists()}
            raise RuntimeError(f"{url} did not come up: {tails}")
        time.sleep(0.2)


class Layout:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.processes: list[subprocess.Popen] = []
        self.app_ports = [free_port(), free_port()]
        self.proxy_port = free_port()
        self.base_url = f"http://127.0.0.1:{self.proxy_port}"

    def settings(self, database_url: str) -> Settings:
        """The same installation, for the test's own process (pool-less)."""
        return Settings(
            var_dir=self.root / "var",
            database_url=database_url,
            secret_key=SECRET,
            base_url=self.base_url,
            database_pool_size=0,
        )

    def env(self, database_url: str) -> dict[str, str]:
        metrics_dir = self.root / "prometheus"
        metrics_dir.mkdir(exist_ok=True)
        return {
            **os.environ,
            "FORMSEAL_VAR_DIR": str(self.root / "var"),
            "FORMSEAL_DATABASE_URL": database_url,
            "FORMSEAL_SECRET_KEY": SECRET,
            "FORMSEAL_BASE_URL": self.base_url,
            "FORMSEAL_RUN_WORKER": "false",
            "FORMSEAL_SEAL_PROCESSES": "1",
            "FORMSEAL_WORKER_POLL_SECONDS": "0.2",
            "FORMSEAL_LOG_FORMAT": "json",
            "FORWARDED_ALLOW_IPS": PROXY_SOURCE,  # uvicorn: trust X-Forwarded-For from nginx only
            "PROMETHEUS_MULTIPROC_DIR": str(metrics_dir),
            "FORMSEAL_SIGNER_RATE_LIMIT_PER_MINUTE": str(GUESSES_PER_MINUTE),
        }

    def start(self, name: str, args: list[str], env: dict[str, str]) -> None:
        log = open(self.root / f"{name}.log", "wb")  # noqa: SIM115 - closed with the process
        self.processes.append(
            subprocess.Popen(args, env=env, stdout=log, stderr=subprocess.STDOUT, cwd=self.root)  # noqa: S603
        )

    def nginx_conf(self) -> Path:
        temp = self.root / "nginx"
        temp.mkdir()
        servers = "\n".join(f"        server 127.0.0.1:{port};" for port in self.app_ports)
        user = "user root;" if os.geteuid() == 0 else ""
        conf = temp / "nginx.conf"
        conf.write_text(f"""
{user}
worker_processes 1;
daemon off;
pid {temp}/nginx.pid;
error_log {temp}/error.log warn;
events {{ worker_connections 256; }}
http {{
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    upstream formseal {{
{servers}
        keepalive 16;
    }}
    server {{
        listen 127.0.0.1:{self.proxy_port};
        proxy_bind {PROXY_SOURCE};
        include {LOCATIONS};
    }}
}}
""")
        return conf

    def logs(self) -> list[Path]:
        return sorted(self.root.glob("*.log")) + [self.root / "nginx" / "error.log"]

    def log_lines(self, name: str) -> list[dict]:
        lines = []
        for raw in (self.root / f"{name}.log").read_text().splitlines():
            if raw.startswith("{"):
                lines.append(json.loads(raw))
        return lines

    def stop(self) -> None:
        for process in self.processes:
            process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()


@pytest.fixture
def layout(tmp_path: Path) -> Iterator[tuple[Layout, str]]:
    name = f"formseal_layout_{uuid.uuid4().hex[:10]}"
    asyncio.run(_admin(f'CREATE DATABASE "{name}"'))
    database_url = _postgres_url(name)
    setup = Layout(tmp_path)
    env = setup.env(database_url)
    try:
        asyncio.run(migrate(setup.settings(database_url)))  # in-process: one start fewer
        for index, port in enumerate(setup.app_ports):
            setup.start(f"app{index}", [FORMSEAL, "serve", "--port", str(port)], env)
        setup.start("worker", [FORMSEAL, "worker"], env)
        for port in setup.app_ports:
            _wait_http(f"http://127.0.0.1:{port}/readyz", setup.logs())
        conf = setup.nginx_conf()
        check = subprocess.run([NGINX, "-t", "-c", str(conf)], capture_output=True, text=True)  # noqa: S603
        assert check.returncode == 0, check.stderr
        setup.start("nginx", [NGINX, "-c", str(conf)], env)
        _wait_http(f"{setup.base_url}/healthz", setup.logs())
        yield setup, database_url
    finally:
        setup.stop()
        asyncio.run(_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.mark.timeout(420)  # five processes start: slow when the shared machine is busy
async def test_two_apps_and_a_worker_behind_nginx(layout: tuple[Layout, str]) -> None:
    setup, database_url = layout
    configure_database(setup.settings(database_url))
    organisation = await ensure_organisation("Layout Ltd")
    auth = {"Authorization": f"Bearer {await create_api_key(organisation, 'layout')}"}
    transport = httpx.AsyncHTTPTransport(local_address=CLIENT_SOURCE)
    async with httpx.AsyncClient(
        base_url=setup.base_url, transport=transport, timeout=30
    ) as client:
        template = await client.post("/api/v1/templates", json=demo_definition(), headers=auth)
        assert template.status_code == 201, template.text
        envelope = (
            await client.post(
                "/api/v1/envelopes",
                json={
                    "template_id": template.json()["id"],
                    "recipients": [
                        {"role": "customer", "name": "Alex", "email": "alex@example.com"}
                    ],
                    "prefill": {"email": "alex@example.com"},
                },
                headers=auth,
            )
        ).json()
        link = path_of(envelope["recipients"][0]["signing_url"])
        assert envelope["recipients"][0]["signing_url"].startswith(setup.base_url)
        # a spoofed X-Forwarded-For is replaced by nginx with the real client address
        client.headers["X-Forwarded-For"] = "203.0.113.66"
        await fill_demo(client, link)
        del client.headers["X-Forwarded-For"]

        deadline = time.monotonic() + 90
        while True:  # the worker process seals
            state = (await client.get(f"/api/v1/envelopes/{envelope['id']}", headers=auth)).json()
            if state["status"] == "completed" and state.get("sealed", True):
                sealed = await client.get(
                    f"/api/v1/envelopes/{envelope['id']}/sealed.pdf", headers=auth
                )
                if sealed.status_code == 200:
                    break
            assert time.monotonic() < deadline, state
            await asyncio.sleep(0.5)
        for _ in range(8):  # spread a few more requests over the upstreams
            assert (await client.get("/healthz")).status_code == 200
        # the proxy lets /metrics through for 127.0.0.1 and ::1 only (our client is 127.0.0.3)
        assert (await client.get("/metrics")).status_code == 403

        # guessing signing links: nginx spreads the guesses over both processes, which count
        # in one budget in the database, so the 7th guess of the minute is refused
        for attempt in range(2):  # once more if the minute turned while guessing
            minute = int(time.time() // 60)
            guesses = [
                await client.get(f"/s/guess{attempt}x{i:040d}/")
                for i in range(GUESSES_PER_MINUTE + 1)
            ]
            if int(time.time() // 60) == minute:
                break
        assert [g.status_code for g in guesses] == [404] * GUESSES_PER_MINUTE + [429]
        assert 1 <= int(guesses[-1].headers["Retry-After"]) <= 60

    report = verify_signature(Settings(var_dir=setup.root / "var"), sealed.content)
    assert report["intact"] and report["sealed_by_this_instance"], report

    # both app processes answered requests that came through the proxy
    served = [
        [line for line in setup.log_lines(f"app{i}") if line.get("logger") == "formseal.request"]
        for i in range(2)
    ]
    assert all(len(lines) >= 3 for lines in served), [len(lines) for lines in served]
    guessed = [sum(line["status"] == 404 for line in lines) for lines in served]
    assert all(n >= 1 for n in guessed), guessed  # each process saw some of the guesses
    assert not any(link.split("/")[2] in json.dumps(line) for lines in served for line in lines)
    # nginx's request id reached the app's log lines
    assert all(len(line["request_id"]) == 32 for lines in served for line in lines)

    # the audit trail recorded the signer's real address, not the spoofed one
    connection = await asyncpg.connect(database_url)
    try:
        addresses = {
            row["ip"]
            for row in await connection.fetch(
                "SELECT ip FROM audit_event WHERE envelope = $1 AND ip <> ''",
                uuid.UUID(envelope["id"]),
            )
        }
    finally:
        await connection.close()
    assert addresses == {CLIENT_SOURCE}

    # straight to an app process (not through the proxy), X-Forwarded-For is not trusted
    direct = httpx.get(
        f"http://127.0.0.1:{setup.app_ports[0]}/metrics",
        headers={"X-Forwarded-For": "203.0.113.66"},
    )
    assert direct.status_code == 200  # loopback client, header ignored
    total = sum(
        float(line.rsplit(" ", 1)[1])
        for line in direct.text.splitlines()
        if line.startswith("formseal_http_requests_total{")
    )
    assert total >= sum(len(lines) for lines in served) - 1  # both processes' counts
    assert "formseal_seals_total 1.0" in direct.text
