"""The pooled SQLite engine (runtime/database.py): reused connections stay correct.

The suite's shared `settings` run without a pool (the test client uses a second event
loop), so the engine that `formseal serve` uses by default is checked here on its own file.
"""

import asyncio
from pathlib import Path

import pytest
from piccolo.engine.sqlite import TransactionType
from piccolo.querystring import QueryString

from runtime.database import PooledSQLiteEngine


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
