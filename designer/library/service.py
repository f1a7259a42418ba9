"""The library: every template of an organisation, whether born in the designer or the API.

Templates imported through the API or CLI get a draft the first time the library is
opened, so authors can edit them; a draft without changes follows newer versions
published elsewhere.
"""

import uuid
from dataclasses import dataclass
from typing import Any

from designer import drafts
from designer.tables import Draft
from runtime.errors import Invalid, NotFound
from runtime.templates import service as templates

MAX_NAME = 200
_NO_WILDCARDS = str.maketrans("", "", "%_\\")
DEFAULT_ROLE = {"key": "signer", "name": "Signer", "kind": "signer", "stage": 1}


@dataclass(frozen=True)
class LibraryItem:
    id: uuid.UUID
    name: str
    published_version: int
    unpublished_changes: bool
    archived: bool
    updated_at: Any
    updated_by: str

    @property
    def status(self) -> str:
        if self.archived:
            return "Archived"
        if not self.published_version:
            return "Draft, never published"
        if self.unpublished_changes:
            return f"Version {self.published_version} published; draft has unpublished changes"
        return f"Version {self.published_version} published"


def blank_definition(name: str, *, stage_signatures: bool = False) -> dict[str, Any]:
    """A new template; ``stage_signatures`` is the instance's default (FORMSEAL_STAGE_SIGNATURES),
    stored in the definition so each published version keeps the choice it was signed with."""
    definition: dict[str, Any] = {
        "name": name,
        "roles": [dict(DEFAULT_ROLE)],
        "sections": [],
        "document": [],
    }
    if stage_signatures:
        definition["settings"] = {"stage_signatures": True}
    return definition


def clean_name(name: str) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise Invalid("Enter a name for the template, for example “Service agreement”.")
    if len(name) > MAX_NAME:
        raise Invalid(f"The name must be {MAX_NAME} characters or fewer.")
    return name


async def sync_from_engine(organisation_id: uuid.UUID) -> None:
    """Adopt templates published outside the designer and follow their newer versions."""
    published = await templates.list_templates(organisation_id)
    rows = await Draft.select(
        Draft.id,
        Draft.template,
        Draft.published_version,
        Draft.draft_sha256,
        Draft.published_sha256,
    ).where(Draft.organisation == organisation_id)
    by_template = {str(r["template"]): r for r in rows if r["template"]}
    for item in published:
        if not item["latest_version"]:
            continue
        draft = by_template.get(item["id"])
        if draft is None:
            await _adopt(organisation_id, uuid.UUID(item["id"]))
        elif (
            item["latest_version"] > draft["published_version"]
            and draft["draft_sha256"] == draft["published_sha256"]
        ):
            await _follow(organisation_id, draft["id"], uuid.UUID(item["id"]))


async def _adopt(organisation_id: uuid.UUID, template_id: uuid.UUID) -> None:
    latest = await templates.get_template(organisation_id, template_id)
    try:
        await drafts.create(
            organisation_id,
            latest["definition"],
            actor="",
            template_id=template_id,
            published_version=latest["version"]["number"],
            published_sha256=latest["version"]["sha256"],
        )
    except Exception:  # another process adopted it at the same moment (unique template)
        if not await Draft.exists().where(Draft.template == template_id):
            raise


async def _follow(organisation_id: uuid.UUID, draft_id: uuid.UUID, template_id: uuid.UUID) -> None:
    latest = await templates.get_template(organisation_id, template_id)
    state = await drafts.get(organisation_id, draft_id)
    await drafts.save(state, latest["definition"], actor="", summary="Newer published version")
    await drafts.mark_published(
        draft_id, template_id, latest["version"]["number"], latest["version"]["sha256"]
    )


async def list_items(
    organisation_id: uuid.UUID, query: str = "", *, archived: bool = False
) -> list[LibraryItem]:
    """Templates matching `query` (name, case-insensitive), most recently changed first."""
    where: Any = Draft.organisation == organisation_id
    where &= Draft.archived_at.is_not_null() if archived else Draft.archived_at.is_null()
    query = " ".join(query.split())[:100]
    if query:
        # LIKE wildcards typed by the author are taken literally by dropping them
        # (SQLite's LIKE already ignores case; only PostgreSQL needs ILIKE)
        pattern = "%" + query.translate(_NO_WILDCARDS) + "%"
        sqlite = Draft._meta.db.engine_type == "sqlite"
        where &= Draft.name.like(pattern) if sqlite else Draft.name.ilike(pattern)
    rows = (
        await Draft.select(
            Draft.id,
            Draft.name,
            Draft.published_version,
            Draft.draft_sha256,
            Draft.published_sha256,
            Draft.archived_at,
            Draft.updated_at,
            Draft.updated_by,
        )
        .where(where)
        .order_by(Draft.updated_at, ascending=False)
    )
    return [
        LibraryItem(
            id=r["id"],
            name=r["name"] or "Untitled template",
            published_version=r["published_version"],
            unpublished_changes=r["draft_sha256"] != r["published_sha256"],
            archived=r["archived_at"] is not None,
            updated_at=r["updated_at"],
            updated_by=r["updated_by"],
        )
        for r in rows
    ]


async def create(
    organisation_id: uuid.UUID, name: str, *, actor: str, stage_signatures: bool = False
) -> uuid.UUID:
    definition = blank_definition(clean_name(name), stage_signatures=stage_signatures)
    return await drafts.create(organisation_id, definition, actor=actor)


async def duplicate(organisation_id: uuid.UUID, draft_id: uuid.UUID, *, actor: str) -> uuid.UUID:
    """A new, unpublished template with a copy of the draft (not of its history)."""
    state = await drafts.get(organisation_id, draft_id)
    definition = state.copy_definition()
    definition["name"] = f"Copy of {state.name}"[:MAX_NAME]
    return await drafts.create(organisation_id, definition, actor=actor)


async def archive(
    organisation_id: uuid.UUID, draft_id: uuid.UUID, *, actor: str, restore: bool = False
) -> None:
    """Archive (or restore) the draft and, once published, its template: senders, links
    and embeds stop offering an archived template."""
    await drafts.set_archived(organisation_id, draft_id, not restore)
    state = await drafts.get(organisation_id, draft_id)
    if state.template_id is not None:
        status = "active" if restore else "archived"
        await templates.set_status(organisation_id, state.template_id, status, actor=actor)


@dataclass(frozen=True)
class ArchivedNotice:
    """What the library says right after archiving: which template, and how many of its
    envelopes are still out for signing (they carry on with their own version)."""

    id: uuid.UUID
    name: str
    in_flight: int


async def archived_notice(
    organisation_id: uuid.UUID, draft_id: uuid.UUID | None
) -> ArchivedNotice | None:
    if draft_id is None:
        return None
    try:
        state = await drafts.get(organisation_id, draft_id)
    except NotFound:
        return None
    if not state.archived:
        return None
    in_flight = 0
    if state.template_id is not None:
        in_flight = await templates.envelopes_in_flight(organisation_id, state.template_id)
    return ArchivedNotice(state.id, state.name, in_flight)


#: "2 MB", of 1,000,000 bytes (a definition itself is at most 1 MB: components/definition.py)
MAX_DEFINITION_BYTES = 2_000_000


async def import_definition(organisation_id: uuid.UUID, data: bytes, *, actor: str) -> uuid.UUID:
    """A new draft from an exported definition (.json): checked like the API's import, but
    not published, so the author can look at it first. Invalid names the first problems."""
    from components.definition import parse_definition, to_builtins
    from components.errors import DefinitionError

    if len(data) > MAX_DEFINITION_BYTES:
        raise Invalid("The file is larger than 2 MB: it cannot be a template definition.")
    try:
        definition = parse_definition(data)
    except DefinitionError as exc:
        problems = "; ".join(_in_words(data, e.path, e.message) for e in exc.errors[:5])
        more = f" (and {len(exc.errors) - 5} more)" if len(exc.errors) > 5 else ""
        raise Invalid(f"The definition was not imported. {problems}{more}") from None
    return await drafts.create(organisation_id, to_builtins(definition), actor=actor)


def _in_words(data: bytes, path: str, message: str) -> str:
    """A problem where the author recognises it: the step's title and the question's label
    ("Step 1 “Your details”, field “Other note”: 'note' is already used by Step 1 …"); by
    its JSON path only in a file that does not read as a definition."""
    import json

    from designer.publishing.lint import paths_in_words
    from designer.publishing.places import place

    try:
        raw = json.loads(data.removeprefix(b"\xef\xbb\xbf"))
    except (ValueError, RecursionError):
        raw = None
    if not isinstance(raw, dict):
        return f"{path}: {message}"
    try:
        return f"{place(raw, path.removesuffix('.key'))[0]}: {paths_in_words(raw, message)}"
    except (AttributeError, TypeError, KeyError):  # a shape place() cannot walk
        return f"{path}: {message}"
