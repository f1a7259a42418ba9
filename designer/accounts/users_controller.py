"""The users screen: admins list, create, re-role, deactivate and reactivate users."""

import uuid

from litestar import Controller, Request, get, post
from litestar.response import Redirect, Template

from designer.accounts import users
from designer.accounts.guards import CurrentUser, requires_role
from designer.accounts.roles import DESCRIPTIONS, LABELS, ROLES
from designer.web import form_data, page, text
from runtime.errors import DomainError
from runtime.settings import Settings


def _users_page(
    user: CurrentUser,
    rows: list[users.UserRow],
    settings: Settings,
    *,
    error: str = "",
    form: dict[str, str] | None = None,
    status_code: int = 200,
) -> Template:
    return page(
        "users.html",
        user,
        status_code=status_code,
        nav="users",
        users=rows,
        roles=ROLES,
        labels=LABELS,
        descriptions=DESCRIPTIONS,
        error=error,
        form=form or {"email": "", "name": "", "role": "author"},
        sso_name=settings.oidc_name if settings.oidc_issuer else "",
    )


class UsersController(Controller):
    path = "/users"
    guards = [requires_role("admin")]

    @get("/")
    async def list_users(self, current_user: CurrentUser, settings: Settings) -> Template:
        rows = await users.list_users(current_user.organisation_id)
        return _users_page(current_user, rows, settings)

    @post("/")
    async def create(
        self, request: Request, current_user: CurrentUser, settings: Settings
    ) -> Template | Redirect:
        data = await form_data(request)
        form = {k: text(data, k, 254) for k in ("email", "name", "role")}
        try:
            await users.add_user(
                current_user.organisation_id,
                form["email"],
                form["name"],
                form["role"],
                text(data, "password", 2000),
                actor=current_user.email,
            )
        except DomainError as exc:
            rows = await users.list_users(current_user.organisation_id)
            return _users_page(
                current_user, rows, settings, error=exc.detail, form=form, status_code=422
            )
        return Redirect("/designer/users", status_code=303)

    @post("/{user_id:uuid}/role")
    async def change_role(
        self, request: Request, user_id: uuid.UUID, current_user: CurrentUser
    ) -> Redirect:
        data = await form_data(request)
        await users.change_role(
            current_user.organisation_id, user_id, text(data, "role", 20), actor=current_user.email
        )
        return Redirect("/designer/users", status_code=303)

    @post("/{user_id:uuid}/deactivate")
    async def deactivate(self, user_id: uuid.UUID, current_user: CurrentUser) -> Redirect:
        await users.set_active(
            current_user.organisation_id, user_id, False, actor=current_user.email
        )
        return Redirect("/designer/users", status_code=303)

    @post("/{user_id:uuid}/reactivate")
    async def reactivate(self, user_id: uuid.UUID, current_user: CurrentUser) -> Redirect:
        await users.set_active(
            current_user.organisation_id, user_id, True, actor=current_user.email
        )
        return Redirect("/designer/users", status_code=303)
