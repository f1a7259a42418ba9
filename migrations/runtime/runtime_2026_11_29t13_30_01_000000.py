"""Webhook deliveries logged before `last_attempt_at` existed: their one known attempt time
is `delivered_at` (the others were not recorded and stay empty)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-11-29T13:30:01:000000"
VERSION = "1.38.0"
DESCRIPTION = "webhook delivery last attempt backfill"

BACKFILL = (
    "UPDATE webhook_delivery SET last_attempt_at = delivered_at "
    "WHERE last_attempt_at IS NULL AND delivered_at IS NOT NULL"
)


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="runtime", description=DESCRIPTION)

    async def backfill() -> None:
        engine = engine_finder()
        assert engine is not None
        await engine.run_ddl(BACKFILL)

    manager.add_raw(backfill)
    return manager
