"""Why a recipient's document closed before it was completed, as their link's pages say it.

A voided, declined or expired envelope's link shows the closed page (signer/error.html with
a 410) and, to someone who had already finished, the confirmation (signer/done.html, seal
state ``never``). Both say what happened, when, and in whose words: the sender's reason for
voiding, or who declined and their reason — as the voided and declined mails already tell
every party (themes/default/email/voided.*, declined.*). The reason is the sender's or the
decliner's own text: the templates print it escaped, as written.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from runtime.signing.service import SigningContext, _past_expiry
from runtime.tables import AuditEvent, Recipient

CLOSED_STATES = ("declined", "voided", "expired")


@dataclass(frozen=True)
class Closure:
    state: str
    """declined, voided or expired."""
    reason: str
    """The sender's reason for voiding, or the decliner's; empty when none was given (and
    for an expired document)."""
    by: str
    """Who declined: "Len Der (Lender)", or the role alone; empty for voided and expired."""
    at: dt.datetime | None
    """When it was voided, declined or expired."""


def closed_state(envelope: dict[str, Any]) -> str | None:
    """declined, voided or expired; an envelope whose expiry time has come is expired from
    that moment, whenever the worker gets to its `expire` job; None while it is open or
    completed."""
    status = envelope["status"]
    if status in CLOSED_STATES:
        return str(status)
    if status in ("sent", "in_progress") and _past_expiry(envelope.get("expires_at")):
        return "expired"
    return None


async def closure(ctx: SigningContext) -> Closure | None:
    """What closed the envelope of this link (None when it is not closed)."""
    state = closed_state(ctx.envelope)
    if state is None:
        return None
    if state == "expired":
        return Closure(state, "", "", ctx.envelope.get("expires_at"))
    event = (
        await AuditEvent.select(AuditEvent.created_at)
        .where(
            (AuditEvent.envelope == ctx.envelope["id"]) & (AuditEvent.action == f"envelope.{state}")
        )
        .order_by(AuditEvent.id, ascending=False)
        .first()
    )
    by = ""
    if state == "declined":
        by = await _decliner(ctx)
    reason = (ctx.envelope.get("decline_reason") or "").strip()
    return Closure(state, reason, by, event["created_at"] if event else None)


async def _decliner(ctx: SigningContext) -> str:
    row = (
        await Recipient.select(Recipient.name, Recipient.role)
        .where((Recipient.envelope == ctx.envelope["id"]) & (Recipient.status == "declined"))
        .first()
    )
    if row is None:
        return ""
    role = ctx.definition.role(row["role"])
    role_name = role.name if role else row["role"]
    name = (row["name"] or "").strip()
    return f"{name} ({role_name})" if name else role_name
