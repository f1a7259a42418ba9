"""One-time "Choose your password" links, mailed to a new user (an invitation) or to someone
who forgot their password (a reset), by an administrator on the users screen or by
`formseal createuser --invite`.

The token follows the signing links' rules (SECURITY.md 10, docs/decisions/0002): 256 bits
derived from the instance secret, the invitation's id and a random salt, so the mail job
builds the link when it runs; the database and the job's payload hold only the invitation's
id, the salt and the token's sha256. A link works once, for `VALID_DAYS`; a new link for the
same person deletes the earlier ones. Sending and using a link are audited.
"""

import asyncio
import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Literal

from designer.accounts import sessions
from designer.accounts.passwords import hash_password, password_problem
from designer.accounts.users import organisation_user
from designer.tables import DesignerInvitation, DesignerUser
from runtime import audit
from runtime.clock import utcnow
from runtime.errors import Invalid
from runtime.jobs.queue import enqueue
from runtime.settings import Settings
from runtime.tokens import derive_token, hash_token, new_salt

VALID_DAYS = 7
PURPOSE = "designer-invitation"
JOB = "designer_invitation_mail"
Purpose = Literal["invite", "reset"]


def token_for(settings: Settings, invitation_id: uuid.UUID, salt: str) -> str:
    return derive_token(settings.resolved_secret_key(), PURPOSE, str(invitation_id), salt)


def link_for(settings: Settings, invitation_id: uuid.UUID, salt: str) -> str:
    token = token_for(settings, invitation_id, salt)
    return f"{settings.base_url.rstrip('/')}/designer/invitation/{token}"


async def send_link(
    settings: Settings,
    organisation_id: uuid.UUID,
    user_id: uuid.UUID,
    *,
    purpose: Purpose,
    actor: str,
) -> str:
    """Queue a fresh link for a user of `organisation_id` (earlier links stop working).
    Returns their email. Another organisation's user is NotFound."""
    user = await organisation_user(organisation_id, user_id)
    if not user.active:
        refusal = {"refusal": "deactivated"}
        raise Invalid(f"{user.email} is deactivated: reactivate them first.", extra=refusal)
    await DesignerInvitation.delete().where(DesignerInvitation.user == user.id)
    invitation_id, salt = uuid.uuid4(), new_salt()
    await DesignerInvitation(
        id=invitation_id,
        user=user.id,
        purpose=purpose,
        token_salt=salt,
        token_hash=hash_token(token_for(settings, invitation_id, salt)),
        sent_by=actor,
        expires_at=utcnow() + dt.timedelta(days=VALID_DAYS),
    ).save()
    await enqueue(
        JOB,
        {"invitation_id": str(invitation_id)},
        organisation_id=organisation_id,
        dedupe_key=f"{JOB}:{invitation_id}",
    )
    event = "designer.user_invited" if purpose == "invite" else "designer.password_link_sent"
    await audit.record(
        organisation_id, event, actor=actor, data={"email": user.email, "days": VALID_DAYS}
    )
    return user.email


@dataclass(frozen=True)
class OpenLink:
    invitation_id: uuid.UUID
    user_id: uuid.UUID
    organisation_id: uuid.UUID
    email: str
    name: str
    purpose: str
    expires_at: dt.datetime


class LinkRefused(Exception):
    """The link cannot be used; `why` is "unknown", "used" or "expired"."""

    def __init__(self, why: str) -> None:
        super().__init__(why)
        self.why = why


async def open_link(token: str) -> OpenLink:
    """The invitation a token belongs to, or LinkRefused."""
    if not token or len(token) > 100:
        raise LinkRefused("unknown")
    row = (
        await DesignerInvitation.select(
            *DesignerInvitation.all_columns(),
            DesignerInvitation.user.email,
            DesignerInvitation.user.name,
            DesignerInvitation.user.organisation,
            DesignerInvitation.user.active,
        )
        .where(DesignerInvitation.token_hash == hash_token(token))
        .first()
    )
    if row is None or not row["user.active"]:
        raise LinkRefused("unknown")
    if row["used_at"] is not None:
        raise LinkRefused("used")
    if row["expires_at"] <= utcnow():
        raise LinkRefused("expired")
    return OpenLink(
        invitation_id=row["id"],
        user_id=row["user"],
        organisation_id=row["user.organisation"],
        email=row["user.email"],
        name=row["user.name"],
        purpose=row["purpose"],
        expires_at=row["expires_at"],
    )


async def choose_password(token: str, password: str, ip: str) -> OpenLink:
    """Set the password through a link and use the link up; Invalid for a weak password,
    LinkRefused when it is used (also by a second, simultaneous submit), expired or unknown."""
    link = await open_link(token)
    problem = password_problem(password)
    if problem:
        raise Invalid(problem)
    new_hash = await asyncio.to_thread(hash_password, password)
    used = (
        await DesignerInvitation.update({DesignerInvitation.used_at: utcnow()})
        .where((DesignerInvitation.id == link.invitation_id) & DesignerInvitation.used_at.is_null())
        .returning(DesignerInvitation.id)
    )
    if not used:
        raise LinkRefused("used")
    await DesignerUser.update(
        {
            DesignerUser.password_hash: new_hash,
            DesignerUser.failed_logins: 0,
            DesignerUser.locked_until: None,
        }
    ).where(DesignerUser.id == link.user_id)
    await sessions.end_all(link.user_id)
    await audit.record(
        link.organisation_id,
        "designer.invitation_used",
        actor=link.email,
        ip=ip,
        data={"email": link.email, "purpose": link.purpose},
    )
    return link


@dataclass(frozen=True)
class LinkState:
    purpose: str
    created_at: dt.datetime
    expires_at: dt.datetime
    expired: bool
    mail: str = "sent"
    """sent; queued (not yet taken by a worker); retrying (a try failed, it is tried again by
    itself); failed (gave up). The users screen said "sent" while the mail server was down."""


async def open_links(organisation_id: uuid.UUID) -> dict[uuid.UUID, LinkState]:
    """Each user's unused link (for the users screen): when it was sent, until when it works,
    and whether its mail has gone yet."""
    rows = await DesignerInvitation.select(
        DesignerInvitation.id,
        DesignerInvitation.user,
        DesignerInvitation.purpose,
        DesignerInvitation.created_at,
        DesignerInvitation.expires_at,
    ).where(
        (DesignerInvitation.user.organisation == organisation_id)
        & DesignerInvitation.used_at.is_null()
    )
    mails = await _unsent_mails(organisation_id)
    now = utcnow()
    return {
        r["user"]: LinkState(
            r["purpose"],
            r["created_at"],
            r["expires_at"],
            r["expires_at"] <= now,
            mails.get(str(r["id"]), "sent"),
        )
        for r in rows
    }


async def _unsent_mails(organisation_id: uuid.UUID) -> dict[str, str]:
    """Invitation id -> the state of its mail job, for those not sent yet (a done job, or
    none left, is a sent mail)."""
    from runtime.tables import Job

    jobs = (
        await Job.select(Job.payload, Job.status, Job.last_error)
        .where(
            (Job.organisation == organisation_id)
            & (Job.kind == JOB)
            & Job.status.is_in(["queued", "running", "failed"])
        )
        .output(load_json=True)
    )
    states: dict[str, str] = {}
    for job in jobs:
        if job["status"] == "failed":
            state = "failed"
        else:
            state = "retrying" if job["last_error"] else "queued"
        states[str((job["payload"] or {}).get("invitation_id"))] = state
    return states
