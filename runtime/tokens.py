"""Secrets handed to people (signing links, API keys): long, random, stored only hashed."""

import hashlib
import secrets


def new_token(prefix: str = "", nbytes: int = 32) -> str:
    """A URL-safe token of `nbytes` random bytes (256 bits by default)."""
    return prefix + secrets.token_urlsafe(nbytes)


def hash_token(token: str) -> str:
    """sha256 hex; tokens have enough entropy that a plain hash is the right tool."""
    return hashlib.sha256(token.encode()).hexdigest()
