"""The sealed PDF of an envelope as a download, for the API and the designer's screens."""

import uuid

from litestar.response import Stream

from runtime.envelopes.service import envelope_row
from runtime.errors import Conflict
from runtime.files import stream_download
from runtime.settings import Settings


async def sealed_pdf_download(
    settings: Settings, organisation_id: uuid.UUID, envelope_id: uuid.UUID
) -> Stream:
    """The envelope's sealed PDF, streamed from the file storage (folder or bucket), never
    read whole into memory; 404 for another organisation's envelope, 409 before sealing."""
    row = await envelope_row(organisation_id, envelope_id)
    if row["sealed_file"] is None:
        raise Conflict("The envelope is not sealed yet.", extra={"envelope_status": row["status"]})
    return await stream_download(
        settings, organisation_id, row["sealed_file"], f"{envelope_id}.pdf"
    )
