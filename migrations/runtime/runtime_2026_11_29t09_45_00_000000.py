"""Idempotency-Key on POST /api/v1/envelopes: one row per (organisation, key) for a day."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import BigInt, Integer, Text, Varchar
from piccolo.columns.indexes import IndexMethod

ID = "2026-11-29T09:45:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "idempotency keys"


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
        class_name="IdempotencyKey", tablename="idempotency_key", schema=None, columns=None
    )
    for column, column_class, params in (
        ("slot", Varchar, _params(length=400, default="", primary_key=True)),
        ("request_sha256", Varchar, _params(length=64, default="")),
        ("status_code", Integer, _params(default=0)),
        ("response", Text, _params(default="")),
        ("created_at", BigInt, _params(default=0, index=True)),
    ):
        manager.add_column(
            table_class_name="IdempotencyKey",
            tablename="idempotency_key",
            column_name=column,
            db_column_name=column,
            column_class_name=column_class.__name__,
            column_class=column_class,
            params=params,
            schema=None,
        )
    return manager
