"""/designer/settings/api-keys: the organisation's API keys — create one (shown once),
see when each was last used, revoke one at once.

Thin: parse the form, call runtime.accounts.service (the rules the API and the CLI use
too), render. Every key id is looked up within the signed-in user's organisation.
"""

import uuid

from litestar import Controller, Request, get, post
from litestar.response import Redirect, Template

from designer.accounts.guards import CurrentUser, requires_role
from designer.web import as_list, form_data, page, text
from runtime.accounts.service import (
    SCOPE_WORDS,
    SCOPES,
    create_api_key,
    list_api_keys,
    revoke_api_key,
    scopes_problem,
)
from runtime.settings import Settings

#: the page that shows a new key must not be kept by the browser or a proxy
NO_STORE = {"Cache-Control": "no-store"}
NAME_LIMIT = 200


class ApiKeysController(Controller):
    path = "/settings/api-keys"
    guards = [requires_role("admin")]

    @get("/")
    async def index(
        self, current_user: CurrentUser, settings: Settings, revoked: str = ""
    ) -> Template:
        keys = await list_api_keys(current_user.organisation_id)
        gone = next((k for k in keys if k["id"] == revoked and k["revoked_at"]), None)
        notice = (
            f"The key “{gone['name']}” ({gone['prefix']}…) was revoked: it no longer works."
            if gone
            else ""
        )
        return _page(current_user, settings, keys, notice=notice)

    @post("/")
    async def create(
        self, request: Request, current_user: CurrentUser, settings: Settings
    ) -> Template:
        data = await form_data(request)
        name = text(data, "name", NAME_LIMIT + 1).strip()
        scopes = [s for s in SCOPES if s in as_list(data, "scopes")]
        unknown = [s for s in as_list(data, "scopes") if s not in SCOPES]
        errors = {}
        if not name:
            errors["name"] = "Enter a name that says who or what uses the key, like “CRM”."
        elif len(name) > NAME_LIMIT:
            errors["name"] = f"The name must be {NAME_LIMIT} characters or fewer."
        if unknown:
            errors["scopes"] = scopes_problem(unknown)
        elif not scopes:
            errors["scopes"] = "Choose at least one thing the key may do."
        if errors:
            keys = await list_api_keys(current_user.organisation_id)
            form = {"name": name[:NAME_LIMIT], "scopes": scopes}
            return _page(current_user, settings, keys, errors=errors, form=form, status_code=422)
        key = await create_api_key(
            current_user.organisation_id, name, tuple(scopes), actor=current_user.email
        )
        keys = await list_api_keys(current_user.organisation_id)
        # shown now or never: answer with the page instead of redirecting
        return _page(current_user, settings, keys, new_key=key, new_name=name)

    @post("/{key_id:uuid}/revoke")
    async def revoke(self, current_user: CurrentUser, key_id: uuid.UUID) -> Redirect:
        await revoke_api_key(current_user.organisation_id, key_id, actor=current_user.email)
        return Redirect(f"/designer/settings/api-keys?revoked={key_id}", status_code=303)


def _page(
    user: CurrentUser,
    settings: Settings,
    keys: list[dict],
    *,
    notice: str = "",
    errors: dict[str, str] | None = None,
    form: dict | None = None,
    new_key: str = "",
    new_name: str = "",
    status_code: int = 200,
) -> Template:
    template = page(
        "settings_api_keys.html",
        user,
        status_code=status_code,
        nav="api-keys",
        active=[k for k in keys if not k["revoked_at"]],
        revoked=[k for k in keys if k["revoked_at"]],
        scopes=SCOPES,
        scope_words=SCOPE_WORDS,
        notice=notice,
        errors=errors or {},
        form=form or {"name": "", "scopes": ["read", "send"]},
        new_key=new_key,
        new_name=new_name,
        api_base=settings.base_url.rstrip("/") + "/api/v1",
    )
    template.headers.update(NO_STORE)
    return template
