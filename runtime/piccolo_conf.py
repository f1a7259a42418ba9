"""Piccolo's configuration module (PICCOLO_CONF=runtime.piccolo_conf).

`DB` is replaced by `runtime.database.configure_database` with the engine the settings
choose, so migrations and queries always use the same database.

`APP_REGISTRY` is built on first access (module `__getattr__`): `piccolo.conf.apps` imports
`black` (~0.16 s), which only the migration commands need, not every command or app start.
"""

from typing import Any

from piccolo.engine.sqlite import SQLiteEngine

from runtime.settings import get_settings

DB = SQLiteEngine(path=str(get_settings().database_path))
APPS = ["runtime.piccolo_app", "designer.piccolo_app"]


def __getattr__(name: str) -> Any:
    """Piccolo's `Finder` reads `APP_REGISTRY` only when it looks for apps or migrations."""
    if name != "APP_REGISTRY":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from piccolo.conf.apps import AppRegistry

    registry = AppRegistry(apps=APPS)
    globals()["APP_REGISTRY"] = registry
    return registry
