"""The append-only audit trail: each event carries the hash of the one before it.

The chain runs per envelope (or per organisation for events outside envelopes), so
editing, deleting or reordering any event breaks every hash after it.
"""

import hashlib
import uuid
from dataclasses import dataclass
from typing import Any

from components import canonical_json
from runtime.clock import iso, utcnow
from runtime.tables import AuditEvent


def _digest(event: dict[str, Any]) -> str:
    body = {
        "prev_hash": event["prev_hash"],
        "organisation": str(event["organisation"]),
        "envelope": str(event["envelope"]) if event["envelope"] else None,
        "action": event["action"],
        "actor": event["actor"],
        "ip": event["ip"],
        "data": event["data"],
        "created_at": iso(event["created_at"]),
    }
    return hashlib.sha256(canonical_json(body)).hexdigest()


async def record(
    organisation_id: uuid.UUID,
    action: str,
    *,
    envelope_id: uuid.UUID | None = None,
    actor: str = "",
    ip: str = "",
    data: dict[str, Any] | None = None,
) -> str:
    """Append one event and return its hash. Call inside the transaction of the change."""
    last = (
        await AuditEvent.select(AuditEvent.hash)
        .where(_stream(organisation_id, envelope_id))
        .order_by(AuditEvent.id, ascending=False)
        .first()
    )
    event: dict[str, Any] = {
        "prev_hash": last["hash"] if last else "",
        "organisation": organisation_id,
        "envelope": envelope_id,
        "action": action,
        "actor": actor,
        "ip": ip,
        "data": data or {},
        "created_at": utcnow().replace(microsecond=0),
    }
    event["hash"] = _digest(event)
    await AuditEvent(**event).save()  # type: ignore[arg-type]
    return event["hash"]


def _stream(organisation_id: uuid.UUID, envelope_id: uuid.UUID | None) -> Any:
    where = AuditEvent.organisation == organisation_id
    if envelope_id is None:
        return where & AuditEvent.envelope.is_null()
    return where & (AuditEvent.envelope == envelope_id)


async def events(organisation_id: uuid.UUID, envelope_id: uuid.UUID) -> list[dict[str, Any]]:
    return (
        await AuditEvent.select()
        .where(_stream(organisation_id, envelope_id))
        .order_by(AuditEvent.id)
        .output(load_json=True)
    )


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    count: int
    head: str
    problem: str = ""


def verify_chain(rows: list[dict[str, Any]]) -> ChainReport:
    """Recompute every hash in order; the first mismatch names the broken event."""
    prev = ""
    for row in rows:
        if row["prev_hash"] != prev:
            return ChainReport(
                False, len(rows), prev, f"event {row['id']} does not follow its predecessor"
            )
        if _digest(row) != row["hash"]:
            return ChainReport(False, len(rows), prev, f"event {row['id']} was altered")
        prev = row["hash"]
    return ChainReport(True, len(rows), prev)
