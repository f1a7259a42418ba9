"""/healthz (the process answers) and /readyz (the database and file storage are usable)."""

import os
import uuid

from litestar import Response, get

from runtime.settings import Settings
from runtime.tables import Organisation


@get("/healthz", include_in_schema=False, cache=False)
async def healthz() -> dict[str, str]:
    return {"status": "ok"}


@get("/readyz", include_in_schema=False, cache=False)
async def readyz(settings: Settings) -> Response[dict[str, str]]:
    """503 with the failing part when the database or var/files cannot be used."""
    checks = {"database": "ok", "files": "ok"}
    try:
        await Organisation.count()
    except Exception as exc:  # any driver error means "not ready"
        checks["database"] = type(exc).__name__
    probe = settings.files_dir / f".ready-{uuid.uuid4().hex}"
    try:
        probe.write_bytes(b"ok")
        probe.unlink()
    except OSError as exc:
        checks["files"] = os.strerror(exc.errno) if exc.errno else type(exc).__name__
    ready = all(v == "ok" for v in checks.values())
    return Response(
        {"status": "ok" if ready else "unavailable", **checks}, status_code=200 if ready else 503
    )
