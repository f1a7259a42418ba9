"""What a subsidiary may use from the organisations above it: templates and company stamps
its ancestors marked "shared with subsidiaries", and in whose name it sends them.

A shared template is *sent* by the subsidiary (the envelope belongs to the subsidiary, so
its isolation holds) but edited only by its owner. Anything not shared answers "not found",
exactly like another organisation's id.
"""

from __future__ import annotations

import uuid
from typing import Any

from runtime.errors import Conflict, Invalid, NotFound
from runtime.organisations.hierarchy import ancestors, legal_name
from runtime.tables import Stamp, Template

SEND_AS = ("own", "owner", "choice")
"""Template.send_as: the sending organisation's name, the template owner's, or the sender's pick."""

_TEMPLATE_COLUMNS = (
    Template.id,
    Template.organisation,
    Template.slug,
    Template.name,
    Template.status,
    Template.latest_version,
    Template.shared_with_subsidiaries,
    Template.send_as,
)


def _template_id(value: Any) -> uuid.UUID:
    try:
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    except ValueError:
        raise NotFound(f"No template with id {value}.") from None


async def shared_templates(organisation_id: Any) -> list[dict[str, Any]]:
    """Active, published templates that the organisation's ancestors share with it."""
    above = await ancestors(organisation_id)
    if not above:
        return []
    rows = (
        await Template.select(*_TEMPLATE_COLUMNS)
        .where(
            Template.organisation.is_in(above)
            & (Template.shared_with_subsidiaries == True)  # noqa: E712 (piccolo builds SQL)
            & (Template.status == "active")
            & (Template.latest_version > 0)
        )
        .order_by(Template.name)
    )
    return list(rows)


async def shared_by_slug(organisation_id: Any, slug: str) -> dict[str, Any] | None:
    """The shared template with this slug from the nearest organisation above (embeds and
    links name templates by slug; an own template of that slug wins before this is asked)."""
    by_owner = {
        t["organisation"]: t for t in await shared_templates(organisation_id) if t["slug"] == slug
    }
    for owner in await ancestors(organisation_id):
        if owner in by_owner:
            return by_owner[owner]
    return None


async def usable_template(organisation_id: Any, template_id: Any) -> dict[str, Any]:
    """The template if the organisation owns it or an ancestor shares it; else NotFound."""
    tid = _template_id(template_id)
    row = await Template.select(*_TEMPLATE_COLUMNS).where(Template.id == tid).first()
    if row is None:
        raise NotFound(f"No template with id {tid}.")
    if row["organisation"] == organisation_id:
        return row
    if row["shared_with_subsidiaries"] and row["organisation"] in await ancestors(organisation_id):
        return row
    raise NotFound(f"No template with id {tid}.")


async def sendable_template(organisation_id: Any, template_id: Any) -> dict[str, Any]:
    """As usable_template, refusing an archived or never-published one with a clear reason."""
    row = await usable_template(organisation_id, template_id)
    if row["status"] != "active":
        if row["organisation"] != organisation_id:  # the owner stopped sharing it in effect
            raise NotFound(f"No template with id {row['id']}.")
        raise Conflict(
            f"The template “{row['name']}” is archived. Restore it in the template library "
            "before sending it."
        )
    return row


def send_as_choices(organisation_id: Any, template: dict[str, Any]) -> list[uuid.UUID]:
    """The organisations an envelope of ``template`` sent by ``organisation_id`` may present:
    the first one is the default."""
    own, owner = organisation_id, template["organisation"]
    if owner == own:
        return [own]
    mode = template.get("send_as") or "own"
    if mode == "owner":
        return [owner]
    if mode == "choice":
        return [own, owner]
    return [own]


async def resolve_sent_as(
    organisation_id: Any, template: dict[str, Any], requested: Any = None
) -> uuid.UUID | None:
    """The value for Envelope.sent_as: None when the envelope presents its own organisation.

    ``requested`` (the API's ``sent_as``, the send screen's select) must be one of
    send_as_choices; anything else is refused with the names that would be accepted."""
    choices = send_as_choices(organisation_id, template)
    chosen = choices[0]
    if requested not in (None, ""):
        try:
            wanted = uuid.UUID(str(requested))
        except ValueError:
            raise Invalid(
                "sent_as must be an organisation id.",
                extra={"errors": [{"path": "$.sent_as", "message": "is not a UUID"}]},
            ) from None
        if wanted not in choices:
            names = [f"{await legal_name(c)} ({c})" for c in choices]
            message = (
                f"This template can only be sent as {' or '.join(names)}."
                if len(choices) > 1
                else f"This template is always sent as {names[0]}; leave sent_as out."
            )
            raise Invalid(
                "sent_as is not allowed for this template.",
                extra={"errors": [{"path": "$.sent_as", "message": message}]},
            )
        chosen = wanted
    return None if chosen == organisation_id else chosen


async def usable_stamp_where(organisation_id: Any) -> Any:
    """A piccolo WHERE for stamps the organisation may use: its own, and stamps an ancestor
    shares with subsidiaries (``granted_to`` still decides who applies one by hand)."""
    where: Any = Stamp.organisation == organisation_id
    above = await ancestors(organisation_id)
    if above:
        where |= Stamp.organisation.is_in(above) & (
            Stamp.shared_with_subsidiaries == True  # noqa: E712
        )
    return where


async def set_template_sharing(
    organisation_id: Any, template_id: Any, *, shared: bool, send_as: str, actor: str
) -> None:
    """The owner decides whether subsidiaries may send its template, and in whose name."""
    from runtime import audit

    if send_as not in SEND_AS:
        raise Invalid(f"“Send as” is one of {', '.join(SEND_AS)}, not {send_as!r}.")
    tid = _template_id(template_id)
    if not await Template.exists().where(
        (Template.id == tid) & (Template.organisation == organisation_id)
    ):
        raise NotFound(f"No template with id {tid}.")
    await Template.update(
        {Template.shared_with_subsidiaries: shared, Template.send_as: send_as}
    ).where(Template.id == tid)
    await audit.record(
        organisation_id,
        "template.sharing_changed",
        actor=actor,
        data={"template_id": str(tid), "shared_with_subsidiaries": shared, "send_as": send_as},
    )


async def owned_templates(organisation_id: Any) -> list[dict[str, Any]]:
    """The organisation's published, active templates with how they are shared."""
    return list(
        await Template.select(*_TEMPLATE_COLUMNS)
        .where(
            (Template.organisation == organisation_id)
            & (Template.status == "active")
            & (Template.latest_version > 0)
        )
        .order_by(Template.name)
    )
