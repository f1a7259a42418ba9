"""Piccolo app for the engine's tables; migrations live in migrations/runtime/."""

from pathlib import Path

from piccolo.conf.apps import AppConfig

from runtime.tables import TABLES

APP_CONFIG = AppConfig(
    app_name="runtime",
    migrations_folder_path=str(Path(__file__).resolve().parent.parent / "migrations" / "runtime"),
    table_classes=TABLES,
    migration_dependencies=[],
    commands=[],
)
