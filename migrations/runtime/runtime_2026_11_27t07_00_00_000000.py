"""Groups and brands: organisation hierarchy, legal names, brand settings, sharing of
templates and stamps with subsidiaries, and the organisation an envelope is sent as."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import UUID, Boolean, Text, Varchar
from piccolo.columns.indexes import IndexMethod

ID = "2026-11-27T07:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "groups and brands"


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


COLUMNS: list[tuple[str, str, str, type, dict]] = [
    ("Organisation", "organisation", "parent", UUID, _params(default=None, null=True, index=True)),
    ("Organisation", "organisation", "legal_name", Varchar, _params(length=300, default="")),
    ("Organisation", "organisation", "theme", Varchar, _params(length=60, default="")),
    ("Organisation", "organisation", "brand_logo", UUID, _params(default=None, null=True)),
    ("Organisation", "organisation", "brand_colour", Varchar, _params(length=7, default="")),
    ("Organisation", "organisation", "brand_font", Varchar, _params(length=60, default="")),
    ("Organisation", "organisation", "mail_sender_name", Varchar, _params(length=200, default="")),
    ("Organisation", "organisation", "footer_text", Text, _params(default="")),
    ("Template", "template", "shared_with_subsidiaries", Boolean, _params(default=False)),
    ("Template", "template", "send_as", Varchar, _params(length=20, default="own")),
    ("Envelope", "envelope", "sent_as", UUID, _params(default=None, null=True)),
    ("Stamp", "stamp", "shared_with_subsidiaries", Boolean, _params(default=False)),
]


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="runtime", description=DESCRIPTION)
    for class_name, tablename, column, column_class, params in COLUMNS:
        manager.add_column(
            table_class_name=class_name,
            tablename=tablename,
            column_name=column,
            db_column_name=column,
            column_class_name=column_class.__name__,
            column_class=column_class,
            params=params,
            schema=None,
        )
    return manager
