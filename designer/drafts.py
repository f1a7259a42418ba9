"""Drafts: load and save the working copy of a template, with undo and redo.

Every save writes the whole definition as a new DraftRevision; undo and redo move the
draft between revisions. A save names the revision it was based on, so a second browser
tab editing the same template gets a clear conflict instead of silently losing work.
"""

import copy
import uuid
from dataclasses import dataclass, field
from typing import Any

from components import DefinitionError, definition_sha256, parse_definition
from components.definition import to_builtins
from designer.document.names import GONE_FIELDS, GONE_LABELS
from designer.publishing.gone import former_fields
from designer.tables import Draft, DraftRevision
from runtime.clock import utcnow
from runtime.database import transaction
from runtime.errors import Conflict, NotFound

KEEP_REVISIONS = 200


@dataclass
class DraftState:
    """A draft as the editor sees it: the definition as plain (possibly invalid) JSON."""

    id: uuid.UUID
    organisation_id: uuid.UUID
    name: str
    definition: dict[str, Any]
    revision: int
    template_id: uuid.UUID | None = None
    published_version: int = 0
    published_sha256: str = ""
    draft_sha256: str = ""
    archived: bool = False
    can_undo: bool = False
    can_redo: bool = False
    updated_at: Any = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def has_unpublished_changes(self) -> bool:
        return self.draft_sha256 != self.published_sha256

    def copy_definition(self) -> dict[str, Any]:
        return copy.deepcopy(self.definition)


def digest(definition: dict[str, Any]) -> str:
    """The sha256 a published version would get (of the raw JSON when not yet valid)."""
    try:
        return definition_sha256(to_builtins(parse_definition(definition)))
    except DefinitionError:
        return "draft:" + definition_sha256(definition)[:58]


async def get(organisation_id: uuid.UUID, draft_id: uuid.UUID) -> DraftState:
    """The draft if it belongs to `organisation_id`; any other organisation's is a 404."""
    row = (
        await Draft.select()
        .where((Draft.id == draft_id) & (Draft.organisation == organisation_id))
        .output(load_json=True)
        .first()
    )
    if row is None:
        raise NotFound("There is no such template.")
    return await _state(row)


async def _state(row: dict[str, Any]) -> DraftState:
    near = await DraftRevision.select(DraftRevision.revision).where(
        (DraftRevision.draft == row["id"])
        & DraftRevision.revision.is_in([row["revision"] - 1, row["revision"] + 1])
    )
    numbers = {r["revision"] for r in near}
    definition = row["definition"] if isinstance(row["definition"], dict) else {}
    # a rule or clause naming a deleted question names it by the label it had
    gone = await former_fields(row["id"], definition, None)
    GONE_LABELS.set({key: str(field["label"]) for key, field in gone.items()})
    GONE_FIELDS.set(gone)
    return DraftState(
        id=row["id"],
        organisation_id=row["organisation"],
        name=row["name"],
        definition=definition,
        revision=row["revision"],
        template_id=row["template"],
        published_version=row["published_version"],
        published_sha256=row["published_sha256"],
        draft_sha256=row["draft_sha256"],
        archived=row["archived_at"] is not None,
        can_undo=row["revision"] - 1 in numbers,
        can_redo=row["revision"] + 1 in numbers,
        updated_at=row["updated_at"],
    )


async def create(
    organisation_id: uuid.UUID,
    definition: dict[str, Any],
    *,
    actor: str,
    template_id: uuid.UUID | None = None,
    published_version: int = 0,
    published_sha256: str = "",
) -> uuid.UUID:
    """A new draft at revision 1 (the first undo step)."""
    sha = digest(definition)
    draft = Draft(
        organisation=organisation_id,
        template=template_id,
        name=str(definition.get("name", ""))[:200],
        definition=definition,
        revision=1,
        draft_sha256=sha,
        published_sha256=published_sha256,
        published_version=published_version,
        updated_by=actor,
    )
    async with transaction():
        await draft.save()
        await DraftRevision(
            draft=draft.id, revision=1, definition=definition, summary="Created"
        ).save()
    return draft.id


async def save(
    state: DraftState,
    definition: dict[str, Any],
    *,
    actor: str,
    summary: str,
    expected_revision: int | None = None,
) -> DraftState:
    """Store `definition` as the next revision; later revisions (redo steps) are dropped."""
    async with transaction():
        current = await _revision(state)
        if expected_revision is not None and expected_revision != current:
            raise Conflict(
                "This template was changed in another window. Reload the page to see the "
                "latest version; your last change was not saved."
            )
        number = current + 1
        await DraftRevision.delete().where(
            (DraftRevision.draft == state.id) & (DraftRevision.revision >= number)
        )
        await DraftRevision(
            draft=state.id, revision=number, definition=definition, summary=summary[:300]
        ).save()
        await DraftRevision.delete().where(
            (DraftRevision.draft == state.id) & (DraftRevision.revision <= number - KEEP_REVISIONS)
        )
        await _write(state.id, definition, number, actor)
    return await get(state.organisation_id, state.id)


async def step(state: DraftState, delta: int, *, actor: str) -> DraftState:
    """Undo (delta=-1) or redo (delta=+1); a no-op at either end of the history."""
    async with transaction():
        current = await _revision(state)
        target = (
            await DraftRevision.select(DraftRevision.definition)
            .where((DraftRevision.draft == state.id) & (DraftRevision.revision == current + delta))
            .output(load_json=True)
            .first()
        )
        if target is not None:
            await _write(state.id, target["definition"], current + delta, actor)
    return await get(state.organisation_id, state.id)


async def _revision(state: DraftState) -> int:
    row = await Draft.select(Draft.revision).where(Draft.id == state.id).first()
    if row is None:
        raise NotFound("There is no such template.")
    return int(row["revision"])


async def _write(
    draft_id: uuid.UUID, definition: dict[str, Any], revision: int, actor: str
) -> None:
    await Draft.update(
        {
            Draft.definition: definition,
            Draft.revision: revision,
            Draft.name: str(definition.get("name", ""))[:200],
            Draft.draft_sha256: digest(definition),
            Draft.updated_at: utcnow(),
            Draft.updated_by: actor,
        }
    ).where(Draft.id == draft_id)


async def mark_published(
    draft_id: uuid.UUID, template_id: uuid.UUID, version: int, sha256: str
) -> None:
    await Draft.update(
        {
            Draft.template: template_id,
            Draft.published_version: version,
            Draft.published_sha256: sha256,
        }
    ).where(Draft.id == draft_id)


async def claim_first_publish(
    draft_id: uuid.UUID, template_id: uuid.UUID, version: int, sha256: str
) -> bool:
    """Mark a never-published draft as published as `template_id`, unless another publish
    of it got there first (False): two tabs at the same instant each made a template."""
    claimed = (
        await Draft.update(
            {
                Draft.template: template_id,
                Draft.published_version: version,
                Draft.published_sha256: sha256,
            }
        )
        .where((Draft.id == draft_id) & Draft.template.is_null())
        .returning(Draft.id)
    )
    return bool(claimed)


async def set_archived(organisation_id: uuid.UUID, draft_id: uuid.UUID, archived: bool) -> None:
    await get(organisation_id, draft_id)
    await Draft.update({Draft.archived_at: utcnow() if archived else None}).where(
        Draft.id == draft_id
    )
