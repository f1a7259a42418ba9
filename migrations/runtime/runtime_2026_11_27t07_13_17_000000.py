"""Rate limits shared by every process: one row per (limit, caller, minute)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import BigInt, Integer, Varchar
from piccolo.columns.indexes import IndexMethod

ID = "2026-11-27T07:13:17:000000"
VERSION = "1.38.0"
DESCRIPTION = "shared rate limits"


def _params(**overrides: object) -> dict:
    params: dict = {
        "null": False,
        "primary_key": False,
        "unique": False,
        "index": False,
        "index_method": IndexMethod.btree,
        "choices": None,
        "db_column_name": None,
        "secret": False,
    }
    params.update(overrides)
    return params


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="runtime", description=DESCRIPTION)
    manager.add_table(
        class_name="RateLimitSlot", tablename="rate_limit_slot", schema=None, columns=None
    )
    for column, column_class, params in (
        ("slot", Varchar, _params(length=200, default="", primary_key=True)),
        ("hits", Integer, _params(default=0)),
        ("expires_at", BigInt, _params(default=0, index=True)),
    ):
        manager.add_column(
            table_class_name="RateLimitSlot",
            tablename="rate_limit_slot",
            column_name=column,
            db_column_name=column,
            column_class_name=column_class.__name__,
            column_class=column_class,
            params=params,
            schema=None,
        )
    return manager
