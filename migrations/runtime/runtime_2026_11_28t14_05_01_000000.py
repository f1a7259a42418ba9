"""Jobs by organisation: the index Settings → Problems reads, and the organisation of every
job queued before the column existed, taken from what its payload points at.

Each payload kind, as runtime/jobs/problems.py reads it: a recipient (its envelope's
organisation), a webhook delivery (its endpoint's), an envelope, a bulk send. The first
that matches wins, in that order; a job whose row is gone, or that points at nothing (the
retention purge), stays NULL. The designer's invitation mails are filled in by the
designer's migration of the same time (its tables are its own).
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder
from piccolo.engine.postgres import PostgresEngine

ID = "2026-11-28T14:05:01:000000"
VERSION = "1.38.0"
DESCRIPTION = "job organisation index and backfill"

INDEX = "CREATE INDEX IF NOT EXISTS job_organisation_status ON job (organisation, status)"

SOURCES = [
    # payload key, the rows it points at, their id, the organisation
    ("recipient_id", "recipient r JOIN envelope e ON e.id = r.envelope", "r.id", "e.organisation"),
    (
        "delivery_id",
        "webhook_delivery d JOIN webhook_endpoint w ON w.id = d.endpoint",
        "d.id",
        "w.organisation",
    ),
    ("envelope_id", "envelope e", "e.id", "e.organisation"),
    ("bulk_send_id", "bulk_send b", "b.id", "b.organisation"),
]


def backfill(postgres: bool, key: str, source: str, row_id: str, organisation: str) -> str:
    """One UPDATE filling in the organisation of the jobs whose payload has `key` (every
    argument is a constant of this module, never input).

    PostgreSQL joins on the id as text (a malformed id in a payload matches nothing rather
    than failing the migration); SQLite stores UUIDs as text and looks each one up."""
    if postgres:
        return (
            f"UPDATE job SET organisation = {organisation} FROM {source} "  # noqa: S608
            f"WHERE job.organisation IS NULL AND {row_id}::text = job.payload->>'{key}'"
        )
    value = f"json_extract(job.payload, '$.{key}')"
    return (
        f"UPDATE job SET organisation = (SELECT {organisation} FROM {source} "  # noqa: S608
        f"WHERE {row_id} = {value}) WHERE job.organisation IS NULL AND {value} IS NOT NULL"
    )


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="runtime", description=DESCRIPTION)

    async def index_and_backfill() -> None:
        engine = engine_finder()
        assert engine is not None
        await engine.run_ddl(INDEX)
        postgres = isinstance(engine, PostgresEngine)
        for source in SOURCES:
            await engine.run_ddl(backfill(postgres, *source))

    manager.add_raw(index_and_backfill)
    return manager
