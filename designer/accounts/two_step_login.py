"""The sign-in's second step: after the right password of a user with two-step verification,
the code from their app (or a recovery code, then used up) opens the session.

Between the two the browser holds only `CHALLENGE_COOKIE`, a random token whose sha256 is a
`DesignerLoginChallenge` row: it is no session, so no designer page or API answers to it,
and it expires after five minutes. A wrong code counts as a wrong password does
(service.py): towards the address's rate limit and the account's lock-out, audited as
`designer.two_step_failed`.
"""

import datetime as dt
from dataclasses import dataclass

from litestar.datastructures import Cookie

from designer.accounts import service, two_step
from designer.tables import DesignerLoginChallenge, DesignerUser
from runtime import audit
from runtime.clock import utcnow
from runtime.settings import Settings
from runtime.tokens import hash_token

CHALLENGE_COOKIE = "formseal_two_step"
CODE_PATH = "/designer/login/code"

WRONG_CODE = (
    "That code is not right. Enter the 6-digit code your authenticator app shows for "
    "formseal now, or one of your recovery codes."
)
USED_CODE = (
    "That code has already been used. Wait for your app to show the next code (a new one "
    "every 30 seconds) and enter it."
)
UNREADABLE = (
    "Codes from your app cannot be checked on this server: its secret key has changed since "
    "you turned two-step verification on. Sign in with one of your recovery codes, or ask an "
    "administrator of your organisation to turn two-step verification off for you."
)
EXPIRED = (
    "You took more than 5 minutes to enter the code, or signed in elsewhere since. Sign in "
    "with your password again."
)
EMPTY = "Enter the 6-digit code from your authenticator app, or a recovery code."


def challenge_cookie(settings: Settings, token: str, max_age: int) -> Cookie:
    return Cookie(
        key=CHALLENGE_COOKIE,
        value=token,
        max_age=max_age,
        path="/designer/login",
        httponly=True,
        secure=settings.secure_cookies,
        samesite="strict",
    )


@dataclass(frozen=True)
class Waiting:
    """A half-finished sign-in, for the code page."""

    email: str
    next_path: str


async def _challenge(token: str) -> dict | None:
    if not token or len(token) > 100:
        return None
    row = (
        await DesignerLoginChallenge.select(
            DesignerLoginChallenge.id,
            DesignerLoginChallenge.expires_at,
            DesignerLoginChallenge.next_path,
            DesignerLoginChallenge.user.id.as_alias("user_id"),
            DesignerLoginChallenge.user.email.as_alias("email"),
        )
        .where(DesignerLoginChallenge.token_hash == hash_token(token))
        .first()
    )
    if row is None or row["expires_at"] <= utcnow():
        return None
    return row


async def waiting(token: str) -> Waiting | None:
    """The sign-in waiting for a code, or None (unknown, expired or finished)."""
    row = await _challenge(token)
    return Waiting(email=row["email"], next_path=row["next_path"]) if row else None


async def finish(
    settings: Settings, token: str, code: str, ip: str
) -> tuple[service.SignedIn, str, int | None]:
    """Check the code and open the session: (signed in, where to, recovery codes left when a
    recovery code was used). Raises service.LoginRefused, with EXPIRED when there is no
    sign-in waiting (the page then sends the person back to the password)."""
    now = utcnow()
    await service.check_address(settings, ip, now)
    row = await _challenge(token)
    if row is None:
        raise service.LoginRefused(EXPIRED, status=410)
    user = await DesignerUser.objects().where(DesignerUser.id == row["user_id"]).first()
    if user is None or not user.active or not user.totp_secret:
        await DesignerLoginChallenge.delete().where(DesignerLoginChallenge.id == row["id"])
        raise service.LoginRefused(EXPIRED, status=410)
    lockout = dt.timedelta(minutes=settings.designer_lockout_minutes)
    if await service.locked(settings, user, user.email, now, lockout):
        await DesignerLoginChallenge.delete().where(DesignerLoginChallenge.id == row["id"])
        await service.record_attempt(user.email, ip, ok=False)
        await audit.record(user.organisation, "designer.login_refused", actor=user.email, ip=ip)
        raise service.LoginRefused(service.locked_message(settings), status=429)
    if not two_step.clean_code(code):
        raise service.LoginRefused(EMPTY)
    outcome = await two_step.verify(settings, user.id, user.totp_secret, code)
    if outcome not in ("app", "recovery"):
        await _refuse(settings, user, ip, now, lockout, outcome)
    await DesignerLoginChallenge.delete().where(DesignerLoginChallenge.id == row["id"])
    await service.record_attempt(user.email, ip, ok=True)
    left = await two_step.recovery_left(user.id) if outcome == "recovery" else None
    data: dict[str, object] = {"two_step": "recovery code" if left is not None else "app"}
    if left is not None:
        data["recovery_codes_left"] = left
    signed_in = await service.open_session(settings, user, ip, **data)
    return signed_in, row["next_path"], left


async def _refuse(
    settings: Settings,
    user: DesignerUser,
    ip: str,
    now: dt.datetime,
    lockout: dt.timedelta,
    outcome: str,
) -> None:
    """A wrong or replayed code: counted and audited like a wrong password. A code that
    cannot be checked (the secret key changed) is not counted: no code could pass."""
    if outcome == "unreadable":
        await audit.record(
            user.organisation, "designer.two_step_unreadable", actor=user.email, ip=ip
        )
        raise service.LoginRefused(UNREADABLE, status=409)
    await service.record_attempt(user.email, ip, ok=False)
    await service.count_failure(settings, user, ip, now, lockout, action="designer.two_step_failed")
    still = await DesignerUser.select(DesignerUser.locked_until).where(DesignerUser.id == user.id)
    if still and still[0]["locked_until"] is not None and still[0]["locked_until"] > now:
        raise service.LoginRefused(service.locked_message(settings), status=429)
    raise service.LoginRefused(USED_CODE if outcome == "used" else WRONG_CODE)
