"""`recipient.draft_version`: a count of writes to the signer's draft, so a write lands only
on the draft it read (runtime/signing/drafts.py). Before it, an autosave and a "Remove"
sent together could both read one draft, and the later write put back the removed row."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import Integer
from piccolo.columns.indexes import IndexMethod

ID = "2026-11-29T18:40:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "recipient draft version"


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="runtime", description=DESCRIPTION)
    manager.add_column(
        table_class_name="Recipient",
        tablename="recipient",
        column_name="draft_version",
        db_column_name="draft_version",
        column_class_name="Integer",
        column_class=Integer,
        params={
            "default": 0,
            "null": False,
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
