"""The search document: one line of folded words per envelope, kept in `envelope.search_document`.

It holds the recipients' names and emails, the template's name (as it was when the envelope
was sent or last changed state), tags, prefill and answer values. Words are folded
(lower case, accents removed, `đ` -> `d`) and separated by single spaces, with a space at
both ends, so a word-prefix search is `LIKE '% alex%'` on SQLite and a `to_tsquery` prefix
(`alex:*`) over a GIN index on PostgreSQL; both engines find the same envelopes.

The document is refreshed on every envelope state change (runtime/envelopes/states.py), so
answers become searchable when the envelope is completed, declined, expired or voided.
"""

import re
import unicodedata
import uuid
from collections.abc import Iterable
from typing import Any

from runtime.tables import Envelope, EnvelopeTag, Recipient, Template, TemplateVersion

MAX_DOCUMENT = 20_000
MAX_VALUE = 300
WORD = re.compile(r"[^\W_]+")
_SPECIAL = str.maketrans({"đ": "d", "Đ": "d", "ß": "ss", "ø": "o", "Ø": "o", "ł": "l", "Ł": "l"})


def fold(text: str) -> str:
    """Lower case without accents, so "Đặng" is found by "dang" and "Müller" by "muller"."""
    text = unicodedata.normalize("NFKD", text.translate(_SPECIAL))
    return "".join(c for c in text if not unicodedata.combining(c)).casefold()


def words(text: str) -> list[str]:
    return WORD.findall(fold(text))


def _leaves(value: Any) -> Iterable[str]:
    """Every short text or number inside an answer (file lists give their names)."""
    if isinstance(value, bool) or value is None:
        return
    if isinstance(value, str):
        if len(value) <= MAX_VALUE and not value.startswith("data:"):
            yield value
    elif isinstance(value, int | float):
        yield str(value)
    elif isinstance(value, dict):
        for key, item in value.items():
            if key not in ("id", "file_id", "sha256", "image", "kind", "content_type"):
                yield from _leaves(item)
    elif isinstance(value, list):
        for item in value:
            yield from _leaves(item)


def build_document(
    *,
    template_name: str,
    recipients: Iterable[dict[str, Any]],
    values: Iterable[Any] = (),
    tags: Iterable[str] = (),
) -> str:
    """The folded words, each once, in first-seen order, with a space at both ends."""
    parts: list[str] = [template_name]
    for r in recipients:
        parts += [r.get("name") or "", r.get("email") or ""]
    parts += list(tags)
    for value in values:
        parts += list(_leaves(value))
    seen: dict[str, None] = {}
    for part in parts:
        for word in words(part):
            seen.setdefault(word, None)
    text = " ".join(seen)
    if len(text) > MAX_DOCUMENT:
        text = text[:MAX_DOCUMENT].rsplit(" ", 1)[0]
    return f" {text} " if text else ""


async def refresh(envelope_id: uuid.UUID) -> None:
    """Rebuild one envelope's document from what is stored now (for a purged envelope only
    the template's name and the tags are left)."""
    envelope = (
        await Envelope.select(Envelope.template_version, Envelope.prefill, Envelope.answers)
        .where(Envelope.id == envelope_id)
        .output(load_json=True)
        .first()
    )
    if envelope is None:
        return
    version = (
        await TemplateVersion.select(TemplateVersion.template)
        .where(TemplateVersion.id == envelope["template_version"])
        .first()
    )
    template = (
        await Template.select(Template.name).where(Template.id == version["template"]).first()
        if version
        else None
    )
    recipients = await Recipient.select(Recipient.name, Recipient.email).where(
        Recipient.envelope == envelope_id
    )
    tags = await EnvelopeTag.select(EnvelopeTag.tag).where(EnvelopeTag.envelope == envelope_id)
    document = build_document(
        template_name=template["name"] if template else "",
        recipients=recipients,
        values=[*(envelope["prefill"] or {}).values(), *(envelope["answers"] or {}).values()],
        tags=[t["tag"] for t in tags],
    )
    await Envelope.update({Envelope.search_document: document}).where(Envelope.id == envelope_id)
