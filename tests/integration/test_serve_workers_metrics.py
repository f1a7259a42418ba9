"""`formseal serve --workers 2` (docs/deploy.md, "What runs"): /metrics counts the
requests of both processes whichever answers, without PROMETHEUS_MULTIPROC_DIR set.

Starts a real server with two web processes (15-20 s on a busy 2-core machine): the
processes and which of them answers a scrape are what is tested."""

import os
import re
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from tests.integration.cli_helpers import FORMSEAL
from tests.integration.cli_startup_helpers import _free_port, run

pytestmark = pytest.mark.timeout(120)


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as answer:  # noqa: S310 - loopback
        return str(answer.read().decode())


def _wait_until_up(url: str, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert server.poll() is None, "formseal serve stopped"
        try:
            _get(url)
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"{url} never answered")


def test_two_web_processes_count_their_requests_together(tmp_path: Path) -> None:
    assert run(tmp_path, "migrate").returncode == 0
    port = _free_port()
    (tmp_path / "tmp").mkdir()
    environ = {
        **os.environ,
        "FORMSEAL_VAR_DIR": str(tmp_path),
        "FORMSEAL_DATABASE_URL": "",
        "FORMSEAL_SECRET_KEY": "serve-workers-" + "x" * 32,
        "FORMSEAL_RUN_WORKER": "false",
        "FORMSEAL_SEAL_PROCESSES": "0",
        "TMPDIR": str(tmp_path / "tmp"),  # where serve makes the metrics folder
    }
    environ.pop("PROMETHEUS_MULTIPROC_DIR", None)
    server = subprocess.Popen(
        [*FORMSEAL, "serve", "--port", str(port), "--workers", "2"],
        env=environ,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(f"{base}/healthz", server)
        [folder] = (tmp_path / "tmp").glob("formseal-metrics-*")
        served, deadline = 1, time.monotonic() + 60
        while len(list(folder.glob("counter_*.db"))) < 2:  # until both processes answered
            assert time.monotonic() < deadline, "one process answered every request"
            _get(f"{base}/healthz")
            served += 1
        _wait_for_count(base, served)  # counted just after the answer is sent
        # before, each scrape gave one process's count (e.g. 14, then 6)
        assert {_healthz_count(base) for _ in range(6)} == {float(served)}
    finally:
        server.terminate()
        server.wait(30)
    assert not list((tmp_path / "tmp").glob("formseal-metrics-*"))  # removed when it stops


def _wait_for_count(base: str, expected: int) -> None:
    """A request is counted once its answer is sent: a scrape just after may not see it."""
    deadline = time.monotonic() + 10
    while _healthz_count(base) != expected:
        assert time.monotonic() < deadline, f"/healthz never counted {expected}"
        time.sleep(0.1)


def _healthz_count(base: str) -> float:
    found = re.search(
        r'^formseal_http_requests_total\{method="GET",route="/healthz",status="200"\} (\S+)$',
        _get(f"{base}/metrics"),
        re.MULTILINE,
    )
    assert found, "no /healthz count"
    return float(found.group(1))


def test_serve_leaves_the_metrics_folder_of_other_processes_as_it_is(tmp_path: Path) -> None:
    """PROMETHEUS_MULTIPROC_DIR is shared by the web processes of a machine, each started by
    itself (formseal-web@8001, @8002): one that starts must not empty it, or the counts of
    the others that run would vanish from /metrics, and those of one that stopped (a
    restart) would go down, read by Prometheus as a reset. docs/deploy.md says when an
    operator may empty it."""
    assert run(tmp_path, "migrate").returncode == 0
    folder = tmp_path / "metrics"
    folder.mkdir()
    (folder / "notes.txt").write_text("the operator's")
    environ = {
        **os.environ,
        "FORMSEAL_VAR_DIR": str(tmp_path),
        "FORMSEAL_DATABASE_URL": "",
        "FORMSEAL_SECRET_KEY": "serve-workers-" + "x" * 32,
        "FORMSEAL_RUN_WORKER": "false",
        "FORMSEAL_SEAL_PROCESSES": "0",
        "PROMETHEUS_MULTIPROC_DIR": str(folder),
    }
    servers: list[subprocess.Popen] = []

    def start() -> str:
        port = _free_port()
        servers.append(
            subprocess.Popen(
                [*FORMSEAL, "serve", "--port", str(port)],
                env=environ,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        )
        _wait_until_up(f"http://127.0.0.1:{port}/healthz", servers[-1])
        return f"http://127.0.0.1:{port}"

    try:
        first = start()  # answered one /healthz while waiting
        for _ in range(2):
            _get(f"{first}/healthz")
        second = start()  # the other process of the machine starts, the first runs on
        _wait_for_count(second, 4)  # 3 of the first, 1 of its own
        assert _healthz_count(first) == 4
        servers[0].terminate()
        servers[0].wait(30)
        assert _healthz_count(second) == 4  # the first stopped: its counts stay
        assert (folder / "notes.txt").read_text() == "the operator's"
    finally:
        for server in servers:
            server.terminate()
            server.wait(30)
