"""Sign in and sign out. The only designer screens without the login guard."""

from litestar import Controller, Request, get, post
from litestar.response import Redirect, Template

from designer.accounts import service
from designer.accounts.guards import safe_next
from designer.accounts.sessions import COOKIE, end, session_cookie
from designer.web import form_data, text
from runtime.settings import Settings
from runtime.web.pages import client_ip


def _login_page(
    settings: Settings, next_path: str, email: str = "", error: str = "", status: int = 200
) -> Template:
    sso = settings.oidc_name if settings.oidc_issuer and settings.oidc_client_id else ""
    return Template(
        template_name="pages/designer/login.html",
        context={"next": next_path, "email": email, "error": error, "user": None, "sso": sso},
        status_code=status,
    )


class LoginController(Controller):
    path = "/"
    include_in_schema = False
    opt = {"public": True}

    @get("/login")
    async def login_form(self, settings: Settings, next: str | None = None) -> Template:
        return _login_page(settings, safe_next(next))

    @post("/login")
    async def login(self, request: Request, settings: Settings) -> Template | Redirect:
        data = await form_data(request)
        email, next_path = text(data, "email", 254), safe_next(text(data, "next", 500))
        try:
            signed_in = await service.sign_in(
                settings, email, text(data, "password", 2000), client_ip(request)
            )
        except service.LoginRefused as refused:
            return _login_page(settings, next_path, email, refused.message, refused.status)
        cookie = session_cookie(settings, signed_in.token, signed_in.max_age)
        return Redirect(next_path, status_code=303, cookies=[cookie])

    @post("/logout")
    async def logout(self, request: Request, settings: Settings) -> Redirect:
        await end(request.cookies.get(COOKIE, ""))
        gone = session_cookie(settings, "", 0)
        return Redirect("/designer/login", status_code=303, cookies=[gone])
