"""What a sender does with an envelope after sending: list, void, remind, read the audit trail."""

import uuid
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from runtime import audit
from runtime.clock import iso
from runtime.envelopes.origin import made_by_condition
from runtime.envelopes.service import envelope_row, get_envelope
from runtime.envelopes.states import ENVELOPE_FINAL, move_envelope
from runtime.envelopes.states import STATUSES as STATUSES  # the one order (states.py)
from runtime.errors import Conflict, Invalid
from runtime.jobs.queue import enqueue
from runtime.mail.jobs import WAITING, queue_notices
from runtime.organisations.sharing import usable_template
from runtime.paging import check_page
from runtime.tables import Envelope, Recipient, TemplateVersion

MAX_PER_PAGE = 100


async def list_envelopes(
    organisation_id: uuid.UUID,
    *,
    status: str | None = None,
    template_id: uuid.UUID | None = None,
    sender: str | None = None,
    made_by: str | None = None,
    created_from: str | None = None,
    created_to: str | None = None,
    page: int = 1,
    per_page: int = 20,
) -> dict[str, Any]:
    """Newest first, filtered, paginated. `sender` is the sender's email; `made_by` what made
    the envelopes without one (runtime/envelopes/origin.py: "cli", "api", …, or "unknown");
    `created_from` and `created_to` are dates (YYYY-MM-DD, UTC), both days included."""
    if status is not None and status not in STATUSES:
        message = f"Unknown status '{status}'. Use one of: {', '.join(STATUSES)}."
        raise Invalid(message, extra={"errors": [{"parameter": "status", "message": message}]})
    check_page(page, per_page, MAX_PER_PAGE)
    if template_id:  # another organisation's (or no) template is a 404, as in the exports
        await usable_template(organisation_id, template_id)
    where: Any = Envelope.organisation == organisation_id
    if status:
        where &= Envelope.status == status
    if sender:
        where &= Envelope.sender_email == sender.strip()
    if made_by:
        condition = made_by_condition(made_by)
        where &= Envelope.id.is_null() if condition is None else condition  # None: names nothing
    start, end = _day(created_from, "created_from"), _day(created_to, "created_to")
    if start and end and end < start:
        message = "created_to is before created_from."
        raise Invalid(message, extra={"errors": [{"parameter": "created_to", "message": message}]})
    if start:
        where &= Envelope.created_at >= datetime.combine(start, time.min, tzinfo=UTC)
    if end:
        where &= Envelope.created_at < datetime.combine(
            end + timedelta(days=1), time.min, tzinfo=UTC
        )
    if template_id:
        versions = await TemplateVersion.select(TemplateVersion.id).where(
            TemplateVersion.template == template_id
        )
        where &= Envelope.template_version.is_in([v["id"] for v in versions] or [uuid.uuid4()])
    total = await Envelope.count().where(where)
    rows = (
        await Envelope.select(
            Envelope.id,
            Envelope.status,
            Envelope.created_at,
            Envelope.completed_at,
            Envelope.sender_email,
            Envelope.sent_via,
        )
        .where(where)
        .order_by(Envelope.created_at, ascending=False)
        .limit(per_page)
        .offset((page - 1) * per_page)
    )
    return {
        "items": [
            {
                "id": str(r["id"]),
                "status": r["status"],
                "created_at": iso(r["created_at"]),
                "completed_at": iso(r["completed_at"]),
                "sender_email": r["sender_email"] or None,  # null: no sender's email
                "sent_via": r["sent_via"] or None,
            }
            for r in rows
        ],
        "page": page,
        "per_page": per_page,
        "total": total,
    }


def _day(value: str | None, name: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        message = f"{name} must be a date like 2026-11-27."
        raise Invalid(
            message, extra={"errors": [{"parameter": name, "message": message}]}
        ) from None


EVERYONE_SIGNED = (
    "Everyone has signed this envelope, so it can no longer be voided: it is a signed "
    "agreement waiting for its seal. If sealing failed, an administrator can try sealing "
    "again (the envelope's page, or Settings → Problems in the designer)."
)
"""Why voiding is refused once every party has acted (docs/decisions/0008)."""


async def everyone_signed(envelope_id: uuid.UUID) -> bool:
    """Every party who must act (not a copy) has signed or approved, or was left out by a
    condition: the agreement is made, and only its seal is missing."""
    statuses = await Recipient.select(Recipient.status).where(
        (Recipient.envelope == envelope_id) & (Recipient.kind != "cc")
    )
    done = [r["status"] in ("completed", "skipped") for r in statuses]
    return all(done) and any(r["status"] == "completed" for r in statuses)


NO_VOID_REASON = "Enter a reason for voiding the envelope."


async def void_envelope(
    organisation_id: uuid.UUID, envelope_id: uuid.UUID, reason: str, *, actor: str
) -> dict[str, Any]:
    """Void it, telling everyone who had it why. A reason of spaces only is none: the
    Voided mails and the audit trail would say nothing."""
    reason = reason.strip()
    if not reason:
        errors = [{"path": "$.reason", "message": NO_VOID_REASON}]
        raise Invalid(NO_VOID_REASON, extra={"errors": errors})
    envelope = await envelope_row(organisation_id, envelope_id)
    if envelope["status"] in ENVELOPE_FINAL:
        raise Conflict(f"The envelope is already {envelope['status']}.")
    if await everyone_signed(envelope_id):
        raise Conflict(EVERYONE_SIGNED, extra={"code": "everyone_signed"})
    await move_envelope(
        envelope,
        "voided",
        actor=actor,
        data={"reason": reason[:2000]},
        changes={Envelope.decline_reason: reason[:2000]},
    )
    # everyone who has had the envelope, and the sender, is told it is void and why
    await queue_notices(envelope, "voided", only_waiting=False)
    return await get_envelope(organisation_id, envelope_id)


async def remind_now(
    organisation_id: uuid.UUID, envelope_id: uuid.UUID, *, actor: str
) -> dict[str, Any]:
    """Mail every recipient whose turn it is, now (outside the schedule).

    With nobody left to act (everyone finished; the envelope waits for its seal) there is
    nobody to remind: refused, rather than recorded as a reminder that went to nobody. The
    organisation's own role (its company stamp) has no address and is never mailed: when
    only it is waiting, that is said instead."""
    envelope = await envelope_row(organisation_id, envelope_id)
    if envelope["status"] not in ("sent", "in_progress"):
        raise Conflict(f"The envelope is {envelope['status']}; there is nobody to remind.")
    turn = await Recipient.select(Recipient.id, Recipient.email).where(
        (Recipient.envelope == envelope_id) & Recipient.status.is_in(list(WAITING))
    )
    waiting = [r for r in turn if r["email"]]
    if turn and not waiting:
        raise Conflict(
            "There is nobody to remind: the envelope is waiting for the organisation's "
            "company stamp, not for a person. An administrator, or a user the stamp is "
            "granted to, applies it on this envelope's page."
        )
    if not waiting:
        raise Conflict(
            "There is nobody to remind: everyone has finished, and the envelope is waiting "
            "for its seal."
        )
    for r in waiting:
        await enqueue(
            "mail",
            {"mail": "reminder", "recipient_id": str(r["id"])},
            organisation_id=organisation_id,
            dedupe_key=f"manual-reminder:{r['id']}:{uuid.uuid4().hex[:8]}",
        )
    await audit.record(
        organisation_id,
        "envelope.reminded",
        envelope_id=envelope_id,
        actor=actor,
        data={"recipients": len(waiting)},
    )
    return {"reminded": len(waiting)}


async def audit_trail(organisation_id: uuid.UUID, envelope_id: uuid.UUID) -> dict[str, Any]:
    await envelope_row(organisation_id, envelope_id)
    rows = await audit.events(organisation_id, envelope_id)
    chain = audit.verify_chain(rows)
    return {
        "envelope_id": str(envelope_id),
        "chain": {
            "ok": chain.ok,
            "count": chain.count,
            "head": chain.head,
            "problem": chain.problem,
        },
        "events": [
            {
                "id": r["id"],
                "action": r["action"],
                "actor": r["actor"],
                "ip": r["ip"],
                "data": r["data"],
                "created_at": iso(r["created_at"]),
                "hash": r["hash"],
                "prev_hash": r["prev_hash"],
            }
            for r in rows
        ],
    }


__all__ = ["audit_trail", "list_envelopes", "queue_notices", "remind_now", "void_envelope"]
