"""Upgrades: a database made by an older release, holding data, migrates forward on both
engines with its data intact; `formseal migrate --check` tells a pipeline what is pending."""

import asyncio
import json
import sqlite3
import uuid
from collections.abc import Iterator
from pathlib import Path

import asyncpg
import pytest
from click.testing import CliRunner
from piccolo.apps.migrations.commands.forwards import ForwardsMigrationManager

from runtime.accounts.service import hash_token
from runtime.cli import main as cli
from runtime.database import configure_database, migrate, pending_migrations, prepare_engine
from runtime.settings import Settings
from runtime.tables import ApiKey, AuditEvent, Envelope, Job, Recipient, StoredFile
from tests.conftest import POSTGRES_ADMIN_URL, _postgres_url

# The schema of the first release: each app's first migration.
OLD_RELEASE = [
    ("runtime", "2026-11-26T23:28:59:113065"),
    ("designer", "2026-11-26T23:54:25:791230"),
]

ORG, TEMPLATE, VERSION = (str(uuid.uuid4()) for _ in range(3))
FILE, ENVELOPE, RECIPIENT, USER = (str(uuid.uuid4()) for _ in range(4))
API_KEY = "fs_" + uuid.uuid4().hex
ANSWERS = {"full_name": "Zoë Ünicode", "amount": 12500, "accept_terms": True}

# Rows as the old release wrote them: raw SQL on the old schema, not today's tables.
OLD_ROWS = [
    f"INSERT INTO organisation (id, name, slug) VALUES ('{ORG}', 'Upgrade Ltd', 'upgrade-ltd')",
    f"INSERT INTO api_key (id, organisation, name, prefix, key_hash) VALUES "
    f"('{uuid.uuid4()}', '{ORG}', 'ci', '{API_KEY[:10]}', '{hash_token(API_KEY)}')",
    f"INSERT INTO template (id, organisation, slug, name, latest_version) VALUES "
    f"('{TEMPLATE}', '{ORG}', 'lease', 'Lease', 1)",
    f"INSERT INTO template_version (id, template, number, definition, sha256) VALUES "
    f"('{VERSION}', '{TEMPLATE}', 1, '{{\"name\": \"Lease\"}}', '{'a' * 64}')",
    f"INSERT INTO stored_file (id, organisation, kind, path, sha256, size, content_type, "
    f"original_name) VALUES ('{FILE}', '{ORG}', 'sealed_pdf', 'ab/{FILE}', '{'b' * 64}', 4242, "
    f"'application/pdf', 'lease.pdf')",
    f"INSERT INTO envelope (id, organisation, template_version, status, prefill, answers, "
    f"sealed_file) VALUES ('{ENVELOPE}', '{ORG}', '{VERSION}', 'completed', '{{}}', "
    f"'{json.dumps(ANSWERS)}', '{FILE}')",
    f"INSERT INTO recipient (id, envelope, role, name, email, status, token_hash) VALUES "
    f"('{RECIPIENT}', '{ENVELOPE}', 'customer', 'Zoë', 'zoe@example.com', 'completed', "
    f"'{'c' * 64}')",
    f"INSERT INTO audit_event (organisation, envelope, action, actor, data, prev_hash, hash) "
    f"VALUES ('{ORG}', '{ENVELOPE}', 'envelope.completed', 'recipient:zoe', '{{}}', '', "
    f"'{'d' * 64}')",
    f"INSERT INTO job (kind, payload, status, dedupe_key, attempts) VALUES "
    f"('mail', '{{\"to\": \"zoe@example.com\"}}', 'failed', 'upgrade-{ENVELOPE}', 5)",
    # jobs of the organisation, named by their payload only (before jobs named it)
    f"INSERT INTO job (kind, payload, status, dedupe_key, attempts) VALUES "
    f"('seal', '{{\"envelope_id\": \"{ENVELOPE}\"}}', 'failed', 'seal-{ENVELOPE}', 5)",
    f"INSERT INTO job (kind, payload, status, dedupe_key, attempts) VALUES ('mail', "
    f'\'{{"mail": "invitation", "recipient_id": "{RECIPIENT}"}}\', \'done\', '
    f"'invite-{RECIPIENT}', 1)",
    f"INSERT INTO designer_user (id, organisation, email, name, password_hash) VALUES "
    f"('{USER}', '{ORG}', 'author-{ENVELOPE[:8]}@example.com', 'Author', 'argon2-hash')",
]


async def _build_old_release(settings: Settings) -> None:
    engine = configure_database(settings)
    await prepare_engine(engine)
    for app, migration_id in OLD_RELEASE:
        result = await ForwardsMigrationManager(app_name=app, migration_id=migration_id).run()
        assert result.success, result.message


async def _insert_postgres(url: str) -> None:
    connection = await asyncpg.connect(url)
    try:
        async with connection.transaction():
            for statement in OLD_ROWS:
                await connection.execute(statement)
    finally:
        await connection.close()


def _insert_sqlite(path: Path) -> None:
    with sqlite3.connect(path) as connection:
        for statement in OLD_ROWS:
            connection.execute(statement)


async def _admin(sql: str) -> None:
    connection = await asyncpg.connect(POSTGRES_ADMIN_URL)
    try:
        await connection.execute(sql)
    finally:
        await connection.close()


@pytest.fixture(params=["sqlite", "postgres"])
def old_settings(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Settings]:
    """Settings for an empty database of our own (never the suite's shared one)."""
    settings = Settings(var_dir=tmp_path / "var", secret_key="upgrade-" + "x" * 40)
    settings.ensure_dirs()
    if request.param == "sqlite":
        yield settings
        return
    name = f"formseal_upgrade_{uuid.uuid4().hex[:10]}"
    asyncio.run(_admin(f'CREATE DATABASE "{name}"'))
    try:
        yield Settings(
            var_dir=settings.var_dir,
            secret_key=settings.secret_key,
            database_url=_postgres_url(name),
            database_pool_size=0,
        )
    finally:
        asyncio.run(_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def _check(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> tuple[int, str]:
    """`formseal migrate --check` as a deploy pipeline runs it (settings from FORMSEAL_*)."""
    from runtime.settings import get_settings

    monkeypatch.setenv("FORMSEAL_VAR_DIR", str(settings.var_dir))
    monkeypatch.setenv("FORMSEAL_DATABASE_URL", settings.database_url)
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(cli, ["migrate", "--check"])
    finally:
        get_settings.cache_clear()
    return result.exit_code, result.output


async def test_old_release_with_data_migrates_forward(
    old_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    await _build_old_release(old_settings)
    if old_settings.uses_postgres:
        await _insert_postgres(old_settings.database_url)
    else:
        _insert_sqlite(old_settings.database_path)

    pending = await pending_migrations(old_settings)
    assert pending and all(app in {"runtime", "designer"} for app, _, _ in pending)
    assert not {(app, mid) for app, mid, _ in pending} & set(OLD_RELEASE)  # already applied
    code, output = await asyncio.to_thread(_check, old_settings, monkeypatch)
    assert code == 1 and f"{len(pending)} migration(s) pending" in output
    assert pending[-1][1] in output

    await migrate(old_settings)

    assert await pending_migrations(old_settings) == []
    code, output = await asyncio.to_thread(_check, old_settings, monkeypatch)
    assert (code, output.strip()) == (0, "Database is up to date.")

    configure_database(old_settings)
    envelope = await Envelope.select().where(Envelope.id == ENVELOPE).output(load_json=True).first()
    assert envelope["status"] == "completed" and envelope["answers"] == ANSWERS
    assert str(envelope["sealed_file"]) == FILE
    stored = await StoredFile.select().where(StoredFile.id == FILE).first()
    assert (stored["size"], stored["path"], stored["owner"]) == (4242, f"ab/{FILE}", "")
    recipient = await Recipient.select().where(Recipient.id == RECIPIENT).first()
    assert (recipient["name"], recipient["email"]) == ("Zoë", "zoe@example.com")
    event = await AuditEvent.select().where(AuditEvent.envelope == ENVELOPE).first()
    assert (event["action"], event["hash"]) == ("envelope.completed", "d" * 64)
    job = await Job.select().where(Job.dedupe_key == f"upgrade-{ENVELOPE}").first()
    assert (job["status"], job["attempts"]) == ("failed", 5)
    # each job names its organisation now: taken from its envelope, or its recipient's
    # envelope; the mail that points at neither stays nobody's
    owners = {
        j["dedupe_key"]: j["organisation"]
        for j in await Job.select(Job.dedupe_key, Job.organisation).where(
            Job.dedupe_key.like(f"%{ENVELOPE}") | Job.dedupe_key.like(f"%{RECIPIENT}")
        )
    }
    assert owners == {
        f"upgrade-{ENVELOPE}": None,
        f"seal-{ENVELOPE}": uuid.UUID(ORG),
        f"invite-{RECIPIENT}": uuid.UUID(ORG),
    }
    key = await ApiKey.select().where(ApiKey.key_hash == hash_token(API_KEY)).first()
    assert key["revoked_at"] is None

    # the upgraded database serves the old data through today's API
    from litestar.testing import AsyncTestClient

    from runtime.app import create_app

    async with AsyncTestClient(app=create_app(old_settings)) as client:
        answer = await client.get(
            f"/api/v1/envelopes/{ENVELOPE}", headers={"Authorization": f"Bearer {API_KEY}"}
        )
    assert answer.status_code == 200, answer.text
    assert answer.json()["status"] == "completed"


async def test_check_on_an_empty_database_lists_everything_and_changes_nothing(
    tmp_path: Path,
) -> None:
    settings = Settings(var_dir=tmp_path / "var")
    settings.ensure_dirs()
    pending = await pending_migrations(settings)
    assert [app for app, _, _ in pending][:1] == ["runtime"] and len(pending) >= 2
    with sqlite3.connect(settings.database_path) as connection:
        tables = connection.execute("SELECT name FROM sqlite_master WHERE type='table'").fetchall()
    assert tables == []
