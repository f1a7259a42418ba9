"""Who or what made an envelope: the designer (a person, named by `sender_email`), the API,
the command line (`formseal send`), an embedded form, a prefilled link or `formseal demo`.

Stored in `envelope.sent_via` when the envelope is made; envelopes made before the column
existed were filled in from their audit trail (migration 2026-11-29T09:20:01)."""

import uuid
from typing import Any

from runtime.tables import Envelope

DESIGNER, API, CLI, EMBED, LINK, DEMO = "designer", "api", "cli", "embed", "link", "demo"

LABELS = {
    DESIGNER: "Designer",
    API: "API",
    CLI: "Command line",
    EMBED: "Embedded form",
    LINK: "Prefilled link",
    DEMO: "Demo (formseal demo)",
}
"""What the sender column says when no person's email is recorded."""


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


def sender_label(sender_email: str, sent_via: str) -> str:
    """The sender as the envelope lists show it: the person's email, else what made it."""
    return sender_email or LABELS.get(sent_via, "—")


async def senders(ids: list[str]) -> dict[str, str]:
    """`sender_label` of each envelope in `ids` (the caller has already scoped them)."""
    if not ids:
        return {}
    rows: list[dict[str, Any]] = await Envelope.select(
        Envelope.id, Envelope.sender_email, Envelope.sent_via
    ).where(Envelope.id.is_in([uuid.UUID(i) for i in ids]))
    return {str(r["id"]): sender_label(r["sender_email"], r["sent_via"]) for r in rows}
