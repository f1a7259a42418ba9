"""Choosing, starting and migrating the database engine (SQLite or PostgreSQL).

Piccolo's SQLite engine opens a new connection, and with aiosqlite a new thread, for every
query: a signer page of five queries spent most of its time starting threads. On SQLite we
therefore keep a few connections open per process (`PooledSQLiteEngine`); on PostgreSQL
`create_app` starts asyncpg's pool (`FORMSEAL_DATABASE_POOL_SIZE`).

Piccolo's migration commands import `black` (~0.16 s): `migrate` and `pending_migrations`
import them when called, so other commands and the app start without them.
"""

import asyncio
import contextlib
import io
import os
import sqlite3
import sys
import threading
from collections import deque
from typing import Any
from urllib.parse import urlparse

import aiosqlite
from piccolo.apps.migrations.tables import Migration
from piccolo.engine.base import Engine
from piccolo.engine.postgres import PostgresEngine
from piccolo.engine.sqlite import (
    SQLiteEngine,
    SQLiteTransaction,
    TransactionType,
    dict_factory,
)
from piccolo.querystring import QueryString

from runtime.postgres_engine import LoopBoundPostgresEngine
from runtime.settings import Settings
from runtime.tables import TABLES

os.environ.setdefault("PICCOLO_CONF", "runtime.piccolo_conf")

SQLITE_TIMEOUT_SECONDS = 30
POOL_WAIT_SECONDS = 0.5  # how long a query waits for a pooled connection before opening one
READ_TIMEOUT_SECONDS = 5  # reads wait only for WAL recovery or a checkpoint's brief locks


class PooledTransaction(SQLiteTransaction):
    """Piccolo's SQLite transaction on a pooled connection. The connection goes back to the
    pool only when COMMIT or ROLLBACK went through; otherwise it is closed, which rolls back,
    so a connection never returns to the pool holding a transaction or the write lock."""

    engine: "PooledSQLiteEngine"

    async def get_connection(self) -> aiosqlite.Connection:
        return await self.engine.acquire()

    async def __aenter__(self) -> SQLiteTransaction:
        if self._parent is not None:
            return self._parent
        self.connection = await self.get_connection()
        try:
            await self.begin()
        except BaseException:
            self.engine.release(self.connection, reuse=False)
            raise
        self.context = self.engine.current_transaction.set(self)
        return self

    async def __aexit__(self, exception_type: Any, exception: Any, traceback: Any) -> bool:
        if self._parent:
            return exception is None
        clean = False
        try:
            if exception:
                if not self._rolled_back:
                    await self.rollback()
            elif not self._committed and not self._rolled_back:
                await self.commit()
            clean = True
        finally:
            self.engine.release(self.connection, reuse=clean)
            self.engine.current_transaction.reset(self.context)
        return exception is None


class PooledSQLiteEngine(SQLiteEngine):
    """SQLite with up to `pool_size` idle connections kept open for reuse (per process).

    Each aiosqlite connection owns one thread; reusing it saves the thread start, the
    connect and the `PRAGMA foreign_keys` of every query. Queries outside a transaction run
    in autocommit mode, as in Piccolo. Transactions (see `transaction()`) hold their
    connection until COMMIT.

    When every connection is in use (a burst of autosaves: 50 at once under load), a caller
    first waits up to POOL_WAIT_SECONDS for one to be returned, and the returned connection
    is handed straight to the longest waiter. SQLite has one writer at a time, so more
    connections add no throughput, only a thread start, a connect and a close each (most
    of a burst's CPU before this). Only a caller still waiting after that opens a
    connection of its own (closed when returned), so a long transaction never blocks the
    others for longer. The lists are shared by the threads that may use the engine (tests
    run the app on a loop of its own): `list.pop`/`append` are atomic, a connection is
    only ever used by the one caller holding it, and a waiter is only handed a connection
    from its own event loop.
    """

    def __init__(self, path: str, pool_size: int, **connection_kwargs: Any) -> None:
        super().__init__(path=path, **connection_kwargs)
        self.pool_size = pool_size
        self._idle: list[aiosqlite.Connection] = []
        self._waiters: deque[tuple[asyncio.AbstractEventLoop, asyncio.Future[Any]]] = deque()
        self._readers = threading.local()

    def _reader(self) -> sqlite3.Connection:
        """This thread's read-only connection (sqlite3 connections belong to one thread)."""
        reader: sqlite3.Connection | None = getattr(self._readers, "connection", None)
        if reader is None:
            kwargs = {**self.connection_kwargs, "timeout": READ_TIMEOUT_SECONDS}
            reader = sqlite3.connect(**kwargs)
            reader.row_factory = dict_factory
            reader.execute("PRAGMA foreign_keys = 1")
            reader.execute("PRAGMA query_only = 1")  # it can never write, whatever it is given
            self._readers.connection = reader
        return reader

    async def acquire(self) -> aiosqlite.Connection:
        try:
            return self._idle.pop()
        except IndexError:
            pass
        handed = await self._wait_for_release() if self.pool_size > 0 else None
        return handed if handed is not None else await self._connect()

    async def _wait_for_release(self) -> aiosqlite.Connection | None:
        """A connection another caller returns within POOL_WAIT_SECONDS, or None."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[aiosqlite.Connection] = loop.create_future()
        waiter = (loop, future)
        self._waiters.append(waiter)
        try:
            async with asyncio.timeout(POOL_WAIT_SECONDS):
                return await future
        except TimeoutError:  # handed over as the time ran out: still ours
            return future.result() if future.done() and not future.cancelled() else None
        except BaseException:  # cancelled while waiting: give back what was handed over
            if future.done() and not future.cancelled():
                self.release(future.result())
            raise
        finally:
            with contextlib.suppress(ValueError):
                self._waiters.remove(waiter)

    async def _connect(self) -> aiosqlite.Connection:
        connection = aiosqlite.connect(**self.connection_kwargs)
        # An idle pooled connection must not keep the interpreter alive at exit (its
        # thread would otherwise wait forever); it holds no transaction, so nothing is lost.
        connection._thread.daemon = True
        await connection
        connection.row_factory = dict_factory  # type: ignore[assignment]
        await connection.execute("PRAGMA foreign_keys = 1")
        return connection

    def release(self, connection: aiosqlite.Connection, *, reuse: bool = True) -> None:
        """Back to the pool; closed instead when the pool is full or `reuse` is False.
        Never awaits, so it is safe in `finally` blocks of cancelled tasks."""
        if reuse and self._hand_over(connection):
            return
        if reuse and len(self._idle) < self.pool_size:
            self._idle.append(connection)
        else:
            connection.stop()  # closes the connection (rolling back) and ends its thread

    def _hand_over(self, connection: aiosqlite.Connection) -> bool:
        """Give a returned connection to the longest waiter of this event loop, if any."""
        try:
            running = asyncio.get_running_loop()
        except RuntimeError:
            return False
        while self._waiters:
            loop, future = self._waiters.popleft()
            if future.done():
                continue
            if loop is not running:  # another thread's loop: it will time out and connect
                continue
            future.set_result(connection)
            return True
        return False

    async def close_pool(self) -> None:
        while self._idle:
            await self._idle.pop().close()
        reader = getattr(self._readers, "connection", None)
        if reader is not None:
            self._readers.connection = None
            reader.close()

    def transaction(
        self,
        transaction_type: TransactionType = TransactionType.deferred,
        allow_nested: bool = True,
    ) -> SQLiteTransaction:
        return PooledTransaction(
            engine=self, transaction_type=transaction_type, allow_nested=allow_nested
        )

    async def run_querystring(self, querystring: QueryString, in_pool: bool = False) -> Any:
        query_id = self.get_query_id()
        if self.log_queries:
            self.print_query(query_id=query_id, query=querystring.__str__())
        query, args = querystring.compile_string(engine_type=self.engine_type)
        current = self.current_transaction.get()
        if current:
            response = await current.connection.execute_fetchall(query, args)
        elif query.lstrip()[:6].upper() == "SELECT":
            # A read outside a transaction runs right here: in WAL mode readers never wait
            # for writers, and an indexed lookup (~50 µs) costs far less than handing it to
            # a connection's thread and back (~0.5 ms with the GIL contended under load).
            response = self._reader().execute(query, args).fetchall()
        else:
            connection = await self.acquire()
            reuse = False
            try:
                response = await connection.execute_fetchall(query, args)
                reuse = True
            finally:
                # A failed statement in autocommit mode leaves no transaction open, but
                # one cut short (cancelled) may still be running: do not hand it out again.
                self.release(connection, reuse=reuse)
        response = list(response)
        if self.log_responses:
            self.print_response(query_id=query_id, response=response)
        return response


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
