"""/healthz (the process answers) and /readyz (the database and file storage are usable)."""

import asyncio

from litestar import Response, get

from runtime.settings import Settings
from runtime.storage import storage_for
from runtime.tables import Organisation

PROBE_SECONDS = 10


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
    try:
        storage = storage_for(settings)
        await asyncio.wait_for(storage.probe(), PROBE_SECONDS)
    except Exception as exc:  # a bad URL, a refused key, a full disk, an unreachable store
        checks["files"] = _describe(exc)
    ready = all(v == "ok" for v in checks.values())
    return Response(
        {"status": "ok" if ready else "unavailable", **checks}, status_code=200 if ready else 503
    )


def _describe(exc: Exception) -> str:
    """A short reason without secrets: OS error text, the S3 error code, or the type."""
    import os

    if isinstance(exc, OSError) and exc.errno:
        return os.strerror(exc.errno)
    code = getattr(exc, "response", {}).get("Error", {}).get("Code")
    return str(code) if code else type(exc).__name__
