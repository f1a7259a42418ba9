"""The PostgreSQL pool serves only the loop that started it (runtime/postgres_engine.py)."""

import asyncio

from runtime.postgres_engine import LoopBoundPostgresEngine


def test_another_loop_queries_without_the_pool(postgres_database: str) -> None:
    engine = LoopBoundPostgresEngine(config={"dsn": postgres_database})
    home = asyncio.new_event_loop()
    try:
        home.run_until_complete(engine.start_connection_pool(min_size=1, max_size=2))

        async def backend_pid() -> int:
            rows = await engine.run_ddl("SELECT pg_backend_pid() AS pid")
            return rows[0]["pid"]

        async def pool_seen() -> bool:
            return engine.pool is not None

        pooled = {home.run_until_complete(backend_pid()) for _ in range(3)}
        assert home.run_until_complete(pool_seen())
        assert len(pooled) == 1  # one pooled connection, reused

        # Another loop (a test, a command's thread) cannot use that pool: it connects.
        assert not asyncio.run(pool_seen())
        elsewhere = {asyncio.run(backend_pid()) for _ in range(2)}
        assert len(elsewhere) == 2 and not elsewhere & pooled

        home.run_until_complete(engine.close_connection_pool())
        assert engine._pool is None
    finally:
        home.close()
