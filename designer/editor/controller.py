"""The form editor's endpoints. Thin: parse, call operations through editor.service, render."""

import uuid
from typing import Any

from litestar import Request, get, post
from litestar.response import Template

from designer import drafts
from designer.accounts import CurrentUser
from designer.editor import apply as applying
from designer.editor import operations as ops
from designer.editor import service, tab_context, views
from designer.editor.base import DraftController
from designer.editor.responses import saved_elsewhere, saved_headers, workspace
from designer.editor.upload_limit import server_cap
from designer.web import form_data, partial, text, whole_number
from runtime.errors import Invalid
from runtime.stamps.service import list_stamps


class EditorController(DraftController):
    @get("/edit")
    async def edit(
        self, request: Request, draft_id: uuid.UUID, current_user: CurrentUser, select: str = ""
    ) -> Template:
        state = await drafts.get(current_user.organisation_id, draft_id)
        return workspace(request, current_user, state, select or "template")

    @get("/properties")
    async def properties(
        self,
        request: Request,
        draft_id: uuid.UUID,
        current_user: CurrentUser,
        select: str = "template",
        tab: str = "form",
    ) -> Template:
        state = await drafts.get(current_user.organisation_id, draft_id)
        context = views.properties_context(state, select, server_cap(request))
        return partial(
            "_properties.html",
            props=context,
            state=state,
            tab=_tab(tab),
            oob_selection=True,
            current_section=views.current_section(state.definition, context["select"]),
        )

    @get("/stamp-choices")
    async def stamp_choices(
        self, draft_id: uuid.UUID, current_user: CurrentUser, value: str = ""
    ) -> Template:
        """A stamp field's chooser: the organisation's stamps (its group's shared ones too),
        loaded into its panel (the panel itself is drawn without the database). Another
        organisation's template is a 404, as every URL under it."""
        await drafts.get(current_user.organisation_id, draft_id)
        stamps = await list_stamps(current_user.organisation_id, active_only=True, shared=True)
        return partial("_stamp_choices.html", stamps=stamps, value=value)

    @post("/properties")
    async def save_properties(
        self, request: Request, draft_id: uuid.UUID, current_user: CurrentUser
    ) -> Template:
        data = await form_data(request)
        target = text(data, "item", 200)
        published = await _published_fields(current_user, draft_id, target)
        keys = frozenset(published)
        state, new_target = await self._change(
            request,
            current_user,
            draft_id,
            lambda d: applying.apply(d, target, data, keys, published),
            f"Changed {target.partition(':')[0]}",
        )
        tab = _tab(text(data, "tab", 20))
        if shown := text(data, "shown", 200):  # Retry, the panel replaced (responses.py)
            shown = new_target if shown == target else shown
            return saved_elsewhere(request, state, tab, new_target, shown)
        context = tab_context(tab, state, new_target, server_cap(request))
        return partial(
            "_properties_saved.html",
            headers=saved_headers(state),
            renamed=new_target != target,
            posted_key=text(data, "key", 100),
            **context,
        )

    @post("/sections")
    async def add_section(
        self, request: Request, draft_id: uuid.UUID, current_user: CurrentUser
    ) -> Template:
        data = await form_data(request)
        at = whole_number(data, "at", 5, None)
        state, key = await self._change(
            request,
            current_user,
            draft_id,
            lambda d: ops.add_section(d, text(data, "title", 200), at=at),
            "Added a step",
        )
        return workspace(request, current_user, state, f"section:{key}")

    @post("/sections/{key:str}/delete")
    async def delete_section(
        self, request: Request, draft_id: uuid.UUID, key: str, current_user: CurrentUser
    ) -> Template:
        state, _ = await self._change(
            request, current_user, draft_id, lambda d: ops.delete_section(d, key), "Deleted a step"
        )
        return workspace(request, current_user, state, "template")

    @post("/sections/{key:str}/move")
    async def move_section(
        self, request: Request, draft_id: uuid.UUID, key: str, current_user: CurrentUser
    ) -> Template:
        data = await form_data(request)

        def edit(d: dict[str, Any]) -> None:
            items = ops.sections(d)
            index = items.index(ops.find_section(d, key))
            to = applying.move_index(items, index, text(data, "direction"), text(data, "to"))
            ops.move_section(d, key, to)

        state, _ = await self._change(request, current_user, draft_id, edit, "Moved a step")
        return workspace(request, current_user, state, f"section:{key}")

    @post("/fields")
    async def add_field(
        self, request: Request, draft_id: uuid.UUID, current_user: CurrentUser
    ) -> Template:
        data = await form_data(request)
        at = whole_number(data, "at", 5, None)
        state, key = await self._change(
            request,
            current_user,
            draft_id,
            lambda d: ops.add_field(
                d, text(data, "component", 40), text(data, "section", 100) or None, at
            ),
            "Added a field",
        )
        return workspace(request, current_user, state, f"field:{key}")

    @post("/fields/{key:str}/delete")
    async def delete_field(
        self, request: Request, draft_id: uuid.UUID, key: str, current_user: CurrentUser
    ) -> Template:
        state, _ = await self._change(
            request, current_user, draft_id, lambda d: ops.delete_field(d, key), "Deleted a field"
        )
        return workspace(request, current_user, state, "template")

    @post("/fields/{key:str}/duplicate")
    async def duplicate_field(
        self, request: Request, draft_id: uuid.UUID, key: str, current_user: CurrentUser
    ) -> Template:
        state, new_key = await self._change(
            request,
            current_user,
            draft_id,
            lambda d: ops.duplicate_field(d, key),
            "Duplicated a field",
        )
        return workspace(request, current_user, state, f"field:{new_key}")

    @post("/fields/{key:str}/move")
    async def move_field(
        self, request: Request, draft_id: uuid.UUID, key: str, current_user: CurrentUser
    ) -> Template:
        data = await form_data(request)
        state, _ = await self._change(
            request,
            current_user,
            draft_id,
            lambda d: _move_field(
                d, key, text(data, "section", 100), text(data, "to", 5), text(data, "direction", 5)
            ),
            "Moved a field",
        )
        return workspace(request, current_user, state, f"field:{key}")

    @post("/undo")
    async def undo(
        self, request: Request, draft_id: uuid.UUID, current_user: CurrentUser, tab: str = "form"
    ) -> Template:
        data = await form_data(request)
        state, select = await service.undo(
            current_user.organisation_id,
            draft_id,
            actor=current_user.email,
            select=text(data, "select", 200),
        )
        return workspace(request, current_user, state, select, _tab(tab))

    @post("/redo")
    async def redo(
        self, request: Request, draft_id: uuid.UUID, current_user: CurrentUser, tab: str = "form"
    ) -> Template:
        data = await form_data(request)
        state, select = await service.redo(
            current_user.organisation_id,
            draft_id,
            actor=current_user.email,
            select=text(data, "select", 200),
        )
        return workspace(request, current_user, state, select, _tab(tab))


def _tab(tab: str) -> str:
    return tab if tab in ("form", "document", "roles") else "form"


def _move_field(d: dict[str, Any], key: str, section: str, to: str, direction: str) -> None:
    """Drag and drop names the step and index; the keyboard says up or down, and moving
    past the top or bottom of a step continues into the step before or after."""
    if to.isdigit():
        ops.move_field(d, key, section or ops.find_field(d, key)[0]["key"], int(to))
        return
    current, index, _ = ops.find_field(d, key)
    items = ops.sections(d)
    position = items.index(current)
    if direction == "up":
        if index > 0:
            ops.move_field(d, key, current["key"], index - 1)
        elif position > 0:
            previous = items[position - 1]
            ops.move_field(d, key, previous["key"], len(previous.get("fields", [])))
    elif direction == "down":
        if index < len(current["fields"]) - 1:
            ops.move_field(d, key, current["key"], index + 1)
        elif position < len(items) - 1:
            ops.move_field(d, key, items[position + 1]["key"], 0)
    else:
        raise Invalid("Say where to move the field.")


async def _published_fields(
    current_user: CurrentUser, draft_id: uuid.UUID, target: str
) -> dict[str, list[dict[str, Any]]]:
    """The fields of the latest version (key -> its options), when a field is changed: its
    key and option values then stay although its words change (callers of the live
    version, and answers already given, name them so). For a step, its steps' keys."""
    if not target.startswith(("field:", "section:")):
        return {}
    from designer.publishing.service import published_definition

    state = await drafts.get(current_user.organisation_id, draft_id)
    if not state.published_version:
        return {}
    definition, _ = await published_definition(state)
    if target.startswith("section:"):
        return {str(s.get("key")): [] for s in (definition or {}).get("sections", [])}
    return {
        str(f.get("key")): list(f.get("options") or [])
        for s in (definition or {}).get("sections", [])
        for f in s.get("fields", [])
    }
