"""Log lines as text or JSON (FORMSEAL_LOG_FORMAT), each carrying the request's id.

JSON is one object per line (time, level, logger, message, request_id, and for request
lines method, path, status, duration_ms), for log shippers. The request id comes from
the X-Request-ID header (or is generated) and is set by runtime/web/metrics.py.
"""

import json
import logging
import sys
import time
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import IO

REQUEST_ID: ContextVar[str] = ContextVar("formseal_request_id", default="")

REQUEST_FIELDS = ("method", "path", "status", "duration_ms")
"""Extra attributes a request line carries (passed as `extra=` to the logger)."""

LOGGERS = ("formseal", "runtime", "designer", "components")
LIBRARY_LOGGERS = ("asyncpg",)
"""Libraries whose warnings an administrator must see in the same format: asyncpg's pool
logs a multi-line traceback when PostgreSQL is away, which without this went to stderr
as plain text between the JSON lines."""
"""Our loggers; `formseal.request` writes one line per request. Records still propagate
(to nothing in production, to pytest's capture in tests); uvicorn's own handler is swapped
for ours so its lines share the format."""


class RequestIdFilter(logging.Filter):
    """Stamp every record with the current request's id (empty outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", ""):
            record.request_id = REQUEST_ID.get()
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", "") or None,
        }
        for name in REQUEST_FIELDS:
            if hasattr(record, name):
                entry[name] = getattr(record, name)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


class TextFormatter(logging.Formatter):
    """`2026-11-29 22:27:04,123 INFO formseal.request [<id>] GET /healthz 200 0.4ms`.

    A line without a traceback is put together directly, and the date and time to the
    second are formatted once per second: the same text as `logging.Formatter` with this
    format, at a third of its cost, which every request paid for its log line."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s")
        self._second: tuple[int, str] = (-1, "")

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:  # noqa: N802 (logging's)
        if datefmt:
            return super().formatTime(record, datefmt)
        second = int(record.created)
        cached = self._second
        if cached[0] != second:
            cached = (second, time.strftime(self.default_time_format, self.converter(second)))
            self._second = cached
        return f"{cached[1]},{int(record.msecs):03d}"  # as logging.Formatter.default_msec_format

    def format(self, record: logging.LogRecord) -> str:
        if record.exc_info or record.exc_text or record.stack_info:
            line = super().format(record)
        else:
            record.message = record.getMessage()
            record.asctime = self.formatTime(record)
            line = (
                f"{record.asctime} {record.levelname} {record.name} "
                f"[{record.request_id}] {record.message}"  # type: ignore[attr-defined]
            )
        if hasattr(record, "duration_ms"):  # request lines: "GET /route 200 12.5ms"
            line += f" {record.duration_ms}ms"
        return line


def configure_logging(log_format: str, stream: IO[str] | None = None) -> logging.Handler:
    """Send our loggers (and uvicorn's) to stderr in the chosen format. Idempotent: a
    second call replaces the handler it installed before."""
    if log_format not in {"text", "json"}:
        raise ValueError(f"FORMSEAL_LOG_FORMAT must be text or json, not {log_format!r}")
    # No format of ours names the thread or process: do not look them up for every record
    # (the logging module's documented optimisation; a request line each request adds up).
    logging.logThreads = False
    logging.logProcesses = False
    logging.logMultiprocessing = False
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(JsonFormatter() if log_format == "json" else TextFormatter())
    handler.addFilter(RequestIdFilter())
    handler._formseal = True  # type: ignore[attr-defined]
    for name in LOGGERS + LIBRARY_LOGGERS:
        logger = logging.getLogger(name)
        for previous in [h for h in logger.handlers if getattr(h, "_formseal", False)]:
            logger.removeHandler(previous)
        logger.addHandler(handler)
        logger.setLevel(logging.INFO if name in LOGGERS else logging.WARNING)
    uvicorn = logging.getLogger("uvicorn")
    if uvicorn.handlers:  # only when uvicorn serves us and has set up its own
        for previous in list(uvicorn.handlers):
            uvicorn.removeHandler(previous)
        uvicorn.addHandler(handler)
    return handler
