"""The pooled SQLite engine (runtime/database.py): reused connections stay correct.

The suite's shared `settings` run without a pool (the test client uses a second event
loop), so the engine that `formseal serve` uses by default is checked here on its own file.
"""

import asyncio
from pathlib import Path

import asyncpg
import pytest
from piccolo.engine.sqlite import TransactionType
from piccolo.querystring import QueryString

from runtime.database import reset_connection
from runtime.sqlite_engine import PooledSQLiteEngine


def _engine(tmp_path: Path) -> PooledSQLiteEngine:
    return PooledSQLiteEngine(path=str(tmp_path / "pool.sqlite3"), pool_size=3, timeout=30)


async def _value(engine: PooledSQLiteEngine) -> int:
    rows = await engine.run_querystring(QueryString("SELECT n FROM counter"))
    return int(rows[0]["n"])


async def test_immediate_transactions_on_pooled_connections_never_lose_an_update(
    tmp_path: Path,
) -> None:
    engine = _engine(tmp_path)
    await engine.run_ddl("PRAGMA journal_mode=WAL;")
    await engine.run_querystring(QueryString("CREATE TABLE counter (n INTEGER)"))
    await engine.run_querystring(QueryString("INSERT INTO counter VALUES (0)"))

    async def increment() -> None:
        # read, yield to the other tasks, then write: only the write lock taken at BEGIN
        # IMMEDIATE keeps two of them from reading the same value
        async with engine.transaction(transaction_type=TransactionType.immediate):
            n = await _value(engine)
            await asyncio.sleep(0)
            await engine.run_querystring(QueryString("UPDATE counter SET n = {}", n + 1))

    await asyncio.gather(*(increment() for _ in range(25)))
    assert await _value(engine) == 25
    assert len(engine._idle) <= engine.pool_size
    await engine.close_pool()


async def test_a_failed_transaction_rolls_back_and_leaves_a_clean_connection(
    tmp_path: Path,
) -> None:
    engine = _engine(tmp_path)
    await engine.run_querystring(QueryString("CREATE TABLE counter (n INTEGER)"))
    await engine.run_querystring(QueryString("INSERT INTO counter VALUES (1)"))
    with pytest.raises(RuntimeError):
        async with engine.transaction(transaction_type=TransactionType.immediate):
            await engine.run_querystring(QueryString("UPDATE counter SET n = 99"))
            raise RuntimeError("the request failed half-way")
    assert await _value(engine) == 1  # rolled back
    for _ in range(engine.pool_size + 1):  # every pooled connection can start a new one
        async with engine.transaction(transaction_type=TransactionType.immediate):
            await engine.run_querystring(QueryString("UPDATE counter SET n = n + 1"))
    assert await _value(engine) == 1 + engine.pool_size + 1
    await engine.close_pool()


async def test_reads_see_committed_writes_and_never_write(tmp_path: Path) -> None:
    engine = _engine(tmp_path)
    await engine.run_querystring(QueryString("CREATE TABLE counter (n INTEGER)"))
    await engine.run_querystring(QueryString("INSERT INTO counter VALUES (7)"))
    assert await _value(engine) == 7  # the read connection sees the pooled writer's commit
    await engine.run_querystring(QueryString("UPDATE counter SET n = 8"))
    assert await _value(engine) == 8
    reader = engine._reader()
    with pytest.raises(Exception, match="readonly|read-only"):
        reader.execute("UPDATE counter SET n = 0")
    await engine.close_pool()


async def test_a_burst_of_writes_waits_for_pooled_connections_instead_of_opening_more(
    tmp_path: Path,
) -> None:
    """50 autosaves at once on a pool of 3: each write waits for a returned connection
    (SQLite writes one at a time anyway) rather than starting a connection and its thread."""
    engine = _engine(tmp_path)
    await engine.run_ddl("PRAGMA journal_mode=WAL;")
    await engine.run_querystring(QueryString("CREATE TABLE counter (n INTEGER)"))
    await engine.run_querystring(QueryString("INSERT INTO counter VALUES (0)"))
    opened = 0
    connect = engine._connect

    async def counting_connect() -> object:
        nonlocal opened
        opened += 1
        return await connect()

    engine._connect = counting_connect  # type: ignore[method-assign]
    for held in [await engine.acquire() for _ in range(engine.pool_size)]:
        engine.release(held)
    opened = 0

    async def write() -> None:
        await engine.run_querystring(QueryString("UPDATE counter SET n = n + 1"))

    await asyncio.gather(*(write() for _ in range(50)))
    assert await _value(engine) == 50
    assert opened == 0 and len(engine._idle) == engine.pool_size and not engine._waiters
    await engine.close_pool()


async def test_when_every_connection_stays_busy_a_waiting_query_opens_its_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A long transaction holding every pooled connection delays other queries by the pool
    wait at most; a cancelled waiter leaves nothing behind."""
    monkeypatch.setattr("runtime.sqlite_engine.POOL_WAIT_SECONDS", 0.05)
    engine = _engine(tmp_path)
    await engine.run_querystring(QueryString("CREATE TABLE counter (n INTEGER)"))
    await engine.run_querystring(QueryString("INSERT INTO counter VALUES (0)"))
    held = [await engine.acquire() for _ in range(engine.pool_size)]
    await engine.run_querystring(QueryString("UPDATE counter SET n = 5"))  # its own connection
    assert await _value(engine) == 5
    held.append(await engine.acquire())  # the one just opened, kept as the pool had room
    waiting = asyncio.ensure_future(engine.acquire())
    await asyncio.sleep(0)
    waiting.cancel()
    with pytest.raises(asyncio.CancelledError):
        await waiting
    assert not engine._waiters
    for connection in held:
        engine.release(connection)
    assert len(engine._idle) == engine.pool_size
    await engine.close_pool()


async def test_a_postgres_connection_comes_back_from_the_pool_without_a_transaction(
    postgres_database: str,
) -> None:
    """asyncpg's default reset query on every release is left out (formseal sets no session
    state), but a connection released inside a transaction is still rolled back."""
    pool = await asyncpg.create_pool(
        postgres_database, min_size=1, max_size=1, reset=reset_connection
    )
    try:
        async with pool.acquire() as connection:
            await connection.execute("CREATE TEMP TABLE IF NOT EXISTS t (n int)")
            await connection.execute("BEGIN")
            await connection.execute("INSERT INTO t VALUES (1)")
        async with pool.acquire() as connection:  # the same, only connection
            assert not connection.is_in_transaction()
            assert await connection.fetchval("SELECT count(*) FROM t") == 0
            await connection.execute("INSERT INTO t VALUES (2)")
        async with pool.acquire() as connection:  # released idle: kept as it was
            assert await connection.fetchval("SELECT count(*) FROM t") == 1
    finally:
        await pool.close()


async def test_releasing_an_idle_postgres_connection_sends_nothing() -> None:
    sent: list[str] = []

    class Connection:
        def __init__(self, in_transaction: bool) -> None:
            self.in_transaction = in_transaction

        def is_in_transaction(self) -> bool:
            return self.in_transaction

        async def execute(self, query: str) -> None:
            sent.append(query)

    await reset_connection(Connection(False))
    assert sent == []
    await reset_connection(Connection(True))
    assert sent == ["ROLLBACK"]
