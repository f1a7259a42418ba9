"""An envelope's audit trail as a CSV file, from its page and from the archive.

The same events as the page's timeline, in the same words, with what a reviewer needs to
check them: the raw action, the network address, and each event's hash and the one before
it (the chain `formseal audit verify` checks; the API's `/audit` gives the same as JSON).
Cells are safe to open in a spreadsheet (runtime/archive/exports.py: safe_cell).
"""

import csv
import io
import uuid

from litestar.response import Response

from designer.sending.service import role_names, stamp_roles, template_names, timeline
from runtime.archive.exports import safe_cell
from runtime.envelopes.actions import audit_trail
from runtime.envelopes.service import get_envelope
from runtime.file_names import audit_trail_csv_name, content_disposition

HEADER = [
    "When (UTC)",
    "Event",
    "Who",
    "Details",
    "Action",
    "IP address",
    "Hash",
    "Previous hash",
]


async def audit_csv(organisation_id: uuid.UUID, envelope_id: uuid.UUID) -> Response[bytes]:
    """404 for another organisation's envelope (get_envelope)."""
    envelope = await get_envelope(organisation_id, envelope_id)
    trail = await audit_trail(organisation_id, envelope_id)
    worded = await timeline(
        organisation_id, envelope_id, await role_names(envelope), await stamp_roles(envelope)
    )
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    for event, words in zip(trail["events"], worded, strict=True):
        when = (event["created_at"] or "").replace("T", " ").replace("Z", "")
        row = [
            when,
            words["what"],
            words["who"],
            words["detail"],
            event["action"],
            event["ip"],
            event["hash"],
            event["prev_hash"],
        ]
        writer.writerow([safe_cell(c) for c in row])
    template = (await template_names(organisation_id, [str(envelope_id)])).get(str(envelope_id))
    name = audit_trail_csv_name(template or "", envelope_id)
    return Response(
        ("\ufeff" + buffer.getvalue()).encode("utf-8"),
        media_type="text/csv",
        headers={"Content-Disposition": content_disposition(name), "Cache-Control": "no-store"},
    )
