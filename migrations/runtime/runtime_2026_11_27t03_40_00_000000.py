"""PostgreSQL: the search document's tsvector as a stored generated column, GIN-indexed.

A stored column (rather than an index on the expression) lets the planner filter rows it
walks in `created_at` order without recomputing `to_tsvector` for each, which keeps a
search over 100,000 envelopes well under 200 ms. PostgreSQL maintains the column itself;
piccolo never reads or writes it. SQLite keeps searching `search_document` with LIKE.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder
from piccolo.engine.postgres import PostgresEngine

ID = "2026-11-27T03:40:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "envelope.search_tsv generated column (PostgreSQL)"

STATEMENTS = [
    "ALTER TABLE envelope ADD COLUMN IF NOT EXISTS search_tsv tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, search_document)) STORED",
    "CREATE INDEX IF NOT EXISTS envelope_search_tsv_column ON envelope USING GIN (search_tsv)",
    "DROP INDEX IF EXISTS envelope_search_tsv",
]


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="runtime", description=DESCRIPTION)

    async def tsvector_column() -> None:
        engine = engine_finder()
        assert engine is not None
        if isinstance(engine, PostgresEngine):
            for statement in STATEMENTS:
                await engine.run_ddl(statement)

    manager.add_raw(tsvector_column)
    return manager
