"""Choosing, starting and migrating the database engine (SQLite or PostgreSQL).

On SQLite each process keeps a few connections open (runtime/sqlite_engine.py
`PooledSQLiteEngine`); on PostgreSQL `create_app` starts asyncpg's pool
(`FORMSEAL_DATABASE_POOL_SIZE`, runtime/postgres_engine.py).

Piccolo's migration commands import `black` (~0.16 s): `migrate` and `pending_migrations`
import them when called, so other commands and the app start without them.
"""

import contextlib
import io
import os
import sys
from typing import Any
from urllib.parse import urlparse

from piccolo.apps.migrations.tables import Migration
from piccolo.engine.base import Engine
from piccolo.engine.postgres import PostgresEngine
from piccolo.engine.sqlite import (
    SQLiteEngine,
    TransactionType,
)

from runtime.postgres_engine import LoopBoundPostgresEngine
from runtime.settings import Settings
from runtime.sqlite_engine import PooledSQLiteEngine
from runtime.tables import TABLES

os.environ.setdefault("PICCOLO_CONF", "runtime.piccolo_conf")

SQLITE_TIMEOUT_SECONDS = 30


def unavailable_errors() -> tuple[type[Exception], ...]:
    """Errors that mean the database cannot be reached right now (restarting, network cut,
    too busy): the request is answered 503 "try again", never 500. Nothing half-written
    stays behind: a write transaction cut off this way is rolled back by the database."""
    import asyncpg.exceptions as pg

    return (
        ConnectionError,  # refused, reset, broken pipe
        TimeoutError,
        pg.PostgresConnectionError,  # the server closed the connection, or never opened it
        pg.InterfaceError,  # the connection (or the pool) went away under the query
        pg.OperatorInterventionError,  # starting up, shutting down, crashed
        pg.TooManyConnectionsError,
        # dropped or renamed, or the user's password changed, while formseal runs: the
        # worker logged a traceback twice a second ("worker loop error"), pages a 500
        pg.InvalidCatalogNameError,
        pg.InvalidAuthorizationSpecificationError,  # InvalidPasswordError among them
    )


def make_engine(settings: Settings) -> Engine:
    if settings.uses_postgres:
        url = urlparse(settings.database_url)
        return LoopBoundPostgresEngine(config={"dsn": url._replace(scheme="postgresql").geturl()})
    settings.var_dir.mkdir(parents=True, exist_ok=True)
    path = str(settings.database_path)
    if settings.database_pool_size > 0:
        return PooledSQLiteEngine(
            path=path, pool_size=settings.database_pool_size, timeout=SQLITE_TIMEOUT_SECONDS
        )
    return SQLiteEngine(path=path, timeout=SQLITE_TIMEOUT_SECONDS)


def configure_database(settings: Settings) -> Engine:
    """Point every table, and piccolo's migration machinery, at the engine for `settings`."""
    engine = make_engine(settings)
    use_engine(engine)
    return engine


def use_engine(engine: Engine) -> None:
    """Point every table, and piccolo's migration machinery, at `engine` (one already made:
    the tests reuse one app, and so its engine, for every test on the same settings)."""
    import runtime.piccolo_conf as conf

    conf.DB = engine  # type: ignore[assignment]
    for table in [*TABLES, Migration, *_designer_tables()]:
        table._meta.db = engine


def _designer_tables() -> list:
    from designer.tables import TABLES as DESIGNER_TABLES

    return list(DESIGNER_TABLES)


async def prepare_engine(engine: Engine) -> None:
    """SQLite: WAL (persists in the file) so autosaves and the worker do not lock each other."""
    if isinstance(engine, SQLiteEngine):
        await engine.run_ddl("PRAGMA journal_mode=WAL;")


async def start_pool(engine: Engine, settings: Settings) -> bool:
    """PostgreSQL: start asyncpg's pool (SQLite's pool fills itself). True when started."""
    if isinstance(engine, PostgresEngine) and settings.database_pool_size > 0:
        await engine.start_connection_pool(  # type: ignore[call-arg]
            min_size=1, max_size=settings.database_pool_size, reset=reset_connection
        )
        return True
    return False


async def reset_connection(connection: Any) -> None:
    """asyncpg's pool runs this on every release. Its default also sends a reset query
    (advisory unlock, CLOSE ALL, UNLISTEN, RESET ALL): a second round trip for every query,
    for session state formseal never sets (no SET, LISTEN, cursors or advisory locks). What
    matters is kept: a connection still in a transaction is rolled back."""
    if connection.is_in_transaction():
        await connection.execute("ROLLBACK")


async def close_pool(engine: Engine) -> None:
    """Close the pooled connections of either engine (on shutdown)."""
    if isinstance(engine, PooledSQLiteEngine):
        await engine.close_pool()
    elif isinstance(engine, PostgresEngine) and engine.pool is not None:
        await engine.close_connection_pool()


async def migrate(settings: Settings) -> None:
    """Apply every pending migration on the configured engine."""
    from piccolo.apps.migrations.commands.forwards import run_forwards

    engine = configure_database(settings)
    await prepare_engine(engine)
    # piccolo reports every known migration as "already complete": `formseal migrate` lists
    # what it applied itself, and piccolo's report is shown only when something failed.
    report = io.StringIO()
    try:
        with contextlib.redirect_stdout(report):
            result = await run_forwards(app_name="all")
    except BaseException as exc:
        from runtime.preflight import database_problem

        # a problem the CLI explains in one line (a privilege, a connection) needs no report
        if not isinstance(exc, Exception) or database_problem(exc, settings) is None:
            sys.stderr.write(report.getvalue())
        raise
    finally:
        await close_pool(engine)
    if not result.success:
        sys.stderr.write(report.getvalue())
        raise RuntimeError(result.message or "migration failed")


def uses_postgres() -> bool:
    """Whether the tables are on PostgreSQL (for the few statements that differ)."""
    from runtime.tables import Envelope

    return isinstance(Envelope._meta.db, PostgresEngine)


def transaction():  # type: ignore[no-untyped-def]
    """A write transaction. On SQLite it takes the write lock at BEGIN (IMMEDIATE), so a
    read-then-write never fails half-way with "database is locked" under concurrency."""
    from runtime.tables import Envelope

    engine = Envelope._meta.db
    if isinstance(engine, SQLiteEngine):
        return engine.transaction(transaction_type=TransactionType.immediate)
    return engine.transaction()


async def _migration_table_exists() -> bool:
    """piccolo's `table_exists` reads information_schema, which hides the tables this user
    may not read: a database migrated by another user looked new to serve and worker ("28
    migration(s) pending: run formseal migrate first"). to_regclass sees it, and reading it
    then gives the refusal the CLI explains."""
    if isinstance(Migration._meta.db, PostgresEngine):
        rows = await Migration.raw("SELECT to_regclass('migration') IS NOT NULL AS found")
        return bool(rows[0]["found"])
    return bool(await Migration.table_exists())


async def pending_migrations(settings: Settings) -> list[tuple[str, str, str]]:
    """(app, migration id, description) of every migration not yet applied, oldest first.

    Only reads: a database without piccolo's migration table has every migration pending.
    For deploy pipelines (`formseal migrate --check`)."""
    from dataclasses import replace

    from piccolo.apps.migrations.commands.base import BaseMigrationManager

    # no pool: one short look, nothing left open afterwards
    configure_database(replace(settings, database_pool_size=0))
    applied: set[tuple[str, str]] = set()
    if await _migration_table_exists():
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
