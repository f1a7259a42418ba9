"""Request and response shapes of the envelope API."""

import uuid
from typing import Any

import msgspec


class RecipientIn(msgspec.Struct, forbid_unknown_fields=True):
    role: str
    name: str
    email: str


class EnvelopeCreate(msgspec.Struct, forbid_unknown_fields=True):
    template_id: uuid.UUID
    recipients: list[RecipientIn]
    prefill: dict[str, Any] = {}
