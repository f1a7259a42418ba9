"""A SQLite engine that keeps a few connections open per process.

Piccolo's SQLite engine opens a new connection, and with aiosqlite a new thread, for every
query: a signer page of five queries spent most of its time starting threads. On SQLite
formseal therefore keeps a few connections open per process (`PooledSQLiteEngine`, chosen by
runtime/database.py `make_engine`), as asyncpg's pool does on PostgreSQL.
"""

import asyncio
import contextlib
import sqlite3
import threading
from collections import deque
from typing import Any

import aiosqlite
from piccolo.engine.sqlite import (
    SQLiteEngine,
    SQLiteTransaction,
    TransactionType,
    dict_factory,
)
from piccolo.querystring import QueryString

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
