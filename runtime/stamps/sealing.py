"""What the seal needs from company stamps: the images and who applied them.

Images go into the document inline, as data: URIs, so WeasyPrint fetches nothing; their
SHA-256 is checked against the one recorded at upload before they are used.
"""

import base64
import uuid
from typing import Any

from components import Definition
from runtime import audit
from runtime.clock import iso
from runtime.errors import NotFound
from runtime.organisations.hierarchy import ancestors
from runtime.sealing import SealingError
from runtime.settings import Settings
from runtime.stamps.apply import APPLIED
from runtime.stamps.service import get_stamp, stamp_image


async def _applied_stamp(organisation_id: uuid.UUID, stamp_id: str) -> dict[str, Any]:
    """The stamp an envelope's field holds: the organisation's own, or one an organisation
    above it shared when it was applied (unsharing later must not break the seal)."""
    try:
        return await get_stamp(organisation_id, stamp_id)
    except NotFound:
        for owner in await ancestors(organisation_id):
            try:
                return await get_stamp(owner, stamp_id)
            except NotFound:
                continue
        raise


async def stamp_marks(
    settings: Settings,
    organisation_id: uuid.UUID,
    envelope_id: uuid.UUID,
    definition: Definition,
    answers: dict[str, Any],
) -> tuple[dict[str, str], list[dict[str, str]]]:
    """(field key -> PNG data URI, the stamps applied for the certificate of completion)."""
    images: dict[str, str] = {}
    for _, field in definition.fields():
        value = answers.get(field.key) if field.component == "stamp" else None
        if not value:
            continue
        try:
            stamp = await _applied_stamp(organisation_id, str(value))
            data = await stamp_image(settings, stamp)
        except (NotFound, FileNotFoundError, ValueError) as exc:
            raise SealingError(
                f"The company stamp applied to {field.label!r} cannot be read ({exc}); "
                "nothing was sealed."
            ) from exc
        images[field.key] = "data:image/png;base64," + base64.b64encode(data).decode()
    applied = []
    for event in await audit.events(organisation_id, envelope_id):
        if event["action"] != APPLIED:
            continue
        facts = event["data"] or {}
        key = str(facts.get("field", ""))
        stamped = definition.field(key)
        applied.append(
            {
                "field": stamped.label if stamped else key,
                "stamp": str(facts.get("stamp_name", "")),
                "stamp_id": str(facts.get("stamp_id", "")),
                "sha256": str(facts.get("image_sha256", "")),
                "by": event["actor"],
                "at": iso(event["created_at"]) or "",
            }
        )
    return images, applied
