"""Designer users get a role (existing users become admins) and an OpenID Connect subject."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import Varchar
from piccolo.columns.indexes import IndexMethod

ID = "2026-11-27T03:30:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "designer user roles and OIDC subject"


def _params(length: int, default: str, *, index: bool) -> dict:
    return {
        "length": length,
        "default": default,
        "null": False,
        "primary_key": False,
        "unique": False,
        "index": index,
        "index_method": IndexMethod.btree,
        "choices": None,
        "db_column_name": None,
        "secret": False,
    }


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="designer", description=DESCRIPTION)
    manager.add_column(
        table_class_name="DesignerUser",
        tablename="designer_user",
        column_name="role",
        db_column_name="role",
        column_class_name="Varchar",
        column_class=Varchar,
        params=_params(20, "admin", index=False),
        schema=None,
    )
    manager.add_column(
        table_class_name="DesignerUser",
        tablename="designer_user",
        column_name="oidc_subject",
        db_column_name="oidc_subject",
        column_class_name="Varchar",
        column_class=Varchar,
        params=_params(255, "", index=True),
        schema=None,
    )
    return manager
