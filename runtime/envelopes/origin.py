"""Who or what made an envelope: the designer (a person, named by `sender_email`), the API,
the command line (`formseal send`), an embedded form, a prefilled link or `formseal demo`.

Stored in `envelope.sent_via` when the envelope is made; envelopes made before the column
existed were filled in from their audit trail (migration 2026-11-29T09:20:01)."""

import uuid
from typing import Any

from runtime.tables import Envelope

DESIGNER, API, CLI, EMBED, LINK, DEMO = "designer", "api", "cli", "embed", "link", "demo"

LABELS = {
    DESIGNER: "A designer user (email removed by an earlier purge)",
    API: "API",
    CLI: "Command line",
    EMBED: "Embedded form",
    LINK: "Prefilled link",
    DEMO: "Demo (formseal demo)",
}
"""What the sender column says when no person's email is recorded. A designer's envelope
always records its sender's email, and the retention purge keeps it (a user of the
organisation, not a signer): only envelopes purged before it did miss it."""


def via_of_actor(actor: str) -> str:
    """The `sent_via` of an envelope made by `actor`, as its callers name themselves ("" when
    unknown: a bulk send's own job, which passes its sender's through `options["via"]`)."""
    if actor in (API, CLI, DEMO):
        return actor
    if actor == "prefill-link":
        return LINK
    if actor.startswith("embed:"):
        return EMBED
    if "@" in actor:
        return DESIGNER
    return ""


UNKNOWN = "unknown"
"""The Sender filter's value for envelopes whose maker nobody recorded."""

UNKNOWN_LABEL = "Unknown (before this was recorded)"
"""The sender of an envelope made before formseal recorded what made it, and whose audit
trail does not say either (the migration that filled `sent_via` in found no first event)."""

UNKNOWN_CHOICE = "Unknown (not recorded)"
"""The same in the Sender filter, short enough for its list on a phone."""


def sender_label(sender_email: str, sent_via: str) -> str:
    """The sender as the envelope lists show it: the person's email, else what made it."""
    return sender_email or LABELS.get(sent_via, UNKNOWN_LABEL)


async def sender_choices(organisation_id: uuid.UUID) -> list[tuple[str, str]]:
    """The Sender filter's (value, label) pairs: each person's email, then what made the
    envelopes without one (`maker_choices`)."""
    emails = (
        await Envelope.select(Envelope.sender_email)
        .where((Envelope.organisation == organisation_id) & (Envelope.sender_email != ""))
        .distinct()
        .order_by(Envelope.sender_email)
    )
    mine = [(r["sender_email"], r["sender_email"]) for r in emails]
    return mine + await maker_choices(organisation_id)


async def maker_choices(organisation_id: uuid.UUID) -> list[tuple[str, str]]:
    """What made the organisation's envelopes without a sender's email, as (value, label):
    in words, as the Sender column says them, then Unknown; only those that made one."""
    makers = {
        r["sent_via"]
        for r in await Envelope.select(Envelope.sent_via)
        .where((Envelope.organisation == organisation_id) & (Envelope.sender_email == ""))
        .distinct()
    }
    choices = [(via, label) for via, label in LABELS.items() if via in makers and via != DESIGNER]
    if makers - set(LABELS) or DESIGNER in makers:
        choices.append((UNKNOWN, UNKNOWN_CHOICE))
    return choices


MAKERS = (*(v for v in LABELS if v != DESIGNER), UNKNOWN)
"""The values `made_by` may take (a filter's `sender` that is not an email)."""


def made_by_condition(made_by: str) -> Any:
    """The envelopes without a sender's email that `made_by` made (a key of LABELS, or
    UNKNOWN): a piccolo condition, or None for a value that names nothing."""
    no_email = Envelope.sender_email == ""
    if made_by == UNKNOWN:
        return no_email & Envelope.sent_via.not_in([v for v in LABELS if v != DESIGNER])
    if made_by in LABELS and made_by != DESIGNER:
        return no_email & (Envelope.sent_via == made_by)
    return None


async def senders(ids: list[str]) -> dict[str, str]:
    """`sender_label` of each envelope in `ids` (the caller has already scoped them)."""
    if not ids:
        return {}
    rows: list[dict[str, Any]] = await Envelope.select(
        Envelope.id, Envelope.sender_email, Envelope.sent_via
    ).where(Envelope.id.is_in([uuid.UUID(i) for i in ids]))
    return {str(r["id"]): sender_label(r["sender_email"], r["sent_via"]) for r in rows}
