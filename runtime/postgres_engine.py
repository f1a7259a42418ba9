"""PostgreSQL engine whose connection pool serves only the event loop that started it.

asyncpg's pool belongs to one event loop: a query from another loop through it fails
("attached to a different loop"). Piccolo's engine keeps one pool for every caller, so a
process that runs the app on one loop and other database work on others (the test suite:
the test client runs the app on its own loop, the tests query from theirs; a `formseal`
command that runs work in a thread) could not keep a pool at all and connected anew for
every query, ~6-9 ms each on loopback. Here `pool` is seen only from the loop that started
it; any other loop gets Piccolo's fallback, a connection of its own for the query.
"""

import asyncio

from asyncpg.pool import Pool
from piccolo.engine.postgres import PostgresEngine


class LoopBoundPostgresEngine(PostgresEngine):
    """Piccolo's PostgresEngine, its pool used only on the loop that started the pool."""

    _pool: Pool | None = None
    _pool_loop: asyncio.AbstractEventLoop | None = None

    @property  # type: ignore[override]
    def pool(self) -> Pool | None:
        """The pool when called on its loop; None elsewhere (a connection per query)."""
        if self._pool is None or asyncio._get_running_loop() is not self._pool_loop:
            return None
        return self._pool

    @pool.setter
    def pool(self, pool: Pool | None) -> None:
        self._pool = pool
        self._pool_loop = asyncio._get_running_loop() if pool is not None else None
