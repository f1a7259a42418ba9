"""One way every edit is applied: load the draft, change a copy, save it as a revision."""

import uuid
from collections.abc import Callable
from typing import Any, TypeVar

from components import canonical_json
from designer import drafts
from designer.drafts import DraftState
from designer.editor import selection

T = TypeVar("T")


async def change(
    organisation_id: uuid.UUID,
    draft_id: uuid.UUID,
    edit: Callable[[dict[str, Any]], T],
    *,
    actor: str,
    summary: str,
    revision: int | None,
) -> tuple[DraftState, T]:
    """Apply `edit` to a copy of the definition; save only when something changed.

    `edit` raises runtime.errors.Invalid to refuse; nothing is saved then.
    """
    state = await drafts.get(organisation_id, draft_id)
    definition = state.copy_definition()
    result = edit(definition)
    if canonical_json(definition) == canonical_json(state.definition):
        return state, result
    state = await drafts.save(
        state, definition, actor=actor, summary=summary, expected_revision=revision
    )
    return state, result


async def undo(
    organisation_id: uuid.UUID, draft_id: uuid.UUID, *, actor: str, select: str = "template"
) -> tuple[DraftState, str]:
    """Step back; returns the draft and the selection, following an item renamed back."""
    return await _step(organisation_id, draft_id, -1, actor=actor, select=select)


async def redo(
    organisation_id: uuid.UUID, draft_id: uuid.UUID, *, actor: str, select: str = "template"
) -> tuple[DraftState, str]:
    return await _step(organisation_id, draft_id, +1, actor=actor, select=select)


async def _step(
    organisation_id: uuid.UUID, draft_id: uuid.UUID, delta: int, *, actor: str, select: str
) -> tuple[DraftState, str]:
    before = await drafts.get(organisation_id, draft_id)
    after = await drafts.step(before, delta, actor=actor)
    return after, selection.follow(before.definition, after.definition, select)
