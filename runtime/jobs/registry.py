"""Job handlers that live outside runtime/ (the designer's invitation mails).

`runtime/` never imports `designer/` (docs/architecture.md), so the designer registers its
own job kinds here when it is imported; the worker looks a kind up in its own table first,
then here.
"""

from collections.abc import Awaitable, Callable
from concurrent.futures import Executor
from typing import Any

from runtime.settings import Settings

Handler = Callable[[Settings, dict[str, Any], Executor | None], Awaitable[None]]
EXTRA_HANDLERS: dict[str, Handler] = {}


def register_handler(kind: str, handler: Handler) -> None:
    EXTRA_HANDLERS[kind] = handler
