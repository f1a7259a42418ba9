"""Roles and signing order: add roles, drag them into stages, change and delete them."""

import uuid
from typing import Any

from litestar import Request, get, post
from litestar.response import Template

from designer import drafts
from designer.accounts import CurrentUser
from designer.editor.base import DraftController
from designer.editor.responses import workspace
from designer.roles import operations as ops
from designer.web import form_data, text, whole_number


class RolesController(DraftController):
    @get("/roles")
    async def roles(
        self, request: Request, draft_id: uuid.UUID, current_user: CurrentUser, select: str = ""
    ) -> Template:
        state = await drafts.get(current_user.organisation_id, draft_id)
        return workspace(request, current_user, state, select, "roles")

    @post("/roles")
    async def add(
        self, request: Request, draft_id: uuid.UUID, current_user: CurrentUser
    ) -> Template:
        data = await form_data(request)
        state, key = await self._change(
            request,
            current_user,
            draft_id,
            lambda d: ops.add_role(d, text(data, "kind", 20)),
            "Added a role",
        )
        return workspace(request, current_user, state, f"role:{key}", "roles")

    @post("/roles/{key:str}/delete")
    async def delete(
        self, request: Request, draft_id: uuid.UUID, key: str, current_user: CurrentUser
    ) -> Template:
        state, _ = await self._change(
            request, current_user, draft_id, lambda d: ops.delete_role(d, key), "Deleted a role"
        )
        return workspace(request, current_user, state, "", "roles")

    @post("/roles/{key:str}/stage")
    async def stage(
        self, request: Request, draft_id: uuid.UUID, key: str, current_user: CurrentUser
    ) -> Template:
        data = await form_data(request)
        stage, to = whole_number(data, "stage", 5, 1), whole_number(data, "to", 5, None)

        def edit(d: dict[str, Any]) -> None:
            ops.move_role(d, key, stage, to)

        state, _ = await self._change(
            request, current_user, draft_id, edit, "Changed the signing order"
        )
        return workspace(request, current_user, state, f"role:{key}", "roles")

    @post("/roles/{key:str}/move")
    async def move(
        self, request: Request, draft_id: uuid.UUID, key: str, current_user: CurrentUser
    ) -> Template:
        data = await form_data(request)
        state, _ = await self._change(
            request,
            current_user,
            draft_id,
            lambda d: ops.step_role(d, key, text(data, "direction", 10)),
            "Changed the signing order",
        )
        return workspace(request, current_user, state, f"role:{key}", "roles")
