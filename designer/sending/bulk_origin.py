"""Who started a bulk send and when, for its progress page.

The person (or the command line, or the API) is the one recorded on the bulk send when it
was confirmed (`options.sender_email`, `options.via`); the moment is its `bulk_send.queued`
audit event, which is when its envelopes began to go out (the upload, `created_at`, may be
much earlier: a preview waits until someone confirms it)."""

import uuid
from typing import Any

from runtime.clock import iso
from runtime.envelopes.origin import API, CLI
from runtime.tables import AuditEvent, BulkSend

SCANNED = 500
"""How many of the organisation's newest bulk sends' audit events are looked through."""

VIA_WORDS = {CLI: "from the command line", API: "through the API"}
"""How the page's line goes on for a bulk send that no person started in the designer."""


async def started(organisation_id: uuid.UUID, bulk_id: uuid.UUID) -> dict[str, str]:
    """`{"by": …, "at": ISO time}`: `by` a person's email, or words for the command line or
    the API ("from the command line"); "" when nothing says who (never guessed)."""
    row: dict[str, Any] | None = (
        await BulkSend.select(BulkSend.options, BulkSend.created_at)
        .where((BulkSend.id == bulk_id) & (BulkSend.organisation == organisation_id))
        .output(load_json=True)
        .first()
    )
    if row is None:
        return {"by": "", "at": ""}
    options = row["options"] or {}
    events = (
        await AuditEvent.select(AuditEvent.actor, AuditEvent.data, AuditEvent.created_at)
        .where(
            (AuditEvent.organisation == organisation_id) & (AuditEvent.action == "bulk_send.queued")
        )
        .order_by(AuditEvent.id, ascending=False)
        .limit(SCANNED)
        .output(load_json=True)
    )
    event = next((e for e in events if (e["data"] or {}).get("bulk_send_id") == str(bulk_id)), None)
    actor = event["actor"] if event else ""
    email = str(options.get("sender_email") or "") or (actor if "@" in actor else "")
    via = str(options.get("via") or "") or actor
    by = email or VIA_WORDS.get(via, "")
    return {"by": by, "at": iso(event["created_at"] if event else row["created_at"]) or ""}
