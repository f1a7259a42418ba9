"""Version history: every published version of a template, with what changed and who
published it from the designer.

The version rows are read straight from the engine's TemplateVersion table (read-only),
because runtime.templates.service has no list of versions yet.
"""

from dataclasses import dataclass, field
from typing import Any

from components import parse_definition
from components.definition import DefinitionError, to_builtins
from designer import drafts
from designer.drafts import DraftState
from designer.publishing.diff import describe_changes
from designer.tables import Publication
from runtime.errors import Invalid
from runtime.tables import TemplateVersion
from runtime.templates import service as templates


@dataclass
class VersionRow:
    number: int
    sha256: str
    created_at: Any
    published_by: str = ""
    changes: list[str] = field(default_factory=list)


async def versions(state: DraftState) -> list[VersionRow]:
    """Newest first; empty before the first publish."""
    if state.template_id is None:
        return []
    await templates.get_template(state.organisation_id, state.template_id)  # 404 for others
    rows = (
        await TemplateVersion.select(
            TemplateVersion.number,
            TemplateVersion.sha256,
            TemplateVersion.created_at,
            TemplateVersion.definition,
        )
        .where(TemplateVersion.template == state.template_id)
        .order_by(TemplateVersion.number, ascending=False)
        .output(load_json=True)
    )
    notes = {
        p["version"]: p
        for p in await Publication.select()
        .where(Publication.draft == state.id)
        .output(load_json=True)
    }
    out = []
    for index, row in enumerate(rows):
        note = notes.get(row["number"], {})
        # worked out here from the versions, not read from the note stored at publishing:
        # the same sentences, in today's words (notes before 2026-11-28 counted "blocks"),
        # and for versions published through the API or the CLI too
        previous = rows[index + 1]["definition"] if index + 1 < len(rows) else None
        changes = describe_changes(previous, row["definition"])
        out.append(
            VersionRow(
                number=row["number"],
                sha256=row["sha256"],
                created_at=row["created_at"],
                published_by=note.get("published_by", "") or "the API or the command line",
                changes=changes,
            )
        )
    return out


@dataclass
class Comparison:
    older: int
    newer: int
    changes: list[str]


async def compare(state: DraftState, first: int, second: int) -> Comparison:
    """What changed from one published version to another, in the same sentences as the
    history (which only compares each version with the one before). Either order works:
    the older version is always the starting point."""
    older, newer = sorted((first, second))
    if state.template_id is None:
        raise Invalid("Publish the template first: there are no versions to compare.")
    await templates.get_template(state.organisation_id, state.template_id)  # 404 for others
    rows = (
        await TemplateVersion.select(TemplateVersion.number, TemplateVersion.definition)
        .where(
            (TemplateVersion.template == state.template_id)
            & TemplateVersion.number.is_in([older, newer])
        )
        .output(load_json=True)
    )
    found = {row["number"]: row["definition"] for row in rows}
    missing = [str(n) for n in (older, newer) if n not in found]
    if missing:
        raise Invalid(f"There is no version {' or '.join(dict.fromkeys(missing))} to compare.")
    if older == newer:
        return Comparison(older, newer, ["These are the same version."])
    changes = describe_changes(found[older], found[newer])
    if changes == ["Nothing changed since the last version."]:
        changes = ["The two versions have the same form, roles and document."]
    return Comparison(older, newer, changes)


async def draft_changes(state: DraftState) -> list[str]:
    """What the draft changed since the live version, in the history's sentences: what
    restoring an older version would replace."""
    if state.template_id is None or not state.published_version:
        return []
    row = (
        await TemplateVersion.select(TemplateVersion.definition)
        .where(
            (TemplateVersion.template == state.template_id)
            & (TemplateVersion.number == state.published_version)
        )
        .output(load_json=True)
        .first()
    )
    return describe_changes(row["definition"] if row else None, _stored(state.definition))


def _stored(definition: dict[str, Any]) -> dict[str, Any]:
    """The draft in the form a version stores it (defaults left out), as the publish page
    compares it: read raw, a draft's `"settings": {"signature_policy": "typed_allowed"}`
    or a heading's spelled-out level read as changes nobody made."""
    try:
        return to_builtins(parse_definition(definition))
    except DefinitionError:
        return definition


async def restore(state: DraftState, number: int, *, actor: str, revision: int | None) -> None:
    """Make the draft a copy of published version `number`: one saved change (Undo brings
    the draft back), to look at in the editor and the preview, and to publish again."""
    if state.template_id is None:
        raise Invalid("Publish the template first: there is no version to restore.")
    await templates.get_template(state.organisation_id, state.template_id)  # 404 for others
    row = (
        await TemplateVersion.select(TemplateVersion.definition)
        .where((TemplateVersion.template == state.template_id) & (TemplateVersion.number == number))
        .output(load_json=True)
        .first()
    )
    if row is None:
        raise Invalid(f"There is no version {number} to restore.")
    await drafts.save(
        state,
        row["definition"],
        actor=actor,
        summary=f"Restored version {number}",
        expected_revision=revision,
    )
