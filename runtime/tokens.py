"""Secrets handed to people (signing links, API keys): long, random, stored only hashed."""

import base64
import hashlib
import hmac
import secrets


def new_token(prefix: str = "", nbytes: int = 32) -> str:
    """A URL-safe token of `nbytes` random bytes (256 bits by default)."""
    return prefix + secrets.token_urlsafe(nbytes)


def hash_token(token: str) -> str:
    """sha256 hex; tokens have enough entropy that a plain hash is the right tool."""
    return hashlib.sha256(token.encode()).hexdigest()


def new_salt() -> str:
    return secrets.token_hex(16)


def derive_token(secret: str, purpose: str, subject: str, salt: str) -> str:
    """A 256-bit token that can be derived again from the secret (for reminder mails) but
    not from the database alone, which stores only its sha256 and the salt."""
    mac = hmac.new(secret.encode(), f"{purpose}:{subject}:{salt}".encode(), hashlib.sha256)
    return base64.urlsafe_b64encode(mac.digest()).rstrip(b"=").decode()
