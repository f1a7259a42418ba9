"""Indexes for the archive and the dashboard: composite and expression indexes (raw DDL).

The full-text column and its GIN index (PostgreSQL only) come in the 03:40 migration;
SQLite searches `search_document` with LIKE (see docs/insight.md).
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-11-27T03:15:01:000000"
VERSION = "1.38.0"
DESCRIPTION = "archive and insight indexes"

INDEXES = [
    "CREATE INDEX IF NOT EXISTS envelope_org_created ON envelope (organisation, created_at)",
    "CREATE INDEX IF NOT EXISTS envelope_template_version_idx ON envelope (template_version)",
    "CREATE INDEX IF NOT EXISTS envelope_org_completed ON envelope (organisation, completed_at)",
    "CREATE UNIQUE INDEX IF NOT EXISTS envelope_tag_unique ON envelope_tag (envelope, tag)",
    "CREATE INDEX IF NOT EXISTS envelope_tag_org_tag ON envelope_tag (organisation, tag)",
]


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="runtime", description=DESCRIPTION)

    async def indexes() -> None:
        engine = engine_finder()
        assert engine is not None
        for statement in INDEXES:
            await engine.run_ddl(statement)

    manager.add_raw(indexes)
    return manager
