"""Designer invitations: one-time "Choose your password" links (only their sha256 is kept)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.base import OnDelete, OnUpdate
from piccolo.columns.column_types import UUID, ForeignKey, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.columns.defaults.uuid import UUID4
from piccolo.columns.indexes import IndexMethod
from piccolo.table import Table

ID = "2026-11-28T01:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "designer invitations"


class DesignerUser(Table, tablename="designer_user", schema=None):
    id = UUID(default=UUID4(), null=False, primary_key=True)


def _common(**extra: object) -> dict:
    return {
        "null": False,
        "primary_key": False,
        "unique": False,
        "index": False,
        "index_method": IndexMethod.btree,
        "choices": None,
        "db_column_name": None,
        "secret": False,
        **extra,
    }


COLUMNS: list[tuple[str, type, dict]] = [
    ("id", UUID, _common(default=UUID4(), primary_key=True)),
    (
        "user",
        ForeignKey,
        _common(
            references=DesignerUser,
            on_delete=OnDelete.cascade,
            on_update=OnUpdate.cascade,
            target_column=None,
            index=True,
        ),
    ),
    ("purpose", Varchar, _common(length=20, default="invite")),
    ("token_hash", Varchar, _common(length=64, default="", unique=True, index=True)),
    ("token_salt", Varchar, _common(length=64, default="")),
    ("sent_by", Varchar, _common(length=254, default="")),
    ("created_at", Timestamptz, _common(default=TimestamptzNow())),
    ("expires_at", Timestamptz, _common(default=TimestamptzNow())),
    ("used_at", Timestamptz, _common(default=None, null=True)),
]


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="designer", description=DESCRIPTION)
    manager.add_table(
        class_name="DesignerInvitation", tablename="designer_invitation", schema=None, columns=None
    )
    for name, column_class, params in COLUMNS:
        manager.add_column(
            table_class_name="DesignerInvitation",
            tablename="designer_invitation",
            column_name=name,
            db_column_name=name,
            column_class_name=column_class.__name__,
            column_class=column_class,
            params=params,
            schema=None,
        )
    return manager
