"""Managing an organisation's designer users: list, create with a role, change role,
deactivate and reactivate, unlock after too many wrong passwords, set a new password, turn
off two-step verification for someone who lost their phone.
Only admins get here (the users screen's guard).

The organisation always keeps at least one active admin, so nobody can lock everyone out
of the users screen. Every change is recorded in the organisation's audit trail.
"""

import uuid
from dataclasses import dataclass
from datetime import datetime

from designer.accounts import sessions, two_step
from designer.accounts.mail_language import valid as valid_language
from designer.accounts.refusals import LAST_ADMIN
from designer.accounts.roles import ADMIN, ROLES, valid_role
from designer.accounts.service import create_user, set_password
from designer.tables import DesignerLoginChallenge, DesignerUser
from runtime import audit
from runtime.clock import utcnow
from runtime.database import transaction, uses_postgres
from runtime.errors import Conflict, Invalid, NotFound
from runtime.tables import Organisation


@dataclass(frozen=True)
class UserRow:
    id: uuid.UUID
    email: str
    name: str
    role: str
    active: bool
    sso: bool
    has_password: bool
    last_login_at: datetime | None
    locked_until: datetime | None = None
    """Set while the account is locked after too many wrong passwords."""
    mail_language: str = ""
    """The language of their mails; "" not chosen (designer/accounts/mail_language.py)."""
    two_step: bool = False
    """Two-step verification with an authenticator app is on (designer/accounts/two_step.py)."""


async def list_users(organisation_id: uuid.UUID) -> list[UserRow]:
    rows = (
        await DesignerUser.select(
            DesignerUser.id,
            DesignerUser.email,
            DesignerUser.name,
            DesignerUser.role,
            DesignerUser.active,
            DesignerUser.oidc_subject,
            DesignerUser.password_hash,
            DesignerUser.last_login_at,
            DesignerUser.locked_until,
            DesignerUser.mail_language,
            DesignerUser.totp_secret,
        )
        .where(DesignerUser.organisation == organisation_id)
        .order_by(DesignerUser.email)
    )
    return [
        UserRow(
            id=r["id"],
            email=r["email"],
            name=r["name"],
            role=r["role"],
            active=r["active"],
            sso=bool(r["oidc_subject"]),
            has_password=bool(r["password_hash"]),
            last_login_at=r["last_login_at"],
            locked_until=r["locked_until"] if _still_locked(r["locked_until"]) else None,
            mail_language=r["mail_language"],
            two_step=bool(r["totp_secret"]),
        )
        for r in rows
    ]


def _still_locked(until: datetime | None) -> bool:
    return until is not None and until > utcnow()


async def add_user(
    organisation_id: uuid.UUID,
    email: str,
    name: str,
    role: str,
    password: str,
    *,
    actor: str,
    mail_language: str = "",
) -> uuid.UUID:
    """A new user; an empty password means they sign in with single sign-on only.
    `mail_language` is the language of their mails ("": not chosen; mail_language.py)."""
    language = valid_language(mail_language)
    user_id = await create_user(
        organisation_id, email, password, name=name, role=role, allow_no_password=True
    )
    if language:
        await DesignerUser.update({DesignerUser.mail_language: language}).where(
            DesignerUser.id == user_id
        )
    await audit.record(
        organisation_id,
        "designer.user_created",
        actor=actor,
        data={"email": email.strip().lower(), "role": role, "mail_language": language},
    )
    return user_id


async def change_role(
    organisation_id: uuid.UUID, user_id: uuid.UUID, role: str, *, actor: str
) -> None:
    new_role = valid_role(role)
    if new_role is None:
        raise Invalid(f"Choose a role: {', '.join(ROLES)}.", extra={"refusal": "role"})
    async with transaction():
        user = await organisation_user(organisation_id, user_id)
        if user.role == new_role:
            return
        if user.role == ADMIN and user.active:
            await _keep_an_admin(organisation_id, user)
        await DesignerUser.update({DesignerUser.role: new_role}).where(DesignerUser.id == user.id)
        await audit.record(
            organisation_id,
            "designer.user_role_changed",
            actor=actor,
            data={"email": user.email, "from": user.role, "to": new_role},
        )


async def set_active(
    organisation_id: uuid.UUID, user_id: uuid.UUID, active: bool, *, actor: str
) -> None:
    """Deactivate (ends their sessions at once) or reactivate a user."""
    async with transaction():
        user = await organisation_user(organisation_id, user_id)
        if user.active == active:
            return
        if not active and user.role == ADMIN:
            await _keep_an_admin(organisation_id, user)
        await DesignerUser.update({DesignerUser.active: active}).where(DesignerUser.id == user.id)
        if not active:
            await sessions.end_all(user.id)
        await audit.record(
            organisation_id,
            "designer.user_reactivated" if active else "designer.user_deactivated",
            actor=actor,
            data={"email": user.email},
        )


async def unlock(organisation_id: uuid.UUID, user_id: uuid.UUID, *, actor: str) -> str:
    """Lift a lock-out after too many wrong passwords; the password stays. Returns the email."""
    user = await organisation_user(organisation_id, user_id)
    await DesignerUser.update(
        {DesignerUser.locked_until: None, DesignerUser.failed_logins: 0}
    ).where(DesignerUser.id == user.id)
    await audit.record(
        organisation_id, "designer.user_unlocked", actor=actor, data={"email": user.email}
    )
    return user.email


async def reset_password(
    organisation_id: uuid.UUID,
    user_id: uuid.UUID,
    password: str,
    *,
    actor_id: uuid.UUID,
    actor: str,
) -> str:
    """Give another user a new password (handed over in person): it unlocks the account and
    ends their sessions. Your own password is not changed here: you would be signed out."""
    user = await organisation_user(organisation_id, user_id)
    if user.id == actor_id:
        raise Invalid("Your own password is not set here. Ask another administrator.")
    await set_password(user.email, password)
    await audit.record(
        organisation_id, "designer.user_password_set", actor=actor, data={"email": user.email}
    )
    return user.email


async def reset_two_step(
    organisation_id: uuid.UUID, user_id: uuid.UUID, *, actor_id: uuid.UUID, actor: str
) -> str:
    """Turn off another user's two-step verification (a lost phone): they sign in with their
    password alone until they turn it on again. Your own is turned off on your account page,
    with your password and a code."""
    user = await organisation_user(organisation_id, user_id)
    if user.id == actor_id:
        raise Invalid("Turn off your own two-step verification on Your account.")
    if user.totp_secret:
        await two_step.turn_off(user.id)
        await DesignerLoginChallenge.delete().where(DesignerLoginChallenge.user == user.id)
        await audit.record(
            organisation_id, "designer.user_two_step_reset", actor=actor, data={"email": user.email}
        )
    return user.email


async def organisation_user(organisation_id: uuid.UUID, user_id: uuid.UUID) -> DesignerUser:
    """The user `user_id` of `organisation_id`; another organisation's user is NotFound."""
    user = (
        await DesignerUser.objects()
        .where((DesignerUser.id == user_id) & (DesignerUser.organisation == organisation_id))
        .first()
    )
    if user is None:
        raise NotFound("There is no such user in your organisation.")
    return user


async def _keep_an_admin(organisation_id: uuid.UUID, leaving: DesignerUser) -> None:
    """Refuse to remove the last active admin. Runs inside the change's transaction: SQLite
    holds the write lock from BEGIN; on PostgreSQL the admins' rows are locked first, so two
    admins demoting each other at the same moment cannot both pass this check."""
    if uses_postgres():
        await DesignerUser.raw(
            "SELECT id FROM designer_user WHERE organisation = {} AND role = {} FOR UPDATE",
            organisation_id,
            ADMIN,
        )
    others = await DesignerUser.count().where(
        (DesignerUser.organisation == organisation_id)
        & (DesignerUser.role == ADMIN)
        & (DesignerUser.active == True)  # noqa: E712 - a piccolo expression
        & (DesignerUser.id != leaving.id)
    )
    if others == 0:
        row = await Organisation.select(Organisation.name).where(Organisation.id == organisation_id)
        name = row[0]["name"] if row else "the organisation"
        message = LAST_ADMIN.format(email=leaving.email, organisation=name)
        raise Conflict(message, extra={"refusal": "last_admin"})
