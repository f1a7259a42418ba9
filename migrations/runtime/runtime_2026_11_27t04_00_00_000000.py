"""Company stamps: images an organisation uploads and applies to stamp fields."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.base import OnDelete, OnUpdate
from piccolo.columns.column_types import (
    JSON,
    UUID,
    Boolean,
    ForeignKey,
    Integer,
    Timestamptz,
    Varchar,
)
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.columns.defaults.uuid import UUID4
from piccolo.columns.indexes import IndexMethod
from piccolo.table import Table

ID = "2026-11-27T04:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "company stamps"


class Organisation(Table, tablename="organisation", schema=None):
    id = UUID(default=UUID4(), null=False, primary_key=True)


class StoredFile(Table, tablename="stored_file", schema=None):
    id = UUID(default=UUID4(), null=False, primary_key=True)


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


def _fk(references: type[Table], *, index: bool) -> dict:
    return _params(
        references=references,
        on_delete=OnDelete.cascade,
        on_update=OnUpdate.cascade,
        target_column=None,
        index=index,
    )


COLUMNS: list[tuple[str, type, dict]] = [
    ("id", UUID, _params(default=UUID4(), primary_key=True)),
    ("organisation", ForeignKey, _fk(Organisation, index=True)),
    ("name", Varchar, _params(length=120, default="")),
    ("file", ForeignKey, _fk(StoredFile, index=False)),
    ("sha256", Varchar, _params(length=64, default="")),
    ("content_type", Varchar, _params(length=40, default="image/png")),
    ("width", Integer, _params(default=0)),
    ("height", Integer, _params(default=0)),
    ("active", Boolean, _params(default=True)),
    ("is_default", Boolean, _params(default=False)),
    ("auto_sign", Boolean, _params(default=True)),
    ("granted_to", JSON, _params(default="[]")),
    ("created_by", Varchar, _params(length=254, default="")),
    ("created_at", Timestamptz, _params(default=TimestamptzNow())),
    ("deactivated_at", Timestamptz, _params(default=None, null=True)),
]


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="runtime", description=DESCRIPTION)
    manager.add_table(class_name="Stamp", tablename="stamp", schema=None, columns=None)
    for name, column_class, params in COLUMNS:
        manager.add_column(
            table_class_name="Stamp",
            tablename="stamp",
            column_name=name,
            db_column_name=name,
            column_class_name=column_class.__name__,
            column_class=column_class,
            params=params,
            schema=None,
        )
    return manager
