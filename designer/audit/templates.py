"""The names of the templates an organisation's audit events are about, looked up when the
trail is read: 'Published “NDA” (version 3)', not 'Published a template' (the events record
the template's id only; a renamed template reads by its name now)."""

import uuid
from typing import Any

from runtime.tables import Template


async def with_template_names(
    organisation_id: uuid.UUID, rows: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """`rows` (audit events) with `template` in the data of those naming a template_id of
    this organisation that the event did not name itself; one query."""
    wanted: set[uuid.UUID] = set()
    for row in rows:
        data = row["data"] or {}
        if "template_id" in data and not data.get("template"):
            try:
                wanted.add(uuid.UUID(str(data["template_id"])))
            except ValueError:
                continue
    if not wanted:
        return rows
    names = {
        str(t["id"]): t["name"]
        for t in await Template.select(Template.id, Template.name).where(
            (Template.organisation == organisation_id) & Template.id.is_in(list(wanted))
        )
    }
    named = []
    for row in rows:
        data = row["data"] or {}
        name = names.get(str(data.get("template_id", "")))
        named.append({**row, "data": {**data, "template": name}} if name else row)
    return named
