"""The sealed PDF of an envelope as a download, for the API and the designer's screens."""

import uuid

from litestar.response import Stream

from runtime.envelopes.service import envelope_row
from runtime.errors import Conflict
from runtime.files import stream_download
from runtime.settings import Settings

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
        settings, organisation_id, row["sealed_file"], f"{envelope_id}.pdf"
    )
