"""Routing: which recipients may act now, and what happens when a stage is done.

`advance` is the one entry point. It is safe to call repeatedly and concurrently: each
recipient moves pending -> notified through a conditional UPDATE, so the next stage
opens (and its invitations are queued) exactly once, however many finish at once.
"""

import datetime as dt
import uuid
from typing import Any

from components import Definition
from components.visibility import active_roles
from runtime.clock import utcnow
from runtime.envelopes.states import (
    ACTIVE_ENVELOPE,
    RECIPIENT_DONE,
    IllegalTransition,
    move_recipient,
)
from runtime.jobs.queue import enqueue
from runtime.tables import Envelope, Recipient
from runtime.templates.versions import version_definition

WARNING_BEFORE_EXPIRY = dt.timedelta(days=1)
"""The expiry warning goes out a day before the expiry; half-way for a shorter life."""


def warning_time(sent_at: dt.datetime, expires_at: dt.datetime) -> dt.datetime:
    """When the "expires soon" mail goes out: a day before the expiry, or half-way between
    sending and the expiry when that is less than two days (a 1-day expiry warns after
    12 hours instead of together with the invitation)."""
    return expires_at - min(WARNING_BEFORE_EXPIRY, (expires_at - sent_at) / 2)


def role_is_active(definition: Definition, role_key: str, answers: dict[str, Any]) -> bool:
    """A role with a condition acts only when it holds on the visible answers so far."""
    return any(r.key == role_key for r in active_roles(definition, answers))


async def advance(envelope_id: uuid.UUID) -> None:
    """Skip inactive roles, open the lowest unfinished stage, or queue the seal."""
    envelope = (
        await Envelope.select().where(Envelope.id == envelope_id).output(load_json=True).first()
    )
    if envelope is None or envelope["status"] not in ACTIVE_ENVELOPE:
        return
    definition = await version_definition(envelope["template_version"])
    recipients = await Recipient.select().where(Recipient.envelope == envelope_id)
    org = envelope["organisation"]
    acting = [r for r in recipients if r["kind"] != "cc"]
    open_ = [r for r in acting if r["status"] not in RECIPIENT_DONE]
    while open_:
        stage = min(r["stage"] for r in open_)
        current = [r for r in open_ if r["stage"] == stage]
        skipped = [
            r
            for r in current
            if r["status"] == "pending"
            and not role_is_active(
                definition, r["role"], {**envelope["prefill"], **envelope["answers"]}
            )
        ]
        for r in skipped:
            await _move(r, org, "skipped", data={"reason": "the role's condition is not met"})
        remaining = [r for r in current if r not in skipped]
        if remaining:
            for r in remaining:
                if r["status"] == "pending" and await _move(r, org, "notified"):
                    role = definition.role(r["role"])
                    if role is not None and role.organisation:
                        await queue_auto_sign(r["id"], org)  # no link: the engine signs for it
                    else:
                        await notify(r, envelope)
            return
        open_ = [r for r in open_ if r["stage"] != stage]
    payload = {"envelope_id": str(envelope_id)}
    await enqueue("seal", payload, organisation_id=org, dedupe_key=f"seal:{envelope_id}")


async def _move(recipient: dict[str, Any], org: uuid.UUID, to: str, **kwargs: Any) -> bool:
    try:
        await move_recipient(recipient, org, to, **kwargs)
    except IllegalTransition:
        return False  # someone else moved it first
    return True


async def queue_auto_sign(recipient_id: uuid.UUID, organisation_id: uuid.UUID) -> None:
    """An organisation role's turn: the `auto_sign` job applies its stamps (runtime/stamps)."""
    await enqueue(
        "auto_sign",
        {"recipient_id": str(recipient_id)},
        organisation_id=organisation_id,
        dedupe_key=f"auto-sign:{recipient_id}",
    )


async def notify(recipient: dict[str, Any], envelope: dict[str, Any]) -> None:
    """Queue the invitation and the first reminder for a recipient whose turn has come."""
    rid = recipient["id"]
    await enqueue(
        "mail",
        {"mail": "invitation", "recipient_id": str(rid)},
        organisation_id=envelope["organisation"],
        dedupe_key=f"invite:{rid}",
    )
    if envelope["reminder_max"] > 0:
        await schedule_reminder(rid, 1, envelope["reminder_first_days"], envelope)


async def schedule_reminder(
    recipient_id: uuid.UUID, number: int, after_days: int, envelope: dict[str, Any]
) -> None:
    """Plan reminder `number` in `after_days`, unless the envelope's expiry warning would
    come first: from then on the warning is the last mail before the expiry, so no
    reminder is planned at or after it, nor after the expiry itself."""
    expires_at = envelope.get("expires_at")
    if expires_at is not None:
        when = utcnow() + dt.timedelta(days=after_days)
        if when >= warning_time(envelope["created_at"], expires_at):
            return
    await enqueue(
        "remind",
        {"recipient_id": str(recipient_id), "number": number},
        organisation_id=envelope["organisation"],
        dedupe_key=f"remind:{recipient_id}:{number}",
        run_after=dt.timedelta(days=after_days),
    )


async def schedule_expiry(
    envelope: dict[str, Any], expires_at: dt.datetime | None, sent_at: dt.datetime
) -> None:
    """Queue the expiry and its warning for `envelope` (its id and organisation)."""
    if expires_at is None:
        return
    envelope_id, org = envelope["id"], envelope["organisation"]
    payload = {"envelope_id": str(envelope_id)}
    await enqueue(
        "expire",
        payload,
        organisation_id=org,
        dedupe_key=f"expire:{envelope_id}",
        run_at=expires_at,
    )
    await enqueue(
        "expiry_warning",
        payload,
        organisation_id=org,
        dedupe_key=f"expiry-warning:{envelope_id}",
        run_at=warning_time(sent_at, expires_at),
    )


async def stage_is_open(recipient: dict[str, Any]) -> bool:
    """True when every acting recipient of an earlier stage is done."""
    waiting = await Recipient.count().where(
        (Recipient.envelope == recipient["envelope"])
        & (Recipient.stage < recipient["stage"])
        & (Recipient.kind != "cc")
        & Recipient.status.not_in(list(RECIPIENT_DONE))
    )
    return waiting == 0
