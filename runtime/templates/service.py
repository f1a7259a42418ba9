"""Templates and their immutable versions: the one way a version comes to exist."""

import uuid
from typing import Any

from components import Definition, DefinitionError, definition_sha256, parse_definition
from components.definition import to_builtins
from components.lint import has_errors
from components.lint_document import publish_findings, warnings_despite_errors
from runtime import audit
from runtime.accounts.service import slugify
from runtime.clock import utcnow
from runtime.database import transaction
from runtime.errors import Conflict, Invalid, NotFound
from runtime.tables import Envelope, Template, TemplateVersion
from runtime.webhooks.service import emit


def _definition_or_invalid(raw: bytes | str | dict[str, Any]) -> tuple[Definition, list[dict]]:
    """Parse, then check as the designer's publish check does: errors refuse the publish
    (422); warnings (the designer's, in its words) travel with the answer."""
    try:
        definition = parse_definition(raw)
    except DefinitionError as exc:
        raise Invalid(
            "The template definition is not valid.",
            extra={
                "errors": [e.as_dict() for e in exc.errors],
                "warnings": [f.as_dict() for f in warnings_despite_errors(raw) or []],
            },
        ) from None
    findings = publish_findings(definition)
    if has_errors(findings):
        raise Invalid(
            "The template has problems that must be fixed before it can be published.",
            extra={
                "errors": [f.as_dict() for f in findings if f.severity == "error"],
                "warnings": [f.as_dict() for f in findings if f.severity != "error"],
            },
        )
    return definition, [f.as_dict() for f in findings]


def warnings_of(stored: dict[str, Any]) -> list[dict[str, str]]:
    """What publishing a stored version warned about (and would warn about today)."""
    try:
        findings = publish_findings(parse_definition(stored))
    except DefinitionError:  # stored by an older version with other rules: nothing to add
        return []
    return [f.as_dict() for f in findings if f.severity == "warning"]


async def import_and_publish(
    organisation_id: uuid.UUID, raw: bytes | str | dict[str, Any], *, actor: str = ""
) -> dict[str, Any]:
    """Create a template from a definition and publish it as version 1."""
    definition, warnings = _definition_or_invalid(raw)
    async with transaction():
        template = Template(
            organisation=organisation_id,
            slug=await _free_slug(organisation_id, slugify(definition.name)),
            name=definition.name,
        )
        await template.save()
        await _publish(template, definition, actor=actor)
    return {
        **await get_template(organisation_id, template.id),
        "warnings": warnings,
        "published": True,
    }


async def publish(
    organisation_id: uuid.UUID, template_id: uuid.UUID, raw: Any, *, actor: str = ""
) -> dict[str, Any]:
    """Freeze a new definition as the next version of an existing template.

    The same definition as the latest version publishes nothing (`"published": false`):
    a deployment that sends its templates again on every run adds no empty versions."""
    await _template_row(organisation_id, template_id)  # another organisation's id: 404 first
    definition, warnings = _definition_or_invalid(raw)
    async with transaction():
        template = await _template_row(organisation_id, template_id)
        published = definition_sha256(to_builtins(definition)) != await _latest_sha256(template)
        if published:
            await _publish(template, definition, actor=actor)
    template_view = await get_template(organisation_id, template_id)
    return {**template_view, "warnings": warnings, "published": published}


async def _latest_sha256(template: Template) -> str | None:
    row = (
        await TemplateVersion.select(TemplateVersion.sha256)
        .where(
            (TemplateVersion.template == template.id)
            & (TemplateVersion.number == template.latest_version)
        )
        .first()
    )
    return row["sha256"] if row else None


def published_meanwhile(name: str, number: int) -> str:
    """The 409 of a publish that another one beat to version `number` (shown in /schema:
    runtime/api/examples_conflicts.py)."""
    return (
        f"“{name}” was published by another request at the same moment, as version "
        f"{number}; nothing was published here. Publish again to make yours the next "
        "version (the same definition publishes nothing)."
    )


async def _publish(template: Template, definition: Definition, *, actor: str) -> None:
    data = to_builtins(definition)
    number = template.latest_version + 1
    sha = definition_sha256(data)
    # only over the version read: of two publishes at once (PostgreSQL lets both read the
    # same latest version), one makes version N+1 and the other is a 409, never a second N+1
    claimed = (
        await Template.update(
            {
                Template.latest_version: number,
                Template.name: definition.name,
                Template.updated_at: utcnow(),
            }
        )
        .where((Template.id == template.id) & (Template.latest_version == number - 1))
        .returning(Template.id)
    )
    if not claimed:
        raise Conflict(published_meanwhile(template.name, number))
    await TemplateVersion(template=template.id, number=number, definition=data, sha256=sha).save()
    await audit.record(
        template.organisation,
        "template.published",
        actor=actor,
        data={"template_id": str(template.id), "version": number, "sha256": sha},
    )
    await emit(
        template.organisation,
        "template.published",
        {
            "template": {
                "id": str(template.id),
                "name": definition.name,
                "version": number,
                "sha256": sha,
            }
        },
    )


async def _free_slug(organisation_id: uuid.UUID, base: str) -> str:
    taken = {
        r["slug"]
        for r in await Template.select(Template.slug).where(
            (Template.organisation == organisation_id) & Template.slug.like(f"{base}%")
        )
    }
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


async def _template_row(organisation_id: uuid.UUID, template_id: uuid.UUID) -> Template:
    template = (
        await Template.objects()
        .where((Template.id == template_id) & (Template.organisation == organisation_id))
        .first()
    )
    if template is None:
        raise NotFound(f"No template with id {template_id}.")
    return template


async def get_template(organisation_id: uuid.UUID, template_id: uuid.UUID) -> dict[str, Any]:
    """The template with its latest version and definition (another organisation's: 404)."""
    template = await _template_row(organisation_id, template_id)
    version = await latest_version(template.id)
    return {
        "id": str(template.id),
        "slug": template.slug,
        "name": template.name,
        "status": template.status,
        "version": {
            "id": str(version["id"]),
            "number": version["number"],
            "sha256": version["sha256"],
            "created_at": version["created_at"],
        },
        "definition": version["definition"],
    }


async def latest_version(template_id: uuid.UUID) -> dict[str, Any]:
    row = (
        await TemplateVersion.select()
        .where(TemplateVersion.template == template_id)
        .order_by(TemplateVersion.number, ascending=False)
        .output(load_json=True)
        .first()
    )
    if row is None:
        raise NotFound("This template has no published version.")
    return row


STATUSES = ("active", "archived")


async def set_status(
    organisation_id: uuid.UUID, template_id: uuid.UUID, status: str, *, actor: str
) -> None:
    """Archive or restore a template: an archived one sends no new envelopes (existing
    envelopes carry on, since they point at their own immutable version)."""
    if status not in STATUSES:
        raise Invalid(f"A template's status is one of {', '.join(STATUSES)}, not {status!r}.")
    template = await _template_row(organisation_id, template_id)
    if template.status == status:
        return
    await Template.update({Template.status: status, Template.updated_at: utcnow()}).where(
        Template.id == template.id
    )
    await audit.record(
        organisation_id,
        "template.archived" if status == "archived" else "template.restored",
        actor=actor,
        data={"template_id": str(template.id)},
    )


async def require_active(organisation_id: uuid.UUID, template_id: uuid.UUID) -> None:
    """Refuse to send from an archived template, with a message that says how to go on."""
    template = await _template_row(organisation_id, template_id)
    if template.status != "active":
        raise Conflict(
            f"The template “{template.name}” is archived. Restore it in the template library "
            "before sending it."
        )


async def list_templates(organisation_id: uuid.UUID) -> list[dict[str, Any]]:
    rows = (
        await Template.select(
            Template.id, Template.slug, Template.name, Template.status, Template.latest_version
        )
        .where(Template.organisation == organisation_id)
        .order_by(Template.name)
    )
    return [{**r, "id": str(r["id"])} for r in rows]


async def export_definition(
    organisation_id: uuid.UUID, template_id: uuid.UUID, version: int | None = None
) -> Definition:
    """The latest version's definition, or that of version `version` (an envelope still in
    flight on an older version, a version to restore elsewhere)."""
    return (await export_version(organisation_id, template_id, version))[0]


async def export_version(
    organisation_id: uuid.UUID, template_id: uuid.UUID, version: int | None = None
) -> tuple[Definition, int]:
    """`export_definition` and the number of the version it is (the latest when `version`
    is None), which the exported file's name carries."""
    template = await get_template(organisation_id, template_id)
    if version is None or version == template["version"]["number"]:
        return parse_definition(template["definition"]), template["version"]["number"]
    row = (
        await TemplateVersion.select(TemplateVersion.definition)
        .where((TemplateVersion.template == template_id) & (TemplateVersion.number == version))
        .output(load_json=True)
        .first()
    )
    if row is None:
        latest = template["version"]["number"]
        has = f"its versions are 1 to {latest}" if latest > 1 else "its only version is 1"
        raise NotFound(f"The template “{template['name']}” has no version {version}: {has}.")
    return parse_definition(row["definition"]), version


async def envelopes_in_flight(organisation_id: uuid.UUID, template_id: uuid.UUID) -> int:
    """Envelopes of any version of the template still out for signing (sent, in progress):
    archiving or renaming the template leaves them as they are."""
    await _template_row(organisation_id, template_id)
    versions = TemplateVersion.select(TemplateVersion.id).where(
        TemplateVersion.template == template_id
    )
    return await Envelope.count().where(
        Envelope.template_version.is_in(versions) & Envelope.status.is_in(["sent", "in_progress"])
    )
