"""Signing links: derived from the instance secret, so mails can carry them again later."""

import uuid

from runtime.settings import Settings
from runtime.tokens import derive_token, hash_token, new_salt

PURPOSE = "signing-link"


def token_for(settings: Settings, recipient_id: uuid.UUID, salt: str) -> str:
    return derive_token(settings.resolved_secret_key(), PURPOSE, str(recipient_id), salt)


def new_link_secret(settings: Settings, recipient_id: uuid.UUID) -> tuple[str, str, str]:
    """(token, salt, token_hash) for a recipient; a new salt invalidates the old link."""
    salt = new_salt()
    token = token_for(settings, recipient_id, salt)
    return token, salt, hash_token(token)


def signing_url(settings: Settings, recipient: dict) -> str:
    token = token_for(settings, recipient["id"], recipient["token_salt"])
    return f"{settings.base_url.rstrip('/')}/s/{token}"
