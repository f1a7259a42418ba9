"""Health and readiness for load balancers and orchestrators."""

import logging
from dataclasses import replace
from pathlib import Path

import pytest

from runtime.settings import Settings
from runtime.web import health
from tests.integration.conftest import app_client


async def test_health_and_readiness(settings: Settings, tmp_path: Path) -> None:
    async with app_client(settings) as client:
        assert (await client.get("/healthz")).json() == {"status": "ok"}
        ready = await client.get("/readyz")
        assert ready.status_code == 200 and ready.json()["database"] == "ok"


async def test_not_ready_when_files_cannot_be_written(settings: Settings, tmp_path: Path) -> None:
    broken = replace(settings, var_dir=tmp_path / "var")
    broken.ensure_dirs()
    broken.files_dir.chmod(0o500)
    try:
        async with app_client(replace(settings, var_dir=broken.var_dir)) as client:
            import os

            if os.geteuid() == 0:  # root ignores permissions: make the folder a file instead
                broken.files_dir.chmod(0o700)
                broken.files_dir.rmdir()
                broken.files_dir.write_text("not a folder")
            answer = await client.get("/readyz")
            assert answer.status_code == 503 and answer.json()["files"] != "ok"
    finally:
        if broken.files_dir.is_dir():
            broken.files_dir.chmod(0o700)
        Path(broken.files_dir).unlink(missing_ok=True) if broken.files_dir.is_file() else None


async def test_every_answer_carries_its_id_then_the_security_headers(settings: Settings) -> None:
    """The one observing wrapper (runtime/web/metrics.py) writes the headers two wrappers
    wrote before, in the same order: the route's own, the request id, the defaults."""
    async with app_client(settings) as client:
        answer = await client.get("/healthz", headers={"X-Request-ID": "probe-1"})
    assert answer.headers.raw == [
        (b"content-type", b"application/json"),
        (b"content-length", b"15"),
        (b"x-request-id", b"probe-1"),
        (
            b"content-security-policy",
            b"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            b"font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; "
            b"object-src 'none'; frame-ancestors 'none'",
        ),
        (b"referrer-policy", b"no-referrer"),
        (b"x-content-type-options", b"nosniff"),
        (b"x-frame-options", b"DENY"),
        (b"cross-origin-opener-policy", b"same-origin"),
        (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
        (b"cache-control", b"no-store"),
    ]


async def test_a_failing_part_is_logged_with_its_reason_once_and_its_return_once(
    settings: Settings,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The answer names only the error's type; the log says what it was, once per change
    (a load balancer asks every few seconds)."""
    monkeypatch.setattr(health, "_FAILING", {})
    var_dir = tmp_path / "var"
    replace(settings, var_dir=var_dir).ensure_dirs()
    files = var_dir / "files"
    async with app_client(replace(settings, var_dir=var_dir)) as client:
        files.rmdir()
        files.write_text("not a folder")  # as root too (permissions would not stop root)
        with caplog.at_level(logging.INFO, logger="formseal.health"):
            for _ in range(3):
                assert (await client.get("/readyz")).json()["files"] == "Not a directory"
            files.unlink()
            files.mkdir()
            for _ in range(2):
                assert (await client.get("/readyz")).json()["files"] == "ok"
    # (on SQLite this var folder has no migrated database: that part fails too)
    lines = [
        (r.levelname, r.getMessage())
        for r in caplog.records
        if r.name == "formseal.health" and "files" in r.getMessage()
    ]
    assert len(lines) == 2, lines
    assert lines[0][0] == "WARNING" and lines[0][1].startswith("/readyz: files failing (")
    assert lines[0][1].endswith(
        f"NotADirectoryError: [Errno 20] Not a directory: '{files}/.ready-…')"
    )
    assert lines[1] == ("WARNING", "/readyz: files ok again")
