"""The sealed PDF of an envelope as a download, for the API and the designer's screens."""

import uuid
from typing import Any

from litestar.response import Stream

from runtime.envelopes.service import envelope_row
from runtime.errors import Conflict
from runtime.file_names import sealed_pdf_name
from runtime.files import stream_download
from runtime.settings import Settings
from runtime.tables import TemplateVersion

#: envelopes that ended without every signature: they are never sealed
ENDED = {"declined": "was declined", "voided": "was voided", "expired": "expired"}


async def sealed_pdf_download(
    settings: Settings, organisation_id: uuid.UUID, envelope_id: uuid.UUID
) -> Stream:
    """The envelope's sealed PDF, streamed from the file storage (folder or bucket), never
    read whole into memory; 404 for another organisation's envelope, 409 without a seal:
    not sealed yet, or never to be sealed (declined, voided, expired), and the answer says
    which, so a client does not keep polling an envelope that has ended."""
    row = await envelope_row(organisation_id, envelope_id)
    if row["sealed_file"] is None:
        ended = ENDED.get(row["status"])
        detail = (
            f"The envelope {ended} before everyone had signed, so it is never sealed: "
            "there is no sealed PDF."
            if ended
            else "The envelope is not sealed yet."
        )
        raise Conflict(detail, extra={"envelope_status": row["status"]})
    return await stream_download(
        settings, organisation_id, row["sealed_file"], await sealed_pdf_filename(row)
    )


async def sealed_pdf_filename(envelope: dict[str, Any]) -> str:
    """ "Service agreement – 3f6c1d2e.pdf": the template's name, as the sealed PDF's title
    has it, and the envelope's short id (runtime/file_names.py)."""
    row = (
        await TemplateVersion.select(TemplateVersion.template.name.as_alias("name"))  # type: ignore[attr-defined]
        .where(TemplateVersion.id == envelope["template_version"])
        .first()
    )
    return sealed_pdf_name(row["name"] if row else "", envelope["id"])
