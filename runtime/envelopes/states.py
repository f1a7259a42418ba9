"""The envelope and recipient state machines: the only place statuses change.

Each transition is one conditional UPDATE (`WHERE status IN (allowed sources)`), so two
requests racing for the same transition cannot both win, on SQLite or PostgreSQL. Every
transition that happens writes an audit event; an illegal one raises.
"""

import uuid
from typing import Any

from runtime import audit
from runtime.archive.document import refresh as refresh_search_document
from runtime.clock import utcnow
from runtime.envelopes.events import publish
from runtime.errors import Conflict
from runtime.tables import Envelope, Recipient

STATUSES = ("draft", "sent", "in_progress", "completed", "declined", "expired", "voided")
"""Every envelope status, in the order of its life: the one order the envelope list, the
archive, search, the API's messages and /schema list them in (docs/api.md)."""

ENVELOPE_TRANSITIONS: dict[str, set[str]] = {
    "sent": {"draft"},
    "in_progress": {"sent"},
    "completed": {"in_progress"},
    "declined": {"sent", "in_progress"},
    "expired": {"sent", "in_progress"},
    "voided": {"draft", "sent", "in_progress"},
}
ENVELOPE_FINAL = {"completed", "declined", "expired", "voided"}
ACTIVE_ENVELOPE = ("sent", "in_progress")
"""Sent and not ended: its people may still act, and its links, mails and jobs still run."""

RECIPIENT_TRANSITIONS: dict[str, set[str]] = {
    "notified": {"pending"},
    "viewed": {"notified"},
    "verified": {"viewed"},
    "completed": {"notified", "viewed", "verified"},
    "declined": {"notified", "viewed", "verified"},
    "skipped": {"pending"},
}
RECIPIENT_DONE = {"completed", "skipped"}


class IllegalTransition(Conflict):
    """Raised when the current status does not allow the requested one."""


async def move_envelope(
    envelope: dict[str, Any],
    to: str,
    *,
    actor: str = "",
    ip: str = "",
    data: dict[str, Any] | None = None,
    changes: dict[Any, Any] | None = None,
    announce: bool = True,
) -> None:
    """Move an envelope to `to` or raise IllegalTransition; `changes` are written with it.

    `announce=False` leaves the webhook event to the caller, who publishes it once the
    move's consequences are written too (sending: the first stage notified)."""
    sources = ENVELOPE_TRANSITIONS[to]
    values = {Envelope.status: to, **(changes or {})}
    if to == "completed":
        values.setdefault(Envelope.completed_at, utcnow())
    moved = (
        await Envelope.update(values)
        .where((Envelope.id == envelope["id"]) & Envelope.status.is_in(list(sources)))
        .returning(Envelope.id)
    )
    if not moved:
        raise IllegalTransition(f"The envelope cannot become {to} from its current status.")
    await audit.record(
        envelope["organisation"],
        f"envelope.{to}",
        envelope_id=envelope["id"],
        actor=actor,
        ip=ip,
        data=data,
    )
    await refresh_search_document(envelope["id"])  # answers become searchable as it ends
    if announce:
        await publish(envelope["organisation"], f"envelope.{to}", envelope["id"])


async def try_move_envelope(envelope: dict[str, Any], to: str, **kwargs: Any) -> bool:
    """Like move_envelope, but an illegal transition is simply not taken."""
    try:
        await move_envelope(envelope, to, **kwargs)
    except IllegalTransition:
        return False
    return True


async def move_recipient(
    recipient: dict[str, Any],
    organisation_id: uuid.UUID,
    to: str,
    *,
    ip: str = "",
    user_agent: str = "",
    data: dict[str, Any] | None = None,
    changes: dict[Any, Any] | None = None,
) -> None:
    sources = RECIPIENT_TRANSITIONS[to]
    values: dict[Any, Any] = {Recipient.status: to, **(changes or {})}
    now = utcnow()
    if to == "viewed":
        values.update(
            {Recipient.viewed_at: now, Recipient.ip: ip, Recipient.user_agent: user_agent}
        )
    if to == "completed":
        values.update(
            {Recipient.completed_at: now, Recipient.ip: ip, Recipient.user_agent: user_agent}
        )
    moved = (
        await Recipient.update(values)
        .where((Recipient.id == recipient["id"]) & Recipient.status.is_in(list(sources)))
        .returning(Recipient.id)
    )
    if not moved:
        raise IllegalTransition(
            f"This step cannot be taken: the recipient is already {recipient['status']}."
        )
    await audit.record(
        organisation_id,
        f"recipient.{to}",
        envelope_id=recipient["envelope"],
        actor=audit.recipient_actor(recipient),
        ip=ip,
        data={"recipient_id": str(recipient["id"]), "user_agent": user_agent[:400], **(data or {})},
    )
    await publish(
        organisation_id,
        f"recipient.{to}",
        recipient["envelope"],
        {"recipient": {"id": str(recipient["id"]), "role": recipient["role"], "status": to}},
    )
