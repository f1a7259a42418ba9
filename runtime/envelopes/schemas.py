"""Request and response shapes of the envelope API."""

import uuid
from typing import Annotated, Any

import msgspec


class RecipientIn(msgspec.Struct, forbid_unknown_fields=True):
    role: str
    name: str
    email: str
    #: for roles whose identity check is `sms_code`: the number codes are texted to
    phone: Annotated[str, msgspec.Meta(max_length=40)] = ""
    #: for roles whose identity check is `access_code`: given to the signer by the sender
    #: (by phone, in person); stored only as a slow hash
    access_code: Annotated[str, msgspec.Meta(max_length=100)] = ""
    #: language of mails and pages for this person (en, zh-CN, ms, vi, fr); empty: the
    #: template's language
    language: Annotated[str, msgspec.Meta(max_length=16)] = ""


class Reminders(msgspec.Struct, forbid_unknown_fields=True):
    """First reminder after N days, then every M days, at most max_count times (0: none)."""

    first_after_days: Annotated[int, msgspec.Meta(ge=1, le=365)] = 2
    every_days: Annotated[int, msgspec.Meta(ge=1, le=365)] = 3
    max_count: Annotated[int, msgspec.Meta(ge=0, le=20)] = 5


class EnvelopeCreate(msgspec.Struct, forbid_unknown_fields=True):
    template_id: uuid.UUID
    recipients: list[RecipientIn]
    prefill: dict[str, Any] = {}
    message: Annotated[str, msgspec.Meta(max_length=5000)] = ""
    sender_email: str = ""
    expires_in_days: Annotated[int, msgspec.Meta(ge=1, le=365)] | None = None
    reminders: Reminders | None = None
    #: labels for finding the envelope in the archive ("hr", "2026-q3"); at most 20
    tags: list[Annotated[str, msgspec.Meta(max_length=40)]] = []
    #: groups: the organisation whose legal name and brand the envelope presents, when the
    #: template lets the sender choose (its own id or the template owner's); default: own
    sent_as: uuid.UUID | None = None


class VoidRequest(msgspec.Struct, forbid_unknown_fields=True):
    reason: Annotated[str, msgspec.Meta(min_length=1, max_length=2000)]
