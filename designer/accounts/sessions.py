"""Server-side sessions in the database: any app process can read them, logout ends them.

The cookie holds a 256-bit random token; only its sha256 is stored. Sign-in always starts
a new session (no fixation), and locking or resetting an account ends all of its sessions.
"""

import datetime as dt
import uuid
from dataclasses import dataclass

from litestar.datastructures import Cookie

from designer.accounts.roles import can
from designer.tables import DesignerSession, DesignerUser
from runtime.clock import utcnow
from runtime.settings import Settings
from runtime.tokens import hash_token, new_token

COOKIE = "formseal_session"
MAX_TOKEN_LENGTH = 100
SEEN_EVERY = dt.timedelta(minutes=5)


def session_cookie(settings: Settings, token: str, max_age: int) -> Cookie:
    """The session cookie as every sign-in sets it (and logout clears it: empty, max_age 0):
    one place for its attributes, so password, invitation and SSO sign-ins cannot drift."""
    return Cookie(
        key=COOKIE,
        value=token,
        max_age=max_age,
        path="/",
        httponly=True,
        secure=settings.secure_cookies,
        samesite="lax",
    )


@dataclass(frozen=True)
class SessionUser:
    """Who is signed in: enough to scope every query to their organisation."""

    id: uuid.UUID
    organisation_id: uuid.UUID
    organisation_name: str
    email: str
    name: str
    session_id: uuid.UUID
    role: str = "admin"
    must_turn_on_two_step: bool = False
    """Their organisation requires two-step verification for password sign-in, they sign in
    with a password only (no single sign-on) and have not turned it on: until they do, only
    Your account answers (guards.py)."""

    @property
    def display_name(self) -> str:
        return self.name or self.email

    def can(self, action: str) -> bool:
        """May this user do `action` ("author", "send", "admin")? Templates use it too."""
        return can(self.role, action)


async def start(user_id: uuid.UUID, ip: str, lifetime: dt.timedelta) -> str:
    token = new_token()
    await DesignerSession(
        user=user_id, token_hash=hash_token(token), expires_at=utcnow() + lifetime, ip=ip
    ).save()
    await DesignerSession.delete().where(DesignerSession.expires_at < utcnow())
    return token


async def lookup(token: str) -> SessionUser | None:
    """The signed-in user for a cookie token; None when unknown, expired or deactivated."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    row = (
        await DesignerSession.select(
            DesignerSession.id,
            DesignerSession.expires_at,
            DesignerSession.last_seen_at,
            DesignerSession.user.id.as_alias("user_id"),
            DesignerSession.user.email.as_alias("email"),
            DesignerSession.user.name.as_alias("name"),
            DesignerSession.user.active.as_alias("active"),
            DesignerSession.user.role.as_alias("role"),
            DesignerSession.user.organisation.id.as_alias("organisation_id"),  # type: ignore[union-attr]
            DesignerSession.user.organisation.name.as_alias("organisation_name"),  # type: ignore[union-attr]
            DesignerSession.user.organisation.require_two_step.as_alias("required"),  # type: ignore[union-attr]
            DesignerSession.user.totp_secret.as_alias("totp_secret"),
            DesignerSession.user.password_hash.as_alias("password_hash"),
            DesignerSession.user.oidc_subject.as_alias("oidc_subject"),
        )
        .where(DesignerSession.token_hash == hash_token(token))
        .first()
    )
    now = utcnow()
    if row is None or row["expires_at"] <= now or not row["active"]:
        return None
    if row["last_seen_at"] < now - SEEN_EVERY:
        await DesignerSession.update({DesignerSession.last_seen_at: now}).where(
            DesignerSession.id == row["id"]
        )
    return SessionUser(
        id=row["user_id"],
        organisation_id=row["organisation_id"],
        organisation_name=row["organisation_name"],
        email=row["email"],
        name=row["name"],
        session_id=row["id"],
        role=row["role"],
        must_turn_on_two_step=bool(
            row["required"]
            and row["password_hash"]
            and not row["oidc_subject"]
            and not row["totp_secret"]
        ),
    )


async def end(token: str) -> None:
    if token and len(token) <= MAX_TOKEN_LENGTH:
        await DesignerSession.delete().where(DesignerSession.token_hash == hash_token(token))


async def end_all(user_id: uuid.UUID) -> None:
    await DesignerSession.delete().where(DesignerSession.user == user_id)


__all__ = [
    "COOKIE",
    "DesignerUser",
    "SessionUser",
    "end",
    "end_all",
    "lookup",
    "session_cookie",
    "start",
]
