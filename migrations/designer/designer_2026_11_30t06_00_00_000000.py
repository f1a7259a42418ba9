"""Two-step verification for designer users who sign in with a password: the authenticator
app's secret (encrypted), the last code's time step, hashed recovery codes, and the
half-signed-in state between the password and the code (designer/accounts/two_step.py)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.base import OnDelete, OnUpdate
from piccolo.columns.column_types import UUID, ForeignKey, Integer, Serial, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.columns.defaults.uuid import UUID4
from piccolo.columns.indexes import IndexMethod
from piccolo.table import Table

ID = "2026-11-30T06:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "designer two-step verification"


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


def _user() -> tuple[str, type, dict]:
    return (
        "user",
        ForeignKey,
        _common(
            references=DesignerUser,
            on_delete=OnDelete.cascade,
            on_update=OnUpdate.cascade,
            target_column=None,
            index=True,
        ),
    )


USER_COLUMNS: list[tuple[str, type, dict]] = [
    ("totp_secret", Varchar, _common(length=200, default="")),
    ("totp_pending", Varchar, _common(length=200, default="")),
    ("totp_last_step", Integer, _common(default=0)),
    ("totp_enabled_at", Timestamptz, _common(default=None, null=True)),
]

TABLES: dict[tuple[str, str], list[tuple[str, type, dict]]] = {
    ("DesignerRecoveryCode", "designer_recovery_code"): [
        ("id", Serial, _common(primary_key=True)),
        _user(),
        ("code_hash", Varchar, _common(length=64, default="", index=True)),
        ("created_at", Timestamptz, _common(default=TimestamptzNow())),
    ],
    ("DesignerLoginChallenge", "designer_login_challenge"): [
        ("id", UUID, _common(default=UUID4(), primary_key=True)),
        _user(),
        ("token_hash", Varchar, _common(length=64, default="", unique=True, index=True)),
        ("next_path", Varchar, _common(length=500, default="/designer/")),
        ("ip", Varchar, _common(length=64, default="")),
        ("created_at", Timestamptz, _common(default=TimestamptzNow())),
        ("expires_at", Timestamptz, _common(default=TimestamptzNow())),
    ],
}


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="designer", description=DESCRIPTION)
    for name, column_class, params in USER_COLUMNS:
        manager.add_column(
            table_class_name="DesignerUser",
            tablename="designer_user",
            column_name=name,
            db_column_name=name,
            column_class_name=column_class.__name__,
            column_class=column_class,
            params=params,
            schema=None,
        )
    for (class_name, tablename), columns in TABLES.items():
        manager.add_table(class_name=class_name, tablename=tablename, schema=None, columns=None)
        for name, column_class, params in columns:
            manager.add_column(
                table_class_name=class_name,
                tablename=tablename,
                column_name=name,
                db_column_name=name,
                column_class_name=column_class.__name__,
                column_class=column_class,
                params=params,
                schema=None,
            )
    return manager
