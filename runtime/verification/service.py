"""Verifying a sealed PDF: the signature itself, and what this instance knows of it."""

import uuid
from dataclasses import asdict
from typing import Any

from runtime.sealing import trust_roots, verify_pdf
from runtime.settings import Settings
from runtime.tables import Envelope, StoredFile

MAX_PDF_BYTES = 50 * 1024 * 1024


def verify_bytes(settings: Settings, data: bytes) -> dict[str, Any]:
    """The cryptographic report (no database): used by the CLI and the page."""
    report = verify_pdf(data, trust_roots(settings.keys_dir))
    return asdict(report)


async def verify_upload(settings: Settings, data: bytes) -> dict[str, Any]:
    """The report plus whether this instance holds that envelope's seal with the same hash."""
    import asyncio
    import hashlib

    report = await asyncio.to_thread(verify_bytes, settings, data)
    report["known_envelope"] = False
    report["matches_stored_seal"] = False
    envelope_id = report.get("envelope_id")
    if envelope_id and report["sealed_by_this_instance"]:
        try:
            key = uuid.UUID(envelope_id)
        except ValueError:
            return report
        row = await Envelope.select(Envelope.sealed_file).where(Envelope.id == key).first()
        if row and row["sealed_file"]:
            report["known_envelope"] = True
            stored = (
                await StoredFile.select(StoredFile.sha256)
                .where(StoredFile.id == row["sealed_file"])
                .first()
            )
            report["matches_stored_seal"] = bool(
                stored and stored["sha256"] == hashlib.sha256(data).hexdigest()
            )
    return report
