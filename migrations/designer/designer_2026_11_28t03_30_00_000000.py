"""Designer users get a language for the mails formseal sends them ("" = not chosen)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import Varchar
from piccolo.columns.indexes import IndexMethod

ID = "2026-11-28T03:30:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "designer user mail language"


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="designer", description=DESCRIPTION)
    manager.add_column(
        table_class_name="DesignerUser",
        tablename="designer_user",
        column_name="mail_language",
        db_column_name="mail_language",
        column_class_name="Varchar",
        column_class=Varchar,
        params={
            "length": 10,
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
