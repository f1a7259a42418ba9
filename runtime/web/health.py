"""/healthz (the process answers) and /readyz (the database and file storage are usable)."""

import asyncio
import logging
import re

from litestar import Response, get

from runtime.settings import Settings
from runtime.storage import storage_for
from runtime.tables import Organisation

PROBE_SECONDS = 10
log = logging.getLogger("formseal.health")
_FAILING: dict[str, str] = {}
"""What failed at the last /readyz of this process, by part: its log lines say a change."""


@get("/healthz", include_in_schema=False, cache=False)
async def healthz() -> dict[str, str]:
    return {"status": "ok"}


@get("/readyz", include_in_schema=False, cache=False)
async def readyz(settings: Settings) -> Response[dict[str, str]]:
    """503 with the failing part when the database or the file storage (the folder or the
    S3 bucket: a small object is written, read back and deleted) cannot be used."""
    checks = {"database": "ok", "files": "ok"}
    try:
        await asyncio.wait_for(Organisation.count(), PROBE_SECONDS)
    except Exception as exc:  # any driver error means "not ready"
        checks["database"] = type(exc).__name__
        _note("database", exc)
    else:
        _note("database", None)
    try:
        storage = storage_for(settings)
        await asyncio.wait_for(storage.probe(), PROBE_SECONDS)
    except Exception as exc:  # a bad URL, a refused key, a full disk, an unreachable store
        checks["files"] = _describe(exc)
        _note("files", exc)
    else:
        _note("files", None)
    ready = all(v == "ok" for v in checks.values())
    return Response(
        {"status": "ok" if ready else "unavailable", **checks}, status_code=200 if ready else 503
    )


def _note(part: str, exc: Exception | None) -> None:
    """Log why a part fails, once when it starts failing (or fails otherwise) and once when
    it works again: the answer names only the error's type ("EndpointConnectionError"),
    which left the administrator guessing which address; a balancer asks every few seconds,
    so a line per probe would flood the journal."""
    reason = None if exc is None else _reason(exc)
    before = _FAILING.get(part)
    if reason == before:
        return
    if reason is None:
        _FAILING.pop(part, None)
        log.warning("/readyz: %s ok again", part)
    else:
        _FAILING[part] = reason
        log.warning("/readyz: %s failing (%s)", part, reason)


def _reason(exc: Exception) -> str:
    """The error in full, but the same each time it recurs: the probe's object has a new
    random name every time (`.ready-<hex>`), so the name is left out."""
    text = f"{type(exc).__name__}: {exc}".strip().rstrip(":")
    return re.sub(r"\.ready-[0-9a-f]+", ".ready-…", text)


def _describe(exc: Exception) -> str:
    """A short reason without secrets: OS error text, the S3 error code, or the type."""
    import os

    if isinstance(exc, OSError) and exc.errno:
        return os.strerror(exc.errno)
    code = getattr(exc, "response", {}).get("Error", {}).get("Code")
    return str(code) if code else type(exc).__name__
