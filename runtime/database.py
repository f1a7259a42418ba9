"""Choosing, starting and migrating the database engine (SQLite or PostgreSQL)."""

import os
from urllib.parse import urlparse

from piccolo.apps.migrations.commands.forwards import run_forwards
from piccolo.apps.migrations.tables import Migration
from piccolo.engine.base import Engine
from piccolo.engine.postgres import PostgresEngine
from piccolo.engine.sqlite import SQLiteEngine, TransactionType

from runtime.settings import Settings
from runtime.tables import TABLES

os.environ.setdefault("PICCOLO_CONF", "runtime.piccolo_conf")

SQLITE_TIMEOUT_SECONDS = 30


def make_engine(settings: Settings) -> Engine:
    if settings.uses_postgres:
        url = urlparse(settings.database_url)
        return PostgresEngine(config={"dsn": url._replace(scheme="postgresql").geturl()})
    settings.var_dir.mkdir(parents=True, exist_ok=True)
    return SQLiteEngine(path=str(settings.database_path), timeout=SQLITE_TIMEOUT_SECONDS)


def configure_database(settings: Settings) -> Engine:
    """Point every table, and piccolo's migration machinery, at the engine for `settings`."""
    import runtime.piccolo_conf as conf

    engine = make_engine(settings)
    conf.DB = engine  # type: ignore[assignment]
    for table in [*TABLES, Migration, *_designer_tables()]:
        table._meta.db = engine
    return engine


def _designer_tables() -> list:
    from designer.tables import TABLES as DESIGNER_TABLES

    return list(DESIGNER_TABLES)


async def prepare_engine(engine: Engine) -> None:
    """SQLite: WAL (persists in the file) so autosaves and the worker do not lock each other."""
    if isinstance(engine, SQLiteEngine):
        await engine.run_ddl("PRAGMA journal_mode=WAL;")


async def migrate(settings: Settings) -> None:
    """Apply every pending migration on the configured engine."""
    engine = configure_database(settings)
    await prepare_engine(engine)
    result = await run_forwards(app_name="all")
    if not result.success:
        raise RuntimeError(result.message or "migration failed")


def transaction():  # type: ignore[no-untyped-def]
    """A write transaction. On SQLite it takes the write lock at BEGIN (IMMEDIATE), so a
    read-then-write never fails half-way with "database is locked" under concurrency."""
    from runtime.tables import Envelope

    engine = Envelope._meta.db
    if isinstance(engine, SQLiteEngine):
        return engine.transaction(transaction_type=TransactionType.immediate)
    return engine.transaction()


async def pending_migrations(settings: Settings) -> list[tuple[str, str, str]]:
    """(app, migration id, description) of every migration not yet applied, oldest first.

    Only reads: a database without piccolo's migration table has every migration pending.
    For deploy pipelines (`formseal migrate --check`)."""
    from dataclasses import replace

    from piccolo.apps.migrations.commands.base import BaseMigrationManager

    # no pool: one short look, nothing left open afterwards
    configure_database(replace(settings, database_pool_size=0))
    applied: set[tuple[str, str]] = set()
    if await Migration.table_exists():
        rows = await Migration.select(Migration.app_name, Migration.name)
        applied = {(row["app_name"], row["name"]) for row in rows}
    finder = BaseMigrationManager()
    pending = []
    for app_module in finder.get_app_modules():
        config = app_module.APP_CONFIG
        modules = finder.get_migration_modules(config.resolved_migrations_folder_path)
        for migration_id in finder.get_migration_ids(modules):
            if (config.app_name, migration_id) not in applied:
                description = str(getattr(modules[migration_id], "DESCRIPTION", ""))
                # piccolo's auto migrations say "True" when nobody described them
                description = "" if description in {"True", "False"} else description
                pending.append((config.app_name, migration_id, description))
    return pending
