"""Ending a signer's part other than by finishing, and what the confirmation and embedded
pages ask about the envelope: decline, others still to act, the origins that may frame it."""

import datetime as dt

from runtime.clock import utcnow
from runtime.database import transaction
from runtime.envelopes.states import move_envelope, move_recipient
from runtime.errors import Invalid
from runtime.i18n import gettext as _
from runtime.mail.jobs import queue_notices
from runtime.signing.notes import REASON_MAX, decline_reason
from runtime.signing.service import SigningContext, ensure_can_act
from runtime.tables import Envelope, Organisation, Recipient


def no_reason() -> str:
    """The refusal of a decline without a reason (shown again by GET /decline?refused=1)."""
    return _("Enter a reason, so the sender knows what to change.")


async def decline(ctx: SigningContext, reason: str, ip: str, user_agent: str) -> None:
    """Decline (a signer) or reject (an approver): the envelope ends as declined."""
    await ensure_can_act(ctx)
    reason = decline_reason(reason)
    if not reason:
        raise Invalid(no_reason())
    if len(reason) > REASON_MAX:  # shown again by GET /decline?refused=long (notes.py)
        raise Invalid(_("The reason must be 2,000 characters or fewer."))
    async with transaction():
        await move_recipient(
            ctx.recipient,
            ctx.envelope["organisation"],
            "declined",
            ip=ip,
            user_agent=user_agent,
            data={"reason": reason},
            changes={Recipient.decline_reason: reason},
        )
        await move_envelope(
            ctx.envelope,
            "declined",
            actor=ctx.recipient["email"],
            ip=ip,
            data={"reason": reason, "recipient_id": str(ctx.recipient["id"])},
            changes={Envelope.decline_reason: reason},
        )
    ctx.recipient["status"] = "declined"
    ctx.envelope["decline_reason"] = reason
    # "Alex Example (Customer)"; a recipient without a name is named by role in each mail's
    # own language ("The Customer declined …", themes/<theme>/email/declined.*)
    name = (ctx.recipient["name"] or "").strip()
    await queue_notices(
        ctx.envelope,
        "declined",
        only_waiting=False,
        decliner=f"{name} ({ctx.role_name})" if name else "",
        decliner_role=ctx.role_name,
    )


async def moved_meanwhile(ctx: SigningContext, status: str) -> bool:
    """Another request moved the recipient to `status` (completed, declined) since this one
    loaded it — a double click, or a second window: this one has nothing left to do."""
    row = (
        await Recipient.select(Recipient.status, Recipient.completed_at)
        .where(Recipient.id == ctx.recipient["id"])
        .first()
    )
    if row is None or row["status"] != status:
        return False
    ctx.recipient.update(row)
    return True


def already_done_url(token: str) -> str:
    """The confirmation, for a signer who sends a consent or decline form again after
    finishing (Back to an old page): it says nothing was changed (?already=1)."""
    return f"/s/{token}/done?already=1"


def done_url(ctx: SigningContext, base: str) -> str:
    """Where finishing leads: the confirmation, marked as the first view (?finished=1) while
    the signature is fresh, so the browser tab that shows it (whichever of two clicks it
    answers) is told "just finished" once, and an embed says formseal:completed."""
    completed = ctx.recipient.get("completed_at")
    if isinstance(completed, dt.datetime) and completed.tzinfo is None:
        completed = completed.replace(tzinfo=dt.UTC)
    if not isinstance(completed, dt.datetime) or utcnow() - completed < dt.timedelta(minutes=1):
        return f"{base}/done?finished=1"
    return f"{base}/done"


async def frame_ancestors(ctx: SigningContext) -> list[str]:
    """The intranet origins allowed to frame an embedded envelope's pages."""
    org = (
        await Organisation.select(Organisation.embed_origins)
        .where(Organisation.id == ctx.envelope["organisation"])
        .first()
    )
    return [o for o in (org["embed_origins"] if org else "").split() if o]


async def others_waiting(ctx: SigningContext) -> bool:
    """True while other parties still have to act (the seal comes after the last of them)."""
    left = await Recipient.count().where(
        (Recipient.envelope == ctx.envelope["id"])
        & (Recipient.kind != "cc")
        & Recipient.status.not_in(["completed", "skipped"])
    )
    return left > 0
