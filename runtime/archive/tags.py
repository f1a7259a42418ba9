"""Tags on envelopes: short labels an organisation chooses ("hr", "2026-q3")."""

import re
import uuid
from collections.abc import Iterable

from runtime.database import transaction, uses_postgres
from runtime.errors import Invalid
from runtime.tables import Envelope, EnvelopeTag

MAX_TAGS = 20
TAG = re.compile(r"^[\w][\w\-. ]{0,39}$")
RULE = (
    "use up to 40 letters, digits, spaces, dots, dashes or underscores, starting with a "
    "letter or digit"
)


def clean_tags(raw: Iterable[str]) -> list[str]:
    """Trimmed, lower-case, unique, in the order given; one Invalid names every bad one
    (and too many), each at its place in `errors`."""
    tags: list[str] = []
    bad: list[str] = []
    errors: list[dict[str, str]] = []
    for i, item in enumerate(raw):
        tag = " ".join(str(item).split()).lower()
        if not tag:
            continue
        if not TAG.match(tag):
            bad.append(f"'{tag[:60]}'")
            message = f"The tag {bad[-1]} is not valid: {RULE}."
            errors.append({"path": f"$.tags[{i}]", "message": message})
        elif tag not in tags:
            tags.append(tag)
    said = [errors[0]["message"]] if len(bad) == 1 else []
    if len(bad) > 1:
        said.append(f"The tags {', '.join(bad[:-1])} and {bad[-1]} are not valid: {RULE}.")
    if len(tags) + len(bad) > MAX_TAGS:
        message = f"An envelope can have at most {MAX_TAGS} tags."
        said.append(message)
        errors.append({"path": "$.tags", "message": message})
    if errors:
        raise Invalid(" ".join(said), extra={"errors": errors})
    return tags


def parse_tag_text(text: str) -> list[str]:
    """Tags typed in one box, separated by commas."""
    return clean_tags(text.split(","))


async def set_tags(organisation_id: uuid.UUID, envelope_id: uuid.UUID, tags: list[str]) -> None:
    """Replace the envelope's tags (call with the envelope already checked for the org)."""
    await EnvelopeTag.delete().where(EnvelopeTag.envelope == envelope_id)
    if tags:
        await EnvelopeTag.insert(
            *[EnvelopeTag(organisation=organisation_id, envelope=envelope_id, tag=t) for t in tags]
        )


async def tags_of(envelope_ids: list[uuid.UUID]) -> dict[str, list[str]]:
    if not envelope_ids:
        return {}
    rows = (
        await EnvelopeTag.select(EnvelopeTag.envelope, EnvelopeTag.tag)
        .where(EnvelopeTag.envelope.is_in(envelope_ids))
        .order_by(EnvelopeTag.id)
    )
    found: dict[str, list[str]] = {}
    for r in rows:
        found.setdefault(str(r["envelope"]), []).append(r["tag"])
    return found


async def organisation_tags(organisation_id: uuid.UUID) -> list[str]:
    rows = (
        await EnvelopeTag.select(EnvelopeTag.tag)
        .where(EnvelopeTag.organisation == organisation_id)
        .distinct()
        .order_by(EnvelopeTag.tag)
        .limit(500)
    )
    return [r["tag"] for r in rows]


async def replace_tags(
    organisation_id: uuid.UUID, envelope_id: uuid.UUID, raw: Iterable[str]
) -> list[str]:
    """Check the envelope belongs to the organisation, store its tags, refresh its document."""
    tags = clean_tags(raw)
    await _check_envelope(organisation_id, envelope_id)
    return await _store(organisation_id, envelope_id, tags)


async def add_tags(organisation_id: uuid.UUID, envelope_id: uuid.UUID, typed: str) -> list[str]:
    """Add the tag(s) typed in one box (commas separate several) to those already there.

    The envelope page's "Add a tag" box. The current tags are read and written in one write
    transaction with the envelope locked, so two people adding at once both keep their tag."""

    new = parse_tag_text(typed)
    if not new:
        message = "Enter a tag to add."
        raise Invalid(message, extra={"errors": [{"path": "$.tag", "message": message}]})
    await _check_envelope(organisation_id, envelope_id)
    async with transaction():
        await _lock(envelope_id)
        current = (await tags_of([envelope_id])).get(str(envelope_id), [])
        return await _store(organisation_id, envelope_id, clean_tags([*current, *new]))


async def remove_tag(organisation_id: uuid.UUID, envelope_id: uuid.UUID, tag: str) -> list[str]:
    """Remove one tag (a tag that is not there changes nothing); the tags left."""
    await _check_envelope(organisation_id, envelope_id)
    gone = " ".join(tag.split()).lower()
    async with transaction():
        await _lock(envelope_id)
        current = (await tags_of([envelope_id])).get(str(envelope_id), [])
        if gone not in current:
            return current
        return await _store(organisation_id, envelope_id, [t for t in current if t != gone])


async def _check_envelope(organisation_id: uuid.UUID, envelope_id: uuid.UUID) -> None:
    exists = await Envelope.exists().where(
        (Envelope.id == envelope_id) & (Envelope.organisation == organisation_id)
    )
    if not exists:
        from runtime.errors import NotFound

        raise NotFound(f"No envelope with id {envelope_id}.")


async def _lock(envelope_id: uuid.UUID) -> None:
    """SQLite's write transaction holds the lock from BEGIN; PostgreSQL needs the row lock."""
    if uses_postgres():
        await Envelope.raw("SELECT id FROM envelope WHERE id = {} FOR UPDATE", envelope_id)


async def _store(organisation_id: uuid.UUID, envelope_id: uuid.UUID, tags: list[str]) -> list[str]:
    from runtime.archive.document import refresh

    await set_tags(organisation_id, envelope_id, tags)
    await refresh(envelope_id)
    return tags
