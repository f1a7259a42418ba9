"""Proving who opens a signing link: a one-time code by email or SMS, or an access code.

Codes are 6 digits, stored only as a keyed hash, valid for 10 minutes and used once. Wrong
codes count against the recipient: after 5 in a row the check is locked for 15 minutes,
and each further lock-out of the same recipient lasts twice as long as the one before (at
most a day), so a leaked link cannot be used to guess a short access code in a few days.
Every step is in the envelope's audit trail. A passed check moves the recipient to
`verified` and gives this browser a signed cookie, so the check applies to whoever opens
the link: a second device must pass it again.
"""

import datetime as dt
import hashlib
import hmac
import secrets
import uuid
from dataclasses import dataclass
from typing import Any

from argon2.exceptions import InvalidHashError, VerificationError

from runtime import audit
from runtime.clock import utcnow
from runtime.envelopes.states import IllegalTransition, move_recipient
from runtime.identity.sms import SmsError, sms_provider
from runtime.mail.compose import compose
from runtime.mail.transport import deliver, outbox_file
from runtime.settings import Settings
from runtime.slow_hash import hasher_for
from runtime.tables import AuditEvent, IdentityCode, Recipient

METHODS = ("email_code", "sms_code", "access_code")
RESEND_SECONDS = 30
#: codes one recipient may be sent in 24 hours: a leaked link could otherwise have a code
#: mailed or texted every 30 seconds, 2 880 a day (each text message is paid for)
MAX_CODES_PER_DAY = 10
MAX_LOCKOUT_MINUTES = 24 * 60
COOKIE_HOURS = 12


class IdentityLocked(Exception):
    """Too many wrong codes: the check is locked until `until`."""

    def __init__(self, until: dt.datetime) -> None:
        super().__init__(until.isoformat())
        self.until = until


class CodeNotSent(Exception):
    """The code could not be sent (too soon after the last one, or the provider failed)."""


def hash_access_code(code: str, settings: Settings | None = None) -> str:
    """Access codes are chosen by people, so they get a slow hash (argon2, runtime.slow_hash)."""
    return hasher_for(settings).hash(normalise_access_code(code))


def normalise_access_code(code: str) -> str:
    """Spaces and capital letters don't matter: "blue-42" opens a link whose code is "BLUE 42"
    (docs/security.md weighs the smaller code space against signers locked out by a typo)."""
    return " ".join(code.split()).casefold()


def _access_code_candidates(code: str) -> list[str]:
    """What one typed code is checked as: its normal form first; codes hashed before capitals
    stopped mattering were hashed as the sender typed them, so the code as typed and in
    capitals are tried too. Still one attempt against the lock-out, whatever the count."""
    spaced = " ".join(code.split())
    candidates = [normalise_access_code(code), spaced, spaced.upper()]
    return list(dict.fromkeys(candidates))


def _code_hash(settings: Settings, recipient_id: Any, code: str) -> str:
    key = settings.resolved_secret_key().encode()
    return hmac.new(
        key, f"identity-code:{recipient_id}:{code}".encode(), hashlib.sha256
    ).hexdigest()


def mask_email(address: str) -> str:
    local, _, domain = address.partition("@")
    return f"{local[:1]}•••@{domain}" if domain else "•••"


def mask_phone(number: str) -> str:
    digits = [c for c in number if c.isdigit()]
    return "•••• " + "".join(digits[-3:]) if len(digits) >= 3 else "••••"


def _actor(recipient: dict[str, Any]) -> str:
    return audit.recipient_actor(recipient)


async def _record(
    recipient: dict[str, Any], org: uuid.UUID, action: str, ip: str, **data: Any
) -> None:
    await audit.record(
        org,
        action,
        envelope_id=recipient["envelope"],
        actor=_actor(recipient),
        ip=ip,
        data={"recipient_id": str(recipient["id"]), **data},
    )


def locked_until(recipient: dict[str, Any]) -> dt.datetime | None:
    until = recipient.get("identity_locked_until")
    return until if until is not None and until > utcnow() else None


async def send_code(
    settings: Settings,
    recipient: dict[str, Any],
    organisation_id: uuid.UUID,
    method: str,
    *,
    subject_context: dict[str, Any],
    sms_text: str,
    ip: str = "",
) -> str:
    """Create a new code (older ones stop working) and send it; returns the masked address."""
    until = locked_until(recipient)
    if until:
        raise IdentityLocked(until)
    now = utcnow()
    last = (
        await IdentityCode.select(IdentityCode.created_at)
        .where(IdentityCode.recipient == recipient["id"])
        .order_by(IdentityCode.created_at, ascending=False)
        .first()
    )
    if last and (now - last["created_at"]).total_seconds() < RESEND_SECONDS:
        raise CodeNotSent("too soon")
    today = await IdentityCode.count().where(
        (IdentityCode.recipient == recipient["id"])
        & (IdentityCode.created_at > now - dt.timedelta(days=1))
    )
    if today >= MAX_CODES_PER_DAY:
        raise CodeNotSent("too many")
    code = f"{secrets.randbelow(1_000_000):06d}"
    await IdentityCode.update({IdentityCode.used_at: now}).where(
        (IdentityCode.recipient == recipient["id"]) & IdentityCode.used_at.is_null()
    )
    await IdentityCode(
        recipient=recipient["id"],
        method=method,
        code_hash=_code_hash(settings, recipient["id"], code),
        expires_at=now + dt.timedelta(minutes=settings.identity_code_minutes),
        created_at=now,
    ).save()
    if method == "email_code":
        to = mask_email(recipient["email"])
        message = compose(
            settings,
            "identity_code",
            to_name=recipient["name"],
            to_email=recipient["email"],
            sender_name=subject_context.get("sender_name", "formseal"),
            context={**subject_context, "code": code, "minutes": settings.identity_code_minutes},
            brand=subject_context.get("brand"),
        )
        where = await deliver(settings, message)
    else:
        to = mask_phone(recipient["phone"])
        try:
            where = await sms_provider(settings).send(recipient["phone"], sms_text % {"code": code})
        except SmsError as exc:
            await _record(
                recipient,
                organisation_id,
                "identity.code_failed",
                ip,
                method=method,
                reason=str(exc),
            )
            raise CodeNotSent(str(exc)) from None
    await _record(
        recipient,
        organisation_id,
        "identity.code_sent",
        ip,
        method=method,
        to=to,
        via=where.split("/")[0],
        **outbox_file(where),
    )
    return to


@dataclass
class CheckResult:
    ok: bool
    attempts_left: int = 0
    locked_until: dt.datetime | None = None
    expired: bool = False


async def _failed(
    settings: Settings, recipient: dict[str, Any], org: uuid.UUID, method: str, ip: str, why: str
) -> CheckResult:
    rows = (
        await Recipient.update({Recipient.identity_failures: Recipient.identity_failures + 1})
        .where(Recipient.id == recipient["id"])
        .returning(Recipient.identity_failures)
    )
    failures = rows[0]["identity_failures"] if rows else settings.identity_max_failures
    await _record(
        recipient, org, "identity.failed", ip, method=method, reason=why, failures=failures
    )
    if failures >= settings.identity_max_failures:
        until = utcnow() + dt.timedelta(minutes=await _lockout_minutes(settings, recipient))
        await Recipient.update(
            {Recipient.identity_failures: 0, Recipient.identity_locked_until: until}
        ).where(Recipient.id == recipient["id"])
        await _record(recipient, org, "identity.locked", ip, method=method, until=until.isoformat())
        return CheckResult(False, 0, until)
    return CheckResult(False, settings.identity_max_failures - failures, expired=why == "expired")


async def _lockout_minutes(settings: Settings, recipient: dict[str, Any]) -> int:
    """FORMSEAL_IDENTITY_LOCKOUT_MINUTES, doubled for every earlier lock-out of this
    recipient (counted in the audit trail), at most a day: with a fixed wait, 5 guesses
    every 15 minutes find a 4-digit access code in about a week."""
    rows = (
        await AuditEvent.select(AuditEvent.data)
        .where(
            (AuditEvent.envelope == recipient["envelope"])
            & (AuditEvent.action == "identity.locked")
        )
        .output(load_json=True)
    )
    earlier = sum(1 for row in rows if row["data"].get("recipient_id") == str(recipient["id"]))
    return min(settings.identity_lockout_minutes * 2 ** min(earlier, 16), MAX_LOCKOUT_MINUTES)


async def _passed(
    recipient: dict[str, Any], org: uuid.UUID, method: str, ip: str, user_agent: str
) -> CheckResult:
    await Recipient.update(
        {Recipient.identity_failures: 0, Recipient.identity_locked_until: None}
    ).where(Recipient.id == recipient["id"])
    await _record(recipient, org, "identity.verified", ip, method=method)
    if recipient["status"] == "viewed":
        try:
            await move_recipient(
                recipient, org, "verified", ip=ip, user_agent=user_agent, data={"method": method}
            )
            recipient["status"] = "verified"
        except IllegalTransition:
            pass
    return CheckResult(True)


async def check_code(
    settings: Settings,
    recipient: dict[str, Any],
    organisation_id: uuid.UUID,
    method: str,
    code: str,
    *,
    ip: str = "",
    user_agent: str = "",
) -> CheckResult:
    """Compare a typed code with the latest one sent; counts failures and locks."""
    until = locked_until(recipient)
    if until:
        raise IdentityLocked(until)
    typed = "".join(code.split())
    row = (
        await IdentityCode.select()
        .where((IdentityCode.recipient == recipient["id"]) & IdentityCode.used_at.is_null())
        .order_by(IdentityCode.created_at, ascending=False)
        .first()
    )
    if row is None or row["method"] != method:
        return await _failed(settings, recipient, organisation_id, method, ip, "no code sent")
    if row["expires_at"] <= utcnow():
        return await _failed(settings, recipient, organisation_id, method, ip, "expired")
    expected = row["code_hash"]
    if not (
        typed.isdigit()
        and hmac.compare_digest(expected, _code_hash(settings, recipient["id"], typed))
    ):
        return await _failed(settings, recipient, organisation_id, method, ip, "wrong code")
    used = (
        await IdentityCode.update({IdentityCode.used_at: utcnow()})
        .where((IdentityCode.id == row["id"]) & IdentityCode.used_at.is_null())
        .returning(IdentityCode.id)
    )
    if not used:  # the same code typed twice at once: only one of them counts
        return await _failed(settings, recipient, organisation_id, method, ip, "code already used")
    return await _passed(recipient, organisation_id, method, ip, user_agent)


async def check_access_code(
    settings: Settings,
    recipient: dict[str, Any],
    organisation_id: uuid.UUID,
    code: str,
    *,
    ip: str = "",
    user_agent: str = "",
) -> CheckResult:
    until = locked_until(recipient)
    if until:
        raise IdentityLocked(until)
    stored = recipient["access_code_hash"]
    candidates = _access_code_candidates(code)
    matched = next((c for c in candidates if stored and _verifies(settings, stored, c)), None)
    if matched is None:
        return await _failed(settings, recipient, organisation_id, "access_code", ip, "wrong code")
    if matched != candidates[0]:  # an old as-typed hash: re-store it so later checks cost one
        await Recipient.update(
            {Recipient.access_code_hash: hash_access_code(matched, settings)}
        ).where(Recipient.id == recipient["id"], Recipient.access_code_hash == stored)
    return await _passed(recipient, organisation_id, "access_code", ip, user_agent)


def _verifies(settings: Settings, stored_hash: str, candidate: str) -> bool:
    try:
        return hasher_for(settings).verify(stored_hash, candidate)
    except (VerificationError, InvalidHashError):
        return False


def cookie_name(recipient: dict[str, Any]) -> str:
    return f"fs_id_{uuid.UUID(str(recipient['id'])).hex[:16]}"


def _cookie_mac(settings: Settings, recipient: dict[str, Any], issued: int) -> str:
    key = settings.resolved_secret_key().encode()
    body = f"identity-cookie:{recipient['id']}:{recipient['token_salt']}:{issued}"
    return hmac.new(key, body.encode(), hashlib.sha256).hexdigest()


def cookie_value(settings: Settings, recipient: dict[str, Any]) -> str:
    issued = int(utcnow().timestamp())
    return f"{issued}.{_cookie_mac(settings, recipient, issued)}"


def is_verified(settings: Settings, recipient: dict[str, Any], cookies: dict[str, str]) -> bool:
    """True when this browser passed the check for this recipient in the last 12 hours."""
    value = cookies.get(cookie_name(recipient), "")
    issued_text, _, mac = value.partition(".")
    if not issued_text.isdigit():
        return False
    issued = int(issued_text)
    if utcnow().timestamp() - issued > COOKIE_HOURS * 3600:
        return False
    return hmac.compare_digest(mac, _cookie_mac(settings, recipient, issued))
