"""Backup and restore as docs/deploy.md describes it, on SQLite and on PostgreSQL:
`formseal backup` while the app is open (SQLite's online backup or pg_dump, then the files
and keys); restored into a new folder (and, on PostgreSQL, with pg_restore into a new
database), the instance serves the very same sealed PDF and still knows the seal as its own."""

import hashlib
import shutil
import subprocess
import uuid
from pathlib import Path

import asyncpg
import pytest
from click.testing import CliRunner

from runtime.cli import main as cli
from runtime.database import migrate
from runtime.settings import Settings
from runtime.verification.service import verify_signature
from tests.conftest import POSTGRES_ADMIN_URL, _postgres_url
from tests.integration.conftest import (
    app_client,
    create_envelope,
    fill_demo,
    import_template,
    new_org,
    path_of,
    run_jobs,
)

SECRET = "backup-test-" + "k" * 40


def _settings(var_dir: Path, database_url: str = "") -> Settings:
    return Settings(
        var_dir=var_dir,
        database_url=database_url,
        base_url="http://testserver.local",
        secret_key=SECRET,
        run_worker=False,
        seal_processes=0,
        database_pool_size=0,
    )


def _backup_cli(settings: Settings, destination: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    from runtime.settings import get_settings

    monkeypatch.setenv("FORMSEAL_VAR_DIR", str(settings.var_dir))
    monkeypatch.setenv("FORMSEAL_SECRET_KEY", SECRET)
    if settings.database_url:
        monkeypatch.setenv("FORMSEAL_DATABASE_URL", settings.database_url)
    else:
        monkeypatch.delenv("FORMSEAL_DATABASE_URL", raising=False)
    monkeypatch.delenv("FORMSEAL_STORAGE_URL", raising=False)
    get_settings.cache_clear()
    try:
        return CliRunner().invoke(cli, ["backup", str(destination)])
    finally:
        get_settings.cache_clear()


async def test_backup_and_restore_serves_the_same_sealed_pdf(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = _settings(tmp_path / "original")
    original.ensure_dirs()
    await migrate(original)
    backup = tmp_path / "backup"

    async with app_client(original) as client:
        org = await new_org("Backup org")
        template = await import_template(client, org)
        envelope = await create_envelope(client, org, template["id"])
        await fill_demo(client, path_of(envelope["recipients"][0]["signing_url"]))
        await run_jobs(original)
        url = f"/api/v1/envelopes/{envelope['id']}/sealed.pdf"
        sealed = await client.get(url, headers=org.auth)
        assert sealed.status_code == 200

        # while the app is open: `formseal backup` (database first, then files and keys)
        result = _backup_cli(original, backup, monkeypatch)
        assert result.exit_code == 0, result.output
        assert "Keep the secret key" in result.output
        refused = _backup_cli(original, backup, monkeypatch)  # never over an old backup
        assert refused.exit_code == 1 and "not empty" in refused.output
    assert not (backup / "secret_key").exists()

    restored = _settings(tmp_path / "restored")
    restored.var_dir.mkdir()
    shutil.copy2(backup / "formseal.sqlite3", restored.database_path)
    shutil.copytree(backup / "files", restored.files_dir)
    shutil.copytree(backup / "keys", restored.keys_dir)
    shutil.rmtree(original.var_dir)  # the old instance is gone for good
    await migrate(restored)

    async with app_client(restored) as client:
        assert (await client.get("/readyz")).status_code == 200
        again = await client.get(url, headers=org.auth)
        assert again.status_code == 200, again.text
        assert hashlib.sha256(again.content).digest() == hashlib.sha256(sealed.content).digest()
        status = (await client.get(f"/api/v1/envelopes/{envelope['id']}", headers=org.auth)).json()
        assert status["status"] == "completed"
    report = verify_signature(restored, again.content)
    assert report["intact"] and report["sealed_by_this_instance"], report


async def _admin(sql: str) -> None:
    connection = await asyncpg.connect(POSTGRES_ADMIN_URL)
    try:
        await connection.execute(sql)
    finally:
        await connection.close()


@pytest.mark.skipif(
    shutil.which("pg_dump") is None or shutil.which("pg_restore") is None,
    reason="pg_dump/pg_restore are not installed (postgresql-client, same major as the server)",
)
async def test_postgres_backup_restores_into_a_new_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`formseal backup` on PostgreSQL (pg_dump --format=custom, files, keys) and the restore
    docs/deploy.md gives: createdb, pg_restore --no-owner, copy the folders, migrate."""
    names = [f"formseal_backup_{uuid.uuid4().hex[:10]}" for _ in range(2)]
    for name in names:
        await _admin(f'CREATE DATABASE "{name}"')
    try:
        original = _settings(tmp_path / "original", _postgres_url(names[0]))
        original.ensure_dirs()
        await migrate(original)
        backup = tmp_path / "backup"
        async with app_client(original) as client:
            org = await new_org("PG backup org")
            template = await import_template(client, org)
            envelope = await create_envelope(client, org, template["id"])
            await fill_demo(client, path_of(envelope["recipients"][0]["signing_url"]))
            await run_jobs(original)
            url = f"/api/v1/envelopes/{envelope['id']}/sealed.pdf"
            sealed = await client.get(url, headers=org.auth)
            assert sealed.status_code == 200
            result = _backup_cli(original, backup, monkeypatch)
            assert result.exit_code == 0, result.output
        assert (backup / "formseal.pgdump").read_bytes()[:5] == b"PGDMP"  # custom format
        await _admin(f'DROP DATABASE "{names[0]}" WITH (FORCE)')  # the old one is gone

        restored = _settings(tmp_path / "restored", _postgres_url(names[1]))
        done = subprocess.run(  # noqa: S603
            [
                shutil.which("pg_restore") or "pg_restore",
                "--no-owner",
                f"--dbname={restored.database_url}",
                str(backup / "formseal.pgdump"),
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        restored.var_dir.mkdir()
        shutil.copytree(backup / "files", restored.files_dir)
        shutil.copytree(backup / "keys", restored.keys_dir)
        shutil.rmtree(original.var_dir)
        await migrate(restored)  # nothing to do for the same version; upgrades an older one

        async with app_client(restored) as client:
            assert (await client.get("/readyz")).status_code == 200
            again = await client.get(url, headers=org.auth)
            assert again.status_code == 200, again.text
            assert again.content == sealed.content
            state = await client.get(f"/api/v1/envelopes/{envelope['id']}", headers=org.auth)
            assert state.json()["status"] == "completed"
        report = verify_signature(restored, again.content)
        assert report["intact"] and report["sealed_by_this_instance"], report
    finally:
        for name in names:
            await _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
