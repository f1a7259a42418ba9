"""Archive search: envelopes matching an ArchiveFilter, newest first, one page at a time."""

import asyncio
import uuid
from typing import Any

from runtime.archive.filters import ArchiveFilter, where_sql
from runtime.archive.tags import tags_of
from runtime.clock import iso
from runtime.errors import Invalid
from runtime.organisations.sharing import usable_template
from runtime.paging import check_page
from runtime.tables import Envelope, Recipient, TemplateVersion
from runtime.templates.versions import in_role_order_of_versions

MAX_PER_PAGE = 100
COUNT_CAP = 1000
MAX_OFFSET = 10_000
DEFAULT_PER_PAGE = 25


def offset_problem(page: int, per_page: int) -> dict[str, str] | None:
    """The `errors` item for a page past the MAX_OFFSET-th match (None for one before it)."""
    if (page - 1) * per_page < MAX_OFFSET:
        return None
    message = (
        f"Only the first {MAX_OFFSET:,} matches can be paged through: narrow the search "
        "(dates, status, template) or export the matches."
    )
    return {"parameter": "page", "message": message}


async def search(
    organisation_id: uuid.UUID,
    f: ArchiveFilter,
    *,
    page: int = 1,
    per_page: int = DEFAULT_PER_PAGE,
) -> dict[str, Any]:
    """One page of matches with their template, recipients and tags, and how many match
    (exactly up to COUNT_CAP; beyond it `total_exact` is False and `total` is the cap)."""
    check_page(page, per_page, MAX_PER_PAGE)
    if f.template_id:  # another organisation's (or no) template is a 404, as in the exports
        await usable_template(organisation_id, f.template_id)
    if problem := offset_problem(page, per_page):
        raise Invalid(problem["message"], extra={"errors": [problem]})
    where, values = where_sql(organisation_id, f)
    # where_sql binds every value; only column names are in the text (hence noqa: S608).
    page_sql = (
        "SELECT e.id, e.status, e.created_at, e.completed_at, e.template_version, "  # noqa: S608
        "e.sender_email, e.sent_via, e.purged_at, e.sealed_file "
        f"FROM envelope e WHERE {where} ORDER BY e.created_at DESC, e.id "
        f"LIMIT {int(per_page)} OFFSET {int((page - 1) * per_page)}"
    )
    # Counting stops at COUNT_CAP: an exact count of 30,000 matches would read them all.
    count_sql = (
        f"SELECT count(*) AS n FROM (SELECT 1 FROM envelope e WHERE {where} "  # noqa: S608
        f"LIMIT {COUNT_CAP + 1}) AS matches"
    )

    async def page_items() -> list[dict[str, Any]]:
        return await describe(organisation_id, await Envelope.raw(page_sql, *values))

    # The count and the page are independent: run them side by side (two connections).
    items, counted_rows = await asyncio.gather(page_items(), Envelope.raw(count_sql, *values))
    counted = int(counted_rows[0]["n"])
    total = min(counted, COUNT_CAP)
    return {
        "items": items,
        "page": page,
        "per_page": per_page,
        "total": total,
        "total_exact": counted <= COUNT_CAP,
    }


async def describe(organisation_id: uuid.UUID, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Envelope rows with their template's name, recipients and tags (three queries)."""
    ids = [_uuid(r["id"]) for r in rows]
    names, people, tags = await asyncio.gather(
        template_names(organisation_id, {_uuid(r["template_version"]) for r in rows}),
        _recipients(ids),
        tags_of(ids),
    )
    recipients: dict[str, list[dict[str, Any]]] = {}
    for r in people:
        recipients.setdefault(str(r["envelope"]), []).append(
            {"name": r["name"], "email": r["email"], "role": r["role"], "status": r["status"]}
        )
    items = []
    for r in rows:
        key = str(r["id"])
        template = names.get(_uuid(r["template_version"]), {})
        items.append(
            {
                "id": key,
                "status": r["status"],
                "template_id": template.get("template_id", ""),
                "template_name": template.get("name", ""),
                "template_version": template.get("number", 0),
                "created_at": iso(_dt(r["created_at"])),
                "completed_at": iso(_dt(r["completed_at"])),
                "purged": r["purged_at"] is not None,
                "sealed": r["sealed_file"] is not None,
                "sender_email": r["sender_email"] or None,  # null: no sender's email
                "sent_via": r.get("sent_via") or None,
                "recipients": recipients.get(key, []),
                "tags": tags.get(key, []),
            }
        )
    return items


async def _recipients(ids: list[uuid.UUID]) -> list[dict[str, Any]]:
    """The envelopes' recipients in signing order, then the template's order of roles, as
    GET /api/v1/envelopes/{id} gives them (one query, and one per template version this
    process has not read)."""
    if not ids:
        return []
    rows = await Recipient.select(
        Recipient.envelope,
        Recipient.name,
        Recipient.email,
        Recipient.role,
        Recipient.status,
        Recipient.stage,
        Recipient.envelope.template_version.as_alias("template_version"),
    ).where(Recipient.envelope.is_in(ids))
    return await in_role_order_of_versions(rows)


async def template_names(
    organisation_id: uuid.UUID, version_ids: set[uuid.UUID]
) -> dict[uuid.UUID, dict[str, Any]]:
    """Version id -> its template's id, name and the version's number (one query)."""
    if not version_ids:
        return {}
    versions = await TemplateVersion.select(
        TemplateVersion.id,
        TemplateVersion.template,
        TemplateVersion.number,
        TemplateVersion.template.name.as_alias("name"),
    ).where(
        TemplateVersion.id.is_in(list(version_ids))
        & (TemplateVersion.template.organisation == organisation_id)
    )
    return {
        v["id"]: {"template_id": str(v["template"]), "name": v["name"], "number": v["number"]}
        for v in versions
    }


def _uuid(value: Any) -> uuid.UUID:
    return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))


def _dt(value: Any) -> Any:
    """Raw SQLite rows give timestamps as text; PostgreSQL gives datetimes."""
    if value is None or not isinstance(value, str):
        return value
    import datetime as dt

    return dt.datetime.fromisoformat(value)
