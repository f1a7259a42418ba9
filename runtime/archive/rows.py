"""Reading envelopes for export in batches (keyset pagination), with their answers as cells."""

import uuid
from collections.abc import AsyncIterator
from typing import Any

from components import Definition, get_component, parse_definition
from runtime.archive.filters import ArchiveFilter, where_sql
from runtime.archive.search import describe
from runtime.envelopes.origin import sender_label
from runtime.envelopes.person_words import STAMP_WORDS, person_word
from runtime.organisations.sharing import usable_template
from runtime.tables import Envelope, TemplateVersion
from runtime.templates.service import latest_version

BATCH = 500
BASE_COLUMNS = [
    "envelope_id",
    "template",
    "template_version",
    "status",
    "sent_at",
    "completed_at",
    "sender",
    "tags",
    "recipients",
]


async def batches(
    organisation_id: uuid.UUID, f: ArchiveFilter, *, extra_columns: str = ""
) -> AsyncIterator[list[dict[str, Any]]]:
    """Matching envelope rows, oldest first, BATCH at a time, without OFFSET."""
    where, values = where_sql(organisation_id, f)
    columns = (
        "e.id, e.status, e.created_at, e.completed_at, e.template_version, e.sender_email, "
        "e.sent_via, e.purged_at, e.sealed_file, e.answers, e.prefill" + extra_columns
    )
    after: tuple[Any, Any] | None = None
    while True:
        sql = f"SELECT {columns} FROM envelope e WHERE {where}"  # noqa: S608 (bound values)
        args = list(values)
        if after is not None:
            sql += " AND (e.created_at > {} OR (e.created_at = {} AND e.id > {}))"
            args += [after[0], after[0], after[1]]
        rows = await Envelope.raw(sql + f" ORDER BY e.created_at, e.id LIMIT {BATCH}", *args)
        if not rows:
            return
        yield rows
        if len(rows) < BATCH:
            return
        after = (rows[-1]["created_at"], rows[-1]["id"])


async def answer_fields(
    organisation_id: uuid.UUID, template_id: uuid.UUID | None
) -> tuple[Definition | None, list[str]]:
    """The latest version's field keys (one column each), or none without a template."""
    if template_id is None:
        return None, []
    await usable_template(organisation_id, template_id)  # its own, or shared from above
    version = await latest_version(template_id)
    definition = parse_definition(version["definition"])
    keys = []
    for _, field in definition.fields():
        component = get_component(field.component)
        if component is not None and not component.layout_only and field.key not in keys:
            keys.append(field.key)
    return definition, keys


def answer_cell(definition: Definition | None, key: str, value: Any) -> Any:
    """A number stays a number; everything else becomes the text a person would read."""
    if value is None or value == "" or value == []:
        return ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    field = definition.field(key) if definition else None
    component = get_component(field.component) if field else None
    if component is not None:
        try:
            return component.display(value, field)
        except Exception:  # an answer from an older version may not fit today's field
            return str(value)
    return str(value)


async def table_rows(
    organisation_id: uuid.UUID, f: ArchiveFilter
) -> AsyncIterator[tuple[list[str], list[list[Any]]]]:
    """(header, rows) batch by batch: the base columns, then one column per field key.

    `sender` is what the envelope lists show: the person's email, else what made the
    envelope ("API", "Embedded form", …: runtime/envelopes/origin.py)."""
    definition, keys = await answer_fields(organisation_id, f.template_id)
    header = BASE_COLUMNS + keys
    async for rows in batches(organisation_id, f):
        described = {d["id"]: d for d in await describe(organisation_id, rows)}
        roles = await _roles_of({str(r["template_version"]) for r in rows})
        out = []
        for row in rows:
            d = described[str(row["id"])]
            answers = _json(row["prefill"]) | _json(row["answers"])
            named = roles.get(str(row["template_version"]), {})
            recipients = "; ".join(_recipient_cell(r, named, d["status"]) for r in d["recipients"])
            out.append(
                [
                    d["id"],
                    d["template_name"],
                    d["template_version"],
                    d["status"] + (" (purged)" if d["purged"] else ""),
                    d["created_at"] or "",
                    d["completed_at"] or "",
                    sender_label(d["sender_email"], row["sent_via"]),  # as the lists say it
                    ", ".join(d["tags"]),
                    recipients,
                    *[answer_cell(definition, k, answers.get(k)) for k in keys],
                ]
            )
        yield header, out


async def _roles_of(version_ids: set[str]) -> dict[str, dict[str, tuple[str, str, bool]]]:
    """Version id -> role key -> (the role's name, its kind, whether the organisation plays
    it with its company stamp), from the version each envelope was sent with: the screens
    name roles as the author did ("Borrower"), not by key."""
    if not version_ids:
        return {}
    rows = (
        await TemplateVersion.select(TemplateVersion.id, TemplateVersion.definition)
        .where(TemplateVersion.id.is_in([uuid.UUID(v) for v in version_ids]))
        .output(load_json=True)
    )
    found: dict[str, dict[str, tuple[str, str, bool]]] = {}
    for row in rows:
        definition = row["definition"] if isinstance(row["definition"], dict) else {}
        found[str(row["id"])] = {
            str(r.get("key")): (
                str(r.get("name") or r.get("key")),
                str(r.get("kind") or ""),
                bool(r.get("organisation")),
            )
            for r in definition.get("roles", [])
            if isinstance(r, dict)
        }
    return found


def _recipient_cell(
    r: dict[str, Any], roles: dict[str, tuple[str, str, bool]], envelope_status: str
) -> str:
    """'Ana Lee <ana@example.com> (Customer, invited)': the role's name and where the person
    is, in the envelope list's words; a purged recipient, whose name and email are gone, is
    '(Customer, done)', not ' <> (Customer, done)'. A cc person of an envelope that ended
    unsigned is '(Accountant, no copy)', and the organisation's own role is '(Company, stamp
    awaited)', never 'invited', as the envelope's page and list say."""
    role, kind, organisation = roles.get(r["role"], (r["role"], "", False))
    word = person_word(r["status"], kind, envelope_status)
    if organisation and not r["email"]:
        word = STAMP_WORDS.get(r["status"], word)
    where = f"({role}, {word})"
    who = " ".join(p for p in (r["name"], f"<{r['email']}>" if r["email"] else "") if p)
    return f"{who} {where}" if who else where


def _json(value: Any) -> dict[str, Any]:
    if isinstance(value, str):
        import json

        value = json.loads(value or "{}")
    return value if isinstance(value, dict) else {}
