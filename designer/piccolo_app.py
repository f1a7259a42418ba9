"""Piccolo app for the designer's tables; migrations live in migrations/designer/."""

from pathlib import Path

from piccolo.conf.apps import AppConfig

from designer.tables import TABLES

APP_CONFIG = AppConfig(
    app_name="designer",
    migrations_folder_path=str(Path(__file__).resolve().parent.parent / "migrations" / "designer"),
    table_classes=TABLES,
    migration_dependencies=["runtime.piccolo_app"],
    commands=[],
)
