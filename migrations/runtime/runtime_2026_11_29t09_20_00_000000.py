"""What made each envelope (designer, API, command line, embedded form, prefilled link, demo),
so the envelope lists stop calling every envelope without a sender's email 'API'."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import Varchar
from piccolo.columns.indexes import IndexMethod

ID = "2026-11-29T09:20:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "envelope sent via"


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="runtime", description=DESCRIPTION)
    manager.add_column(
        table_class_name="Envelope",
        tablename="envelope",
        column_name="sent_via",
        db_column_name="sent_via",
        column_class_name="Varchar",
        column_class=Varchar,
        params={
            "length": 20,
            "default": "",
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
