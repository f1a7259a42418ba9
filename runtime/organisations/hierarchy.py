"""Which organisation is which in a group: the one place the hierarchy rules live.

- An organisation's *ancestors* are its parent, the parent's parent, and so on.
- Its *subsidiaries* are every organisation below it (children, grandchildren, ...).
- ``organisations_visible_to(org)`` = the organisation itself and its subsidiaries: what
  an administrator of ``org`` may see and manage. Never its parent or its siblings.
- ``presenting_organisation_id(envelope)`` = the organisation whose legal name and brand
  an envelope shows: ``sent_as`` when set, else the envelope's own organisation.
"""

from __future__ import annotations

import uuid
from typing import Any

from runtime.tables import Organisation

MAX_DEPTH = 10
"""Levels followed at most, up or down (a cycle stops there too)."""


def _uuid(value: Any) -> uuid.UUID:
    return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))


async def parent_of(organisation_id: Any) -> uuid.UUID | None:
    row = (
        await Organisation.select(Organisation.parent)
        .where(Organisation.id == _uuid(organisation_id))
        .first()
    )
    return row["parent"] if row else None


async def ancestors(organisation_id: Any) -> list[uuid.UUID]:
    """The parent first, then its parent, up to the top (never the organisation itself)."""
    found: list[uuid.UUID] = []
    seen = {_uuid(organisation_id)}
    current = await parent_of(organisation_id)
    while current is not None and current not in seen and len(found) < MAX_DEPTH:
        found.append(current)
        seen.add(current)
        current = await parent_of(current)
    return found


async def subsidiaries(organisation_id: Any) -> list[uuid.UUID]:
    """Every organisation below this one, level by level (children first)."""
    found: list[uuid.UUID] = []
    seen = {_uuid(organisation_id)}
    level = [_uuid(organisation_id)]
    for _ in range(MAX_DEPTH):
        if not level:
            break
        rows = await Organisation.select(Organisation.id).where(Organisation.parent.is_in(level))
        level = [r["id"] for r in rows if r["id"] not in seen]
        seen.update(level)
        found += level
    return found


async def organisations_visible_to(organisation_id: Any) -> list[uuid.UUID]:
    """The organisation itself, then its subsidiaries: what its administrators manage."""
    return [_uuid(organisation_id), *await subsidiaries(organisation_id)]


async def can_see(viewer_id: Any, organisation_id: Any) -> bool:
    """True when ``organisation_id`` is the viewer's own organisation or one below it."""
    if _uuid(viewer_id) == _uuid(organisation_id):
        return True
    return _uuid(viewer_id) in await ancestors(organisation_id)


def presenting_organisation_id(envelope: dict[str, Any]) -> Any:
    """The organisation an envelope presents (legal name, brand): ``sent_as`` or its own."""
    return envelope.get("sent_as") or envelope.get("organisation")


def legal_name_of(row: dict[str, Any]) -> str:
    """The legal name for PDFs, mails and certificates; an empty one falls back to the name."""
    return (row.get("legal_name") or "").strip() or (row.get("name") or "").strip()


async def legal_name(organisation_id: Any) -> str:
    row = (
        await Organisation.select(Organisation.name, Organisation.legal_name)
        .where(Organisation.id == _uuid(organisation_id))
        .first()
    )
    return legal_name_of(row) if row else ""


async def describe(organisation_ids: list[uuid.UUID]) -> list[dict[str, Any]]:
    """Rows for screens and the API, in the order given: id, name, slug, legal name, parent."""
    if not organisation_ids:
        return []
    rows = await Organisation.select(
        Organisation.id,
        Organisation.name,
        Organisation.slug,
        Organisation.legal_name,
        Organisation.parent,
        Organisation.created_at,
    ).where(Organisation.id.is_in(organisation_ids))
    by_id = {r["id"]: r for r in rows}
    return [
        {**by_id[i], "legal_name": legal_name_of(by_id[i])} for i in organisation_ids if i in by_id
    ]
