"""Consent to electronic records and signatures, asked before the first step.

The wording is the organisation's own (`Organisation.consent_text`) or the theme's default
in the signer's language. Its version is the sha256 of the exact text shown, kept on the
recipient and in the audit trail, so it is always known what a signer agreed to. Without
consent (refused, or withdrawn later) nobody can sign; declining stays possible.
"""

import hashlib
from typing import Any

from runtime import audit
from runtime.clock import utcnow
from runtime.i18n import current
from runtime.signing.service import SigningContext
from runtime.tables import Recipient


def version(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def paragraphs(text: str) -> list[str]:
    return [" ".join(p.split()) for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]


def needs_consent(ctx: SigningContext) -> bool:
    """Signers and approvers act electronically, so they consent first; cc only receive."""
    return ctx.recipient["kind"] != "cc" and not ctx.recipient.get("consent_sha256")


async def _record(ctx: SigningContext, action: str, text: str, ip: str, user_agent: str) -> None:
    await audit.record(
        ctx.envelope["organisation"],
        action,
        envelope_id=ctx.envelope["id"],
        actor=audit.recipient_actor(ctx.recipient),
        ip=ip,
        data={
            "recipient_id": str(ctx.recipient["id"]),
            "consent_sha256": version(text),
            "language": current(),
            "user_agent": user_agent[:400],
        },
    )


async def give(ctx: SigningContext, text: str, ip: str, user_agent: str) -> None:
    sha = version(text)
    values: dict[Any, Any] = {Recipient.consent_sha256: sha, Recipient.consent_at: utcnow()}
    await Recipient.update(values).where(Recipient.id == ctx.recipient["id"])
    ctx.recipient["consent_sha256"] = sha
    await _record(ctx, "recipient.consent_given", text, ip, user_agent)


async def refuse(ctx: SigningContext, text: str, ip: str, user_agent: str) -> None:
    """Refusing, or withdrawing consent given earlier: signing is then not possible."""
    withdrawn = bool(ctx.recipient.get("consent_sha256"))
    await Recipient.update({Recipient.consent_sha256: "", Recipient.consent_at: None}).where(
        Recipient.id == ctx.recipient["id"]
    )
    ctx.recipient["consent_sha256"] = ""
    action = "recipient.consent_withdrawn" if withdrawn else "recipient.consent_refused"
    await _record(ctx, action, text, ip, user_agent)
