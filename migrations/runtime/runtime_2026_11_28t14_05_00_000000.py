"""Jobs name the organisation whose work they are (NULL: instance-wide housekeeping).

Through MigrationManager, so later auto-migrations know the column; its index and the
filling in of jobs queued before it follow in the next migration (raw SQL runs before a
manager's own operations).
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.base import OnDelete, OnUpdate
from piccolo.columns.column_types import UUID, ForeignKey
from piccolo.columns.defaults.uuid import UUID4
from piccolo.columns.indexes import IndexMethod
from piccolo.table import Table

ID = "2026-11-28T14:05:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "job organisation"


class Organisation(Table, tablename="organisation", schema=None):
    id = UUID(default=UUID4(), null=False, primary_key=True)


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="runtime", description=DESCRIPTION)
    manager.add_column(
        table_class_name="Job",
        tablename="job",
        column_name="organisation",
        db_column_name="organisation",
        column_class_name="ForeignKey",
        column_class=ForeignKey,
        params={
            "references": Organisation,
            "on_delete": OnDelete.cascade,
            "on_update": OnUpdate.cascade,
            "target_column": None,
            "default": None,
            "null": True,
            "primary_key": False,
            "unique": False,
            "index": False,
            "index_method": IndexMethod.btree,
            "choices": None,
            "db_column_name": None,
            "secret": False,
        },
        schema=None,
    )
    return manager
