"""A unique index on envelope.bulk_key (SQLite cannot ADD a UNIQUE column)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-11-27T00:05:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "unique bulk key index"


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="runtime", description=DESCRIPTION)

    async def unique_bulk_key() -> None:
        engine = engine_finder()
        assert engine is not None
        await engine.run_ddl(
            "CREATE UNIQUE INDEX IF NOT EXISTS envelope_bulk_key_unique ON envelope (bulk_key)"
        )

    manager.add_raw(unique_bulk_key)
    return manager
