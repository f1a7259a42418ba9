"""Retention: a period per template, and the purge that removes what it no longer may keep.

The period lives on the template row (`template.retention_days`), not in the definition:
it is an operational policy that applies to every envelope of the template, whatever
version they were sent with, and changing it must not need a new published version.

An envelope is due when it has ended (completed, declined, expired or voided) and
`retention_days` have passed since it was completed (or, for the others, since it was
sent). Open envelopes are never purged. See docs/insight.md.
"""

import datetime as dt
import uuid
from typing import Any

from runtime import audit
from runtime.clock import iso, utcnow
from runtime.errors import Conflict, NotFound
from runtime.tables import Envelope, Template, TemplateVersion

FINAL = ["completed", "declined", "expired", "voided"]


async def get_policy(organisation_id: uuid.UUID, template_id: uuid.UUID) -> dict[str, Any]:
    template = await _template(organisation_id, template_id)
    due = await due_envelopes(utcnow(), organisation_id=organisation_id, limit=10_000)
    versions = await _version_ids(template_id)
    return {
        "template_id": str(template_id),
        "retention_days": template["retention_days"],
        "due_now": sum(1 for d in due if d["template_version"] in versions),
    }


async def set_policy(
    organisation_id: uuid.UUID, template_id: uuid.UUID, days: int | None, *, actor: str
) -> dict[str, Any]:
    """Set (or clear, with None) a template's retention period; audited."""
    template = await _template(organisation_id, template_id)
    await Template.update({Template.retention_days: days}).where(Template.id == template_id)
    if template["retention_days"] != days:
        await audit.record(
            organisation_id,
            "template.retention_set",
            actor=actor,
            data={
                "template_id": str(template_id),
                "template": template["name"],
                "days": days,
                "previous_days": template["retention_days"],
            },
        )
    return await get_policy(organisation_id, template_id)


async def policies(organisation_id: uuid.UUID) -> list[dict[str, Any]]:
    """Every template of the organisation with its period, for the retention screen."""
    rows = (
        await Template.select(Template.id, Template.name, Template.retention_days)
        .where(Template.organisation == organisation_id)
        .order_by(Template.name)
    )
    return [{**r, "id": str(r["id"])} for r in rows]


async def _template(organisation_id: uuid.UUID, template_id: uuid.UUID) -> dict[str, Any]:
    row = (
        await Template.select(Template.id, Template.name, Template.retention_days)
        .where((Template.id == template_id) & (Template.organisation == organisation_id))
        .first()
    )
    if row is None:
        raise NotFound(f"No template with id {template_id}.")
    return row


async def _version_ids(template_id: Any) -> set[Any]:
    rows = await TemplateVersion.select(TemplateVersion.id).where(
        TemplateVersion.template == template_id
    )
    return {r["id"] for r in rows}


async def due_envelopes(
    now: dt.datetime, *, organisation_id: uuid.UUID | None = None, limit: int = 200
) -> list[dict[str, Any]]:
    """Ended, unpurged envelopes whose template's period has run out (oldest first)."""
    where: Any = Template.retention_days.is_not_null()
    if organisation_id is not None:
        where &= Template.organisation == organisation_id
    templates = await Template.select(Template.id, Template.retention_days).where(where)
    due: list[dict[str, Any]] = []
    for template in templates:
        if len(due) >= limit:
            break
        versions = await _version_ids(template["id"])
        if not versions:
            continue
        ended_long_ago = _ended_before(now - dt.timedelta(days=template["retention_days"]))
        rows = (
            await Envelope.select(
                Envelope.id, Envelope.organisation, Envelope.template_version, Envelope.created_at
            )
            .where(
                Envelope.template_version.is_in(list(versions))
                & Envelope.purged_at.is_null()
                & ended_long_ago
            )
            .order_by(Envelope.created_at)
            .limit(limit - len(due))
        )
        due += [
            {**r, "retention_days": template["retention_days"], "template": template["id"]}
            for r in rows
        ]
    return due


def _ended_before(cutoff: dt.datetime) -> Any:
    """Completed before `cutoff`, or declined, expired or voided having been sent before it."""
    return ((Envelope.status == "completed") & (Envelope.completed_at < cutoff)) | (
        Envelope.status.is_in(["declined", "expired", "voided"]) & (Envelope.created_at < cutoff)
    )


async def due_with(organisation_id: uuid.UUID, template_id: uuid.UUID, days: int) -> int:
    """How many of the template's envelopes would be past a period of `days` now (ended, not
    purged yet): the screen asks before a period that deletes some within the hour."""
    await _template(organisation_id, template_id)  # another organisation's: NotFound
    versions = await _version_ids(template_id)
    if not versions:
        return 0
    return int(
        await Envelope.count().where(
            Envelope.template_version.is_in(list(versions))
            & Envelope.purged_at.is_null()
            & _ended_before(utcnow() - dt.timedelta(days=days))
        )
    )


async def refuse_immediate_deletion(
    organisation_id: uuid.UUID, template_id: uuid.UUID, days: int
) -> None:
    """Conflict when `days` would put more finished envelopes past the period than now:
    the API asks, as the retention screen does, before a period that deletes at once (a
    typo, 1 day for 180, deleted them at the next purge)."""
    count = await due_with(organisation_id, template_id, days)
    already = (await due_counts(organisation_id)).get(str(template_id), 0)
    if count <= already:
        return
    envelopes = "1 finished envelope" if count == 1 else f"{count} finished envelopes"
    period = "1 day" if days == 1 else f"{days} days"
    raise Conflict(
        f"A period of {period} would delete {envelopes} of this template within the hour "
        "(sealed PDFs, attachments and personal data; they cannot be brought back). Send "
        '"confirm_immediate_deletion": true to save it anyway.',
        extra={"would_delete": count, "already_due": already, "days": days},
    )


async def due_counts(organisation_id: uuid.UUID) -> dict[str, int]:
    """Template id -> its envelopes past their period and not purged yet: the retention
    screen says they go at the next hourly purge, so a shortened period is no surprise."""
    counts: dict[str, int] = {}
    for row in await due_envelopes(utcnow(), organisation_id=organisation_id, limit=10_000):
        counts[str(row["template"])] = counts.get(str(row["template"]), 0) + 1
    return counts


def describe_due(row: dict[str, Any]) -> dict[str, Any]:
    return {"envelope_id": str(row["id"]), "created_at": iso(row["created_at"])}
