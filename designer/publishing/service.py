"""Publishing a draft: lint, work out what changed, and hand it to the engine's template
service, which freezes it into an immutable TemplateVersion (the one way one comes to be)."""

import uuid
from dataclasses import dataclass
from typing import Any

from components import parse_definition
from components.definition import to_builtins
from designer import drafts
from designer.drafts import DraftState
from designer.publishing.diff import describe_changes
from designer.publishing.gone import former_labels
from designer.publishing.lint import Problem, lint
from designer.tables import Publication
from runtime.database import transaction
from runtime.errors import Conflict, Invalid, NotFound
from runtime.templates import service as templates


@dataclass
class PublishPlan:
    """What the publish screen shows: problems, and what would change."""

    state: DraftState
    problems: list[Problem]
    changes: list[str]
    previous_version: int

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.level == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.level == "warning"]

    @property
    def can_publish(self) -> bool:
        return not self.errors and self.state.has_unpublished_changes


async def published_definition(state: DraftState) -> tuple[dict[str, Any] | None, int]:
    """The latest version's definition and number; (None, 0) before the first publish."""
    if state.template_id is None:
        return None, 0
    try:
        latest = await templates.get_template(state.organisation_id, state.template_id)
    except NotFound:
        return None, 0
    return latest["definition"], int(latest["version"]["number"])


async def plan(
    organisation_id: uuid.UUID, draft_id: uuid.UUID, upload_cap: int | None = None
) -> PublishPlan:
    """`upload_cap`: the largest file this server takes (a larger file upload is a warning)."""
    state = await drafts.get(organisation_id, draft_id)
    previous, number = await published_definition(state)
    former = await former_labels(state.id, state.definition, previous)
    problems = lint(state.definition, former, upload_cap)
    changes: list[str] = []
    if not _errors(problems):
        # Compare in the stored form (defaults omitted), so `"fields": []` is no change.
        current = to_builtins(parse_definition(state.definition))
        changes = describe_changes(previous, current)
    return PublishPlan(state, problems, changes, number)


def _errors(problems: list[Problem]) -> bool:
    return any(p.level == "error" for p in problems)


#: a publish page left open while the draft changed (another tab, another author)
CHANGED_MEANWHILE = (
    "This template changed after you opened this page (in another tab, or by another "
    "author), so nothing was published. Nothing was lost: the checks and the changes below "
    "are as the template is now. Review them, then publish again."
)
#: two publishes at the same moment: the engine made one version, refused the other
SAME_MOMENT = (
    "Another publish of this template (perhaps in another tab) made a version at the same "
    "moment, so nothing was published here. Nothing was lost: reload this page to see what "
    "is live now and whether anything is left to publish."
)


class AlreadyPublished(Conflict):
    """The draft is live already: another tab (or author) published it meanwhile."""


async def published_meanwhile(state: DraftState) -> str:
    """The words for a publish page opened before the version now live was published."""
    note = (
        await Publication.select(Publication.published_by, Publication.created_at)
        .where((Publication.draft == state.id) & (Publication.version == state.published_version))
        .first()
    )
    by = ""
    if note:
        when = note["created_at"].strftime("%Y-%m-%d %H:%M") if note["created_at"] else ""
        by = f" on {when} UTC" if when else ""
        by += f" by {note['published_by']}" if note["published_by"] else ""
    return (
        f"Version {state.published_version} was published after you opened this page{by}, "
        "perhaps in another tab. It already holds this draft, so there was nothing more to "
        "publish. Nothing was lost: see it under Versions."
    )


async def publish(
    organisation_id: uuid.UUID,
    draft_id: uuid.UUID,
    *,
    actor: str,
    expected_revision: int | None,
    seen_version: int | None = None,
) -> dict[str, Any]:
    """Publish the draft as the next version; refuses while lint finds errors.
    `expected_revision` and `seen_version`: the draft's revision and live version when the
    publish page was opened; a page older than either is told what happened instead."""
    current = await plan(organisation_id, draft_id)
    state = current.state
    behind = seen_version is not None and state.published_version > seen_version
    if behind and not state.has_unpublished_changes:
        raise AlreadyPublished(await published_meanwhile(state))
    if expected_revision is not None and expected_revision != state.revision:
        raise Conflict(CHANGED_MEANWHILE)
    if current.errors:
        raise Invalid(
            "Fix the problems listed before publishing.",
            extra={"errors": [{"where": p.where, "message": p.message} for p in current.errors]},
        )
    if not state.has_unpublished_changes:
        raise Invalid(f"Nothing changed since version {current.previous_version}.")
    definition = to_builtins(parse_definition(state.definition))
    if state.template_id is None:
        return await _publish_first(current, definition, actor=actor)
    try:
        result = await templates.publish(
            organisation_id, state.template_id, definition, actor=actor
        )
    except Conflict:
        raise Conflict(SAME_MOMENT) from None
    version = result["version"]
    await drafts.mark_published(
        state.id, uuid.UUID(result["id"]), version["number"], version["sha256"]
    )
    if not result["published"]:
        # the same definition went live meanwhile (another tab's Publish): it is the draft's
        # live version, but not a second publish of it
        raise AlreadyPublished(
            await published_meanwhile(await drafts.get(organisation_id, draft_id))
        )
    await _note(current, version, actor)
    return result


class _Lost(Exception):
    """Another publish of the same never-published draft claimed it first."""


async def _publish_first(
    current: PublishPlan, definition: dict[str, Any], *, actor: str
) -> dict[str, Any]:
    """A draft's first publish makes its template. Two tabs publishing at the same instant
    each made one: the draft kept the last, the first stayed live in the library with no
    draft. One transaction now makes the template and claims the draft; the later one
    rolls back and is told what happened."""
    state = current.state
    try:
        async with transaction():
            result = await templates.import_and_publish(
                state.organisation_id, definition, actor=actor
            )
            version = result["version"]
            template_id = uuid.UUID(result["id"])
            if not await drafts.claim_first_publish(
                state.id, template_id, version["number"], version["sha256"]
            ):
                raise _Lost
            await _note(current, version, actor)
    except _Lost:
        raise await _lost_to_another_tab(state) from None
    return result


async def _lost_to_another_tab(state: DraftState) -> Conflict:
    """What a publish that another one overtook says, as a page opened before it would."""
    now = await drafts.get(state.organisation_id, state.id)
    if now.has_unpublished_changes:
        return Conflict(SAME_MOMENT)
    return AlreadyPublished(await published_meanwhile(now))


async def _note(current: PublishPlan, version: dict[str, Any], actor: str) -> None:
    """The designer's record of the publish: who, and what changed in plain words."""
    await Publication(
        draft=current.state.id,
        version=version["number"],
        sha256=version["sha256"],
        changes=current.changes,
        published_by=actor,
    ).save()
