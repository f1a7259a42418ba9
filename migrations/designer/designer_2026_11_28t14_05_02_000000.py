"""The designer's invitation mails queued before jobs named their organisation: the
organisation of the user invited (runtime's migration 2026-11-28T14:05:01 fills in the
engine's own jobs; designer migrations run after runtime's)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder
from piccolo.engine.postgres import PostgresEngine

ID = "2026-11-28T14:05:02:000000"
VERSION = "1.38.0"
DESCRIPTION = "designer invitation jobs' organisation"

SOURCE = 'designer_invitation i JOIN designer_user u ON u.id = i."user"'


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="designer", description=DESCRIPTION)

    async def backfill() -> None:
        engine = engine_finder()
        assert engine is not None
        if isinstance(engine, PostgresEngine):
            statement = (
                f"UPDATE job SET organisation = u.organisation FROM {SOURCE} WHERE "  # noqa: S608
                "job.organisation IS NULL AND i.id::text = job.payload->>'invitation_id'"
            )
        else:
            value = "json_extract(job.payload, '$.invitation_id')"
            statement = (
                f"UPDATE job SET organisation = (SELECT u.organisation FROM {SOURCE} "  # noqa: S608
                f"WHERE i.id = {value}) WHERE job.organisation IS NULL AND {value} IS NOT NULL"
            )
        await engine.run_ddl(statement)

    manager.add_raw(backfill)
    return manager
