"""Insight and archive: envelope tags, the search document and retention.

Through MigrationManager, so later auto-migrations know these columns; the indexes follow
in the next migration (raw DDL runs before a manager's own operations).
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.base import OnDelete, OnUpdate
from piccolo.columns.column_types import (
    UUID,
    ForeignKey,
    Integer,
    Serial,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.columns.defaults.uuid import UUID4
from piccolo.columns.indexes import IndexMethod
from piccolo.table import Table

ID = "2026-11-27T03:15:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "envelope tags, search document, retention"


class Organisation(Table, tablename="organisation", schema=None):
    id = UUID(default=UUID4(), null=False, primary_key=True)


class Envelope(Table, tablename="envelope", schema=None):
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


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="runtime", description=DESCRIPTION)

    manager.add_column(
        table_class_name="Template",
        tablename="template",
        column_name="retention_days",
        db_column_name="retention_days",
        column_class_name="Integer",
        column_class=Integer,
        params=_params(default=None, null=True),
        schema=None,
    )
    manager.add_column(
        table_class_name="Envelope",
        tablename="envelope",
        column_name="search_document",
        db_column_name="search_document",
        column_class_name="Text",
        column_class=Text,
        params=_params(default=""),
        schema=None,
    )
    manager.add_column(
        table_class_name="Envelope",
        tablename="envelope",
        column_name="purged_at",
        db_column_name="purged_at",
        column_class_name="Timestamptz",
        column_class=Timestamptz,
        params=_params(default=None, null=True),
        schema=None,
    )

    manager.add_table(class_name="EnvelopeTag", tablename="envelope_tag", schema=None, columns=None)
    manager.add_column(
        table_class_name="EnvelopeTag",
        tablename="envelope_tag",
        column_name="id",
        db_column_name="id",
        column_class_name="Serial",
        column_class=Serial,
        params=_params(primary_key=True),
        schema=None,
    )
    for name, references, index in (
        ("organisation", Organisation, False),
        ("envelope", Envelope, True),
    ):
        manager.add_column(
            table_class_name="EnvelopeTag",
            tablename="envelope_tag",
            column_name=name,
            db_column_name=name,
            column_class_name="ForeignKey",
            column_class=ForeignKey,
            params=_params(
                references=references,
                on_delete=OnDelete.cascade,
                on_update=OnUpdate.cascade,
                target_column=None,
                index=index,
            ),
            schema=None,
        )
    manager.add_column(
        table_class_name="EnvelopeTag",
        tablename="envelope_tag",
        column_name="tag",
        db_column_name="tag",
        column_class_name="Varchar",
        column_class=Varchar,
        params=_params(length=40, default=""),
        schema=None,
    )
    return manager
