"""Two-step verification with an authenticator app (TOTP, RFC 6238) for designer users who
sign in with a password (docs/decisions/0012-two-step-verification.md).

- The app's secret is stored encrypted (AES-GCM) with a key derived by HKDF from the
  installation's secret key and the purpose label below; the user's id is the associated
  data, so a secret copied onto another user's row does not decrypt. A changed secret key
  makes every stored secret unreadable: those users sign in with a recovery code, or an
  administrator turns two-step verification off for them.
- A code is accepted for the current 30-second step and one step either side (clock
  drift), and only for a step later than the last one accepted: each code works once.
- Ten recovery codes are made when it is turned on (and on demand); only their sha256 is
  stored, and one used is deleted.

Checking a code here never counts failures: the sign-in (two_step_login.py) and the account
screen's forms do that with the sign-in's lock-out rules (service.py).
"""

import base64
import hmac
import os
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime

import pyotp
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from designer.tables import DesignerRecoveryCode, DesignerUser
from runtime.clock import utcnow
from runtime.settings import Settings
from runtime.tokens import hash_token

PURPOSE = b"formseal designer two-step secret v1"
PREFIX = "v1:"
STEP_SECONDS = 30
DRIFT_STEPS = 1
RECOVERY_CODES = 10
ISSUER = "formseal"
RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i


class SecretUnreadable(Exception):
    """The stored secret does not decrypt: the installation's secret key has changed."""


@dataclass(frozen=True)
class Status:
    on: bool
    pending: bool
    has_password: bool
    sso: bool
    enabled_at: datetime | None
    recovery_left: int


def _key(settings: Settings) -> bytes:
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=PURPOSE)
    return hkdf.derive(settings.resolved_secret_key().encode())


def encrypt(settings: Settings, user_id: uuid.UUID, secret: str) -> str:
    nonce = os.urandom(12)
    sealed = AESGCM(_key(settings)).encrypt(nonce, secret.encode(), user_id.bytes)
    return PREFIX + base64.urlsafe_b64encode(nonce + sealed).decode()


def decrypt(settings: Settings, user_id: uuid.UUID, stored: str) -> str:
    if not stored.startswith(PREFIX):
        raise SecretUnreadable
    try:
        raw = base64.urlsafe_b64decode(stored[len(PREFIX) :].encode())
        return AESGCM(_key(settings)).decrypt(raw[:12], raw[12:], user_id.bytes).decode()
    except (InvalidTag, ValueError) as exc:
        raise SecretUnreadable from exc


def new_secret() -> str:
    return pyotp.random_base32()  # 160 bits, as RFC 4226 recommends


def grouped(secret: str) -> str:
    """The secret in groups of four, for typing into an app by hand."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def setup_uri(secret: str, email: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name=ISSUER)


def current_step() -> int:
    return int(utcnow().timestamp()) // STEP_SECONDS


def clean_code(code: str) -> str:
    """What was typed, without spaces and dashes (apps show '123 456')."""
    return "".join(c for c in code if not c.isspace() and c != "-").lower()


def matching_step(secret: str, code: str) -> int | None:
    """The time step (now ±1) whose code `code` is, or None."""
    code = clean_code(code)
    if len(code) != 6 or not code.isdigit():
        return None
    totp = pyotp.TOTP(secret)
    now = current_step()
    found = None
    for step in range(now - DRIFT_STEPS, now + DRIFT_STEPS + 1):
        if hmac.compare_digest(totp.generate_otp(step), code):
            found = step
    return found


async def take_step(user_id: uuid.UUID, step: int) -> bool:
    """Remember `step` as used; False when it (or a later one) was already used: a replay.
    One conditional UPDATE, so two requests with the same code cannot both pass."""
    taken = (
        await DesignerUser.update({DesignerUser.totp_last_step: step})
        .where((DesignerUser.id == user_id) & (DesignerUser.totp_last_step < step))
        .returning(DesignerUser.id)
    )
    return bool(taken)


def looks_like_recovery_code(code: str) -> bool:
    cleaned = clean_code(code)
    return len(cleaned) == 10 and not cleaned.isdigit()


async def use_recovery_code(user_id: uuid.UUID, code: str) -> bool:
    """Use up a recovery code: True when it was one of theirs (now deleted)."""
    cleaned = clean_code(code)
    if len(cleaned) != 10:
        return False
    used = (
        await DesignerRecoveryCode.delete()
        .where(
            (DesignerRecoveryCode.user == user_id)
            & (DesignerRecoveryCode.code_hash == hash_token(cleaned))
        )
        .returning(DesignerRecoveryCode.id)
    )
    return bool(used)


async def new_recovery_codes(user_id: uuid.UUID) -> list[str]:
    """Ten new recovery codes ('abcde-fghjk', 50 bits each); earlier ones stop working."""
    codes = ["".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(10)) for _ in range(10)]
    await DesignerRecoveryCode.delete().where(DesignerRecoveryCode.user == user_id)
    await DesignerRecoveryCode.insert(
        *[DesignerRecoveryCode(user=user_id, code_hash=hash_token(c)) for c in codes]
    )
    return [f"{c[:5]}-{c[5:]}" for c in codes]


async def recovery_left(user_id: uuid.UUID) -> int:
    return await DesignerRecoveryCode.count().where(DesignerRecoveryCode.user == user_id)


async def status(user_id: uuid.UUID) -> Status:
    row = (
        await DesignerUser.select(
            DesignerUser.totp_secret,
            DesignerUser.totp_pending,
            DesignerUser.totp_enabled_at,
            DesignerUser.password_hash,
            DesignerUser.oidc_subject,
        )
        .where(DesignerUser.id == user_id)
        .first()
    )
    if row is None:
        return Status(False, False, False, False, None, 0)
    on = bool(row["totp_secret"])
    return Status(
        on=on,
        pending=bool(row["totp_pending"]),
        has_password=bool(row["password_hash"]),
        sso=bool(row["oidc_subject"]),
        enabled_at=row["totp_enabled_at"],
        recovery_left=await recovery_left(user_id) if on else 0,
    )


async def turn_off(user_id: uuid.UUID) -> None:
    """Forget the secret, the pending one and the recovery codes (the user or an admin)."""
    await DesignerUser.update(
        {
            DesignerUser.totp_secret: "",
            DesignerUser.totp_pending: "",
            DesignerUser.totp_last_step: 0,
            DesignerUser.totp_enabled_at: None,
        }
    ).where(DesignerUser.id == user_id)
    await DesignerRecoveryCode.delete().where(DesignerRecoveryCode.user == user_id)


async def verify(settings: Settings, user_id: uuid.UUID, stored_secret: str, code: str) -> str:
    """Check a code from the app or a recovery code, using it up: "app", "recovery", or why
    not: "wrong", "used" (a replay of an accepted code), "unreadable" (SecretUnreadable)."""
    if looks_like_recovery_code(code):
        return "recovery" if await use_recovery_code(user_id, code) else "wrong"
    try:
        secret = decrypt(settings, user_id, stored_secret)
    except SecretUnreadable:
        return "unreadable"
    step = matching_step(secret, code)
    if step is None:
        return "wrong"
    return "app" if await take_step(user_id, step) else "used"
