"""/designer/settings/embedding: allowed intranet origins, how tokens are checked, the
shared secret (shown once, when created or rotated) and each form's embed snippet.

Thin: parse the form, call runtime.embed.setup (the rules the API uses too), render.
Everything is the signed-in administrator's own organisation; no id comes from the URL.
"""

import re
from html import escape
from typing import Any

from litestar import Controller, Request, get, post
from litestar.response import Redirect, Template

from designer.accounts.guards import CurrentUser, requires_role
from designer.web import form_data, page, text
from runtime.embed import setup
from runtime.errors import Conflict
from runtime.settings import Settings

#: the page that shows a new secret must not be kept by the browser or a proxy
NO_STORE = {"Cache-Control": "no-store"}
DONE = {
    "saved": "The embedding settings were saved.",
    "off": "Embedding is off: intranet pages can no longer show the forms.",
}


def _change(data: dict[str, Any]) -> setup.EmbeddingChange:
    """The form as the service's request; a max age that is not a number is 0 (refused)."""
    age = text(data, "max_age_seconds", 12).strip()
    return setup.EmbeddingChange(
        origins=re.split(r"[\s,]+", text(data, "origins", 20_000)),
        issuer=text(data, "issuer", 600).strip(),
        mode=text(data, "mode", 10),
        jwks_url=text(data, "jwks_url", 2000).strip(),
        audience=text(data, "audience", 300).strip(),
        max_age_seconds=int(age) if age.isdigit() else 0,
    )


def snippet(base_url: str, template: dict[str, Any]) -> str:
    """The line an IT person pastes into the intranet page, as docs/examples/intranet has it;
    the page's server puts a freshly minted token in place of __TOKEN__."""
    return (
        f'<script src="{escape(base_url)}/embed.js" data-form="{escape(template["slug"])}" '
        f'data-token="__TOKEN__" data-title="{escape(template["name"])}"></script>'
    )


class EmbeddingController(Controller):
    path = "/settings/embedding"
    guards = [requires_role("admin")]

    @get("/")
    async def index(
        self, current_user: CurrentUser, settings: Settings, done: str = ""
    ) -> Template:
        return await self._page(current_user, settings, notice=DONE.get(done, ""))

    @post("/")
    async def save(
        self, request: Request, current_user: CurrentUser, settings: Settings
    ) -> Template | Redirect:
        data = await form_data(request)
        change = _change(data)
        try:
            _, secret = await setup.save_embedding(
                current_user.organisation_id,
                change,
                actor=current_user.email,
                jwks_allowed_hosts=settings.jwks_allowed_hosts,
            )
        except setup.EmbeddingInvalid as exc:
            form = {k: text(data, k, 20_000) for k in ("origins", "issuer", "mode", "jwks_url")}
            form |= {k: text(data, k, 300) for k in ("audience", "max_age_seconds")}
            return await self._page(
                current_user, settings, form=form, errors=exc.errors, status_code=422
            )
        if secret:  # shown now or never: answer with the page instead of redirecting
            notice = "The embedding settings were saved and a shared secret was created."
            return await self._page(current_user, settings, notice=notice, secret=secret)
        return Redirect("/designer/settings/embedding?done=saved", status_code=303)

    @post("/rotate")
    async def rotate(self, current_user: CurrentUser, settings: Settings) -> Template:
        try:
            secret = await setup.rotate_secret(
                current_user.organisation_id, actor=current_user.email
            )
        except Conflict as exc:
            return await self._page(
                current_user, settings, errors={"rotate": exc.detail}, status_code=409
            )
        notice = "The shared secret was rotated: tokens signed with the old one are refused."
        return await self._page(current_user, settings, notice=notice, secret=secret)

    @post("/off")
    async def turn_off(self, current_user: CurrentUser) -> Redirect:
        await setup.turn_off(current_user.organisation_id, actor=current_user.email)
        return Redirect("/designer/settings/embedding?done=off", status_code=303)

    async def _page(
        self,
        user: CurrentUser,
        settings: Settings,
        *,
        notice: str = "",
        errors: dict[str, str] | None = None,
        form: dict[str, str] | None = None,
        secret: str | None = None,
        status_code: int = 200,
    ) -> Template:
        current = await setup.get_embedding(user.organisation_id)
        if form is None:
            form = {
                "origins": "\n".join(current["origins"]),
                "issuer": current["issuer"],
                "mode": current["mode"] or "hs256",
                "jwks_url": current["jwks_url"] or "",
                "audience": current["audience"],
                "max_age_seconds": str(current["max_age_seconds"]),
            }
        templates = await setup.embeddable_templates(user.organisation_id)
        base_url = settings.base_url.rstrip("/")
        template = page(
            "settings_embedding.html",
            user,
            status_code=status_code,
            nav="embedding",
            current=current,
            on=setup.is_on(current),
            secret_tail=current["secret_ends_with"] or "",
            new_secret=secret,
            form=form,
            errors=errors or {},
            notice=notice,
            templates=templates,
            snippets={t["slug"]: snippet(base_url, t) for t in templates},
        )
        template.headers.update(NO_STORE)
        return template
