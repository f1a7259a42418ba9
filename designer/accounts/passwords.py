"""Password hashing with argon2id (parameters: the `password_hashing` setting, runtime.slow_hash)."""

from functools import cache

from argon2.exceptions import InvalidHashError, VerificationError

from runtime.settings import Settings, get_settings
from runtime.slow_hash import hasher, hasher_for

MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 1024


def dummy_hash(settings: Settings | None = None) -> str:
    """Verified when the email is unknown, so a wrong email costs as long as a wrong password.

    Hashed on the first such check, not at import (~0.19 s on every process start): that one
    first check per process also pays for the hashing and takes longer; every later check of
    an unknown email costs one verification, as a known one does."""
    return _dummy_hash((settings or get_settings()).password_hashing)


@cache
def _dummy_hash(profile: str) -> str:
    """One per profile: its verification costs what verifying a real password of it costs."""
    return hasher(profile).hash("formseal-no-such-user")


def hash_password(password: str, settings: Settings | None = None) -> str:
    return hasher_for(settings).hash(password)


def verify_password(
    password_hash: str | None, password: str, settings: Settings | None = None
) -> bool:
    """True when `password` matches; always spends one argon2 verification."""
    if len(password) > MAX_PASSWORD_LENGTH:
        return False
    try:
        stored = password_hash or dummy_hash(settings)
        return hasher_for(settings).verify(stored, password) and bool(password_hash)
    except (VerificationError, InvalidHashError):
        return False


def password_problem(password: str) -> str | None:
    """Why a new password is refused, or None when it is acceptable: which limit it missed
    and both limits (a 5-character one read "too short or too long")."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return (
            f"That password is too short: use at least {MIN_PASSWORD_LENGTH} characters "
            f"(and at most {MAX_PASSWORD_LENGTH})."
        )
    if len(password) > MAX_PASSWORD_LENGTH:
        return (
            f"That password is too long: use at most {MAX_PASSWORD_LENGTH} characters "
            f"(and at least {MIN_PASSWORD_LENGTH})."
        )
    return None
