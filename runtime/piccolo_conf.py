"""Piccolo's configuration module (PICCOLO_CONF=runtime.piccolo_conf).

`DB` is replaced by `runtime.database.configure_database` with the engine the settings
choose, so migrations and queries always use the same database.
"""

from piccolo.conf.apps import AppRegistry
from piccolo.engine.sqlite import SQLiteEngine

from runtime.settings import get_settings

DB = SQLiteEngine(path=str(get_settings().database_path))

APP_REGISTRY = AppRegistry(apps=["runtime.piccolo_app", "designer.piccolo_app"])
