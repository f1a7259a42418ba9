"""Creating authors and signing them in, with rate limits and lock-outs (SECURITY.md 15).

Every limit lives in the database, so it holds across app processes and restarts:
- one address may fail `designer_login_ip_limit` times per window;
- an account (or an unknown email) is locked after `designer_login_max_failures` wrong
  passwords in a row, for `designer_lockout_minutes`;
- each failure, lock-out and sign-in is recorded in the organisation's audit trail.
A wrong email and a wrong password get the same answer and cost the same argon2 time.
"""

import asyncio
import datetime as dt
import uuid
from dataclasses import dataclass

from designer.accounts import sessions
from designer.accounts.passwords import hash_password, password_problem, verify_password
from designer.accounts.roles import ADMIN, ROLES, valid_role
from designer.tables import DesignerInvitation, DesignerLoginChallenge, DesignerUser, LoginAttempt
from runtime import audit
from runtime.clock import utcnow
from runtime.errors import Invalid
from runtime.settings import Settings
from runtime.tokens import hash_token, new_token

WINDOW = dt.timedelta(minutes=15)
KEEP_ATTEMPTS = dt.timedelta(days=1)
WRONG = "The email address or password is not right. Check them and try again."
DEACTIVATED = (
    "Your designer account is deactivated. Ask an administrator of your organisation if you "
    "need it again."
)


class LoginRefused(Exception):
    """A sign-in that did not succeed; `message` is safe to show, `status` is the HTTP code."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


@dataclass(frozen=True)
class SignedIn:
    token: str
    max_age: int


@dataclass(frozen=True)
class SecondStep:
    """The password was right; the two-step code is asked for on /designer/login/code.
    `token` goes in its own short-lived cookie (never the session cookie)."""

    token: str
    max_age: int


CHALLENGE_LIFETIME = dt.timedelta(minutes=5)


async def start_challenge(user_id: uuid.UUID, ip: str, next_path: str) -> SecondStep:
    """Half signed in for five minutes: it grants nothing, only the code page reads it."""
    token = new_token()
    await DesignerLoginChallenge.delete().where(
        (DesignerLoginChallenge.user == user_id)
        | (DesignerLoginChallenge.expires_at < utcnow() - KEEP_ATTEMPTS)
    )
    await DesignerLoginChallenge(
        user=user_id,
        token_hash=hash_token(token),
        next_path=next_path[:500],
        ip=ip,
        expires_at=utcnow() + CHALLENGE_LIFETIME,
    ).save()
    return SecondStep(token=token, max_age=int(CHALLENGE_LIFETIME.total_seconds()))


def normalise_email(email: str) -> str:
    return email.strip().lower()[:254]


async def create_user(
    organisation_id: uuid.UUID,
    email: str,
    password: str,
    *,
    name: str = "",
    role: str = ADMIN,
    allow_no_password: bool = False,
    oidc_subject: str = "",
    settings: Settings | None = None,
) -> uuid.UUID:
    """A new designer user in `organisation_id`; refuses a taken email or a weak password.

    With `allow_no_password` an empty password is accepted: that user can only sign in
    through single sign-on (or after an administrator sets a password). `settings` choose
    the argon2 parameters (`password_hashing`); without them this process's settings do.
    """
    email = normalise_email(email)
    if "@" not in email or email.startswith("@") or email.endswith("@"):
        raise Invalid("Enter an email address, like name@example.com.")
    if valid_role(role) is None:
        raise Invalid(f"Choose a role: {', '.join(ROLES)}.")
    problem = password_problem(password) if password or not allow_no_password else None
    if problem:
        raise Invalid(problem)
    if await DesignerUser.exists().where(DesignerUser.email == email):
        raise Invalid(f"There is already a user with the email address {email}.")
    user = DesignerUser(
        organisation=organisation_id,
        email=email,
        name=name.strip()[:200],
        role=valid_role(role),
        oidc_subject=oidc_subject,
        password_hash=(
            await asyncio.to_thread(hash_password, password, settings) if password else ""
        ),
    )
    await user.save()
    return user.id


async def set_password(email: str, password: str, settings: Settings | None = None) -> None:
    """Replace a password, unlock the account, end its sessions and any emailed link to choose
    one that is still open (for `createuser` and an administrator's "Set a new password")."""
    problem = password_problem(password)
    if problem:
        raise Invalid(problem)
    user = await DesignerUser.objects().where(DesignerUser.email == normalise_email(email)).first()
    if user is None:
        raise Invalid(f"No author has the email address {email}.")
    await DesignerUser.update(
        {
            DesignerUser.password_hash: await asyncio.to_thread(hash_password, password, settings),
            DesignerUser.failed_logins: 0,
            DesignerUser.locked_until: None,
        }
    ).where(DesignerUser.id == user.id)
    await DesignerInvitation.delete().where(DesignerInvitation.user == user.id)
    await sessions.end_all(user.id)


async def sign_in(
    settings: Settings, email: str, password: str, ip: str, next_path: str = "/designer/"
) -> SignedIn | SecondStep:
    """Check the password and open a session (or, with two-step verification on, ask for
    the code: `SecondStep`), or raise LoginRefused."""
    email = normalise_email(email)
    now = utcnow()
    await check_address(settings, ip, now)
    user = await DesignerUser.objects().where(DesignerUser.email == email).first()
    lockout = dt.timedelta(minutes=settings.designer_lockout_minutes)
    if await locked(settings, user, email, now, lockout):
        await record_attempt(email, ip, ok=False)
        if user is not None:
            await audit.record(user.organisation, "designer.login_refused", actor=email, ip=ip)
        raise LoginRefused(locked_message(settings), status=429)
    stored = user.password_hash if user else None
    ok = await asyncio.to_thread(verify_password, stored, password, settings)
    if ok and user is not None and not user.active:
        # Said only to someone who knows the password: a wrong one gets the usual answer.
        await record_attempt(email, ip, ok=False)
        await audit.record(user.organisation, "designer.login_refused", actor=email, ip=ip)
        raise LoginRefused(DEACTIVATED, status=403)
    await record_attempt(email, ip, ok=ok)
    if user is None or not ok:
        if user is not None:
            await count_failure(settings, user, ip, now, lockout)
        raise LoginRefused(WRONG)
    if user.totp_secret:
        # Half signed in: no session until the code (two_step_login.py); wrong passwords
        # before it stay counted, so the lock-out covers the password and the code together.
        await audit.record(user.organisation, "designer.two_step_asked", actor=email, ip=ip)
        return await start_challenge(user.id, ip, next_path)
    return await open_session(settings, user, ip)


async def open_session(settings: Settings, user: DesignerUser, ip: str, **data: object) -> SignedIn:
    """The end of a sign-in: failures forgotten, `designer.login` audited, a new session."""
    now = utcnow()
    await DesignerUser.update(
        {
            DesignerUser.failed_logins: 0,
            DesignerUser.locked_until: None,
            DesignerUser.last_login_at: now,
        }
    ).where(DesignerUser.id == user.id)
    await audit.record(
        user.organisation, "designer.login", actor=user.email, ip=ip, data=dict(data) or None
    )
    hours = settings.designer_session_hours
    token = await sessions.start(user.id, ip, dt.timedelta(hours=hours))
    return SignedIn(token=token, max_age=hours * 3600)


async def check_address(settings: Settings, ip: str, now: dt.datetime) -> None:
    recent = await LoginAttempt.count().where(
        (LoginAttempt.ip == ip)
        & (LoginAttempt.ok == False)  # noqa: E712 - a piccolo expression
        & (LoginAttempt.created_at > now - WINDOW)
    )
    if recent >= settings.designer_login_ip_limit:
        raise LoginRefused(
            "There have been too many sign-in attempts from your network. Wait 15 minutes "
            "and try again.",
            status=429,
        )


async def locked(
    settings: Settings,
    user: DesignerUser | None,
    email: str,
    now: dt.datetime,
    lockout: dt.timedelta,
) -> bool:
    if user is not None:
        return user.locked_until is not None and user.locked_until > now
    # Unknown emails lock the same way, so a lock-out does not tell who has an account.
    failures = await LoginAttempt.count().where(
        (LoginAttempt.email == email)
        & (LoginAttempt.ok == False)  # noqa: E712 - a piccolo expression, not a comparison
        & (LoginAttempt.created_at > now - lockout)
    )
    return failures >= settings.designer_login_max_failures


async def count_failure(
    settings: Settings,
    user: DesignerUser,
    ip: str,
    now: dt.datetime,
    lockout: dt.timedelta,
    action: str = "designer.login_failed",
) -> None:
    """One more wrong password (or two-step code: `action`) in a row; the last one allowed
    locks the account and ends its sessions and half-finished sign-ins."""
    await DesignerUser.update({DesignerUser.failed_logins: DesignerUser.failed_logins + 1}).where(
        DesignerUser.id == user.id
    )
    row = await DesignerUser.select(DesignerUser.failed_logins).where(DesignerUser.id == user.id)
    failures = row[0]["failed_logins"]
    await audit.record(
        user.organisation,
        action,
        actor=user.email,
        ip=ip,
        data={"failures_in_a_row": failures},
    )
    if failures >= settings.designer_login_max_failures:
        await DesignerUser.update(
            {DesignerUser.locked_until: now + lockout, DesignerUser.failed_logins: 0}
        ).where(DesignerUser.id == user.id)
        await sessions.end_all(user.id)
        await DesignerLoginChallenge.delete().where(DesignerLoginChallenge.user == user.id)
        await audit.record(
            user.organisation,
            "designer.account_locked",
            actor=user.email,
            ip=ip,
            data={"minutes": settings.designer_lockout_minutes},
        )


async def record_attempt(email: str, ip: str, *, ok: bool) -> None:
    await LoginAttempt(email=email, ip=ip, ok=ok).save()
    await LoginAttempt.delete().where(LoginAttempt.created_at < utcnow() - KEEP_ATTEMPTS)


def locked_message(settings: Settings) -> str:
    return (
        "This account is locked after too many wrong passwords or codes. Wait "
        f"{settings.designer_lockout_minutes} minutes and try again, or ask an administrator "
        "to reset the password."
    )
