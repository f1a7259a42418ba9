"""Sign in and sign out, and the sign-in's second step (the two-step code). The only designer
screens without the login guard."""

from litestar import Controller, Request, get, post
from litestar.datastructures import Cookie
from litestar.response import Redirect, Template

from designer.accounts import service, two_step_login
from designer.accounts.guards import safe_next
from designer.accounts.sessions import COOKIE, end, session_cookie
from designer.accounts.two_step_login import CHALLENGE_COOKIE, challenge_cookie
from designer.web import form_data, text
from runtime.settings import Settings
from runtime.web.pages import client_ip


def _login_page(
    settings: Settings,
    next_path: str,
    email: str = "",
    error: str = "",
    status: int = 200,
    cookies: list[Cookie] | None = None,
) -> Template:
    sso = settings.oidc_name if settings.oidc_issuer and settings.oidc_client_id else ""
    return Template(
        template_name="pages/designer/login.html",
        context={"next": next_path, "email": email, "error": error, "user": None, "sso": sso},
        status_code=status,
        cookies=cookies,
    )


def _code_page(email: str, error: str = "", status: int = 200) -> Template:
    return Template(
        template_name="pages/designer/login_code.html",
        context={"email": email, "error": error, "user": None},
        status_code=status,
    )


class LoginController(Controller):
    path = "/"
    include_in_schema = False
    opt = {"public": True}

    @get("/login")
    async def login_form(
        self, settings: Settings, next: str | None = None, expired: str = "", locked: str = ""
    ) -> Template:
        error = two_step_login.EXPIRED if expired else ""
        error = service.locked_message(settings) if locked else error
        return _login_page(settings, safe_next(next), error=error)

    @post("/login")
    async def login(self, request: Request, settings: Settings) -> Template | Redirect:
        data = await form_data(request)
        email, next_path = text(data, "email", 254), safe_next(text(data, "next", 500))
        try:
            signed_in = await service.sign_in(
                settings, email, text(data, "password", 2000), client_ip(request), next_path
            )
        except service.LoginRefused as refused:
            return _login_page(settings, next_path, email, refused.message, refused.status)
        if isinstance(signed_in, service.SecondStep):
            cookie = challenge_cookie(settings, signed_in.token, signed_in.max_age)
            return Redirect(two_step_login.CODE_PATH, status_code=303, cookies=[cookie])
        cookie = session_cookie(settings, signed_in.token, signed_in.max_age)
        return Redirect(next_path, status_code=303, cookies=[cookie])

    @get("/login/code")
    async def code_form(self, request: Request) -> Template | Redirect:
        waiting = await two_step_login.waiting(request.cookies.get(CHALLENGE_COOKIE, ""))
        if waiting is None:
            return Redirect("/designer/login?expired=1", status_code=303)
        return _code_page(waiting.email)

    @post("/login/code")
    async def code(self, request: Request, settings: Settings) -> Template | Redirect:
        token = request.cookies.get(CHALLENGE_COOKIE, "")
        waiting = await two_step_login.waiting(token)
        code = text(await form_data(request), "code", 40)
        try:
            signed_in, next_path, left = await two_step_login.finish(
                settings, token, code, client_ip(request)
            )
        except service.LoginRefused as refused:
            if waiting is None or refused.status in (410, 429):
                gone = challenge_cookie(settings, "", 0)
                if refused.status == 410:
                    return Redirect("/designer/login?expired=1", status_code=303, cookies=[gone])
                return _login_page(
                    settings, "/designer/", "", refused.message, refused.status, [gone]
                )
            return _code_page(waiting.email, refused.message, refused.status)
        cookies = [
            session_cookie(settings, signed_in.token, signed_in.max_age),
            challenge_cookie(settings, "", 0),
        ]
        if left is not None:  # a recovery code: say how many are left, where new ones are
            next_path = f"/designer/account?recovery_left={left}"
        return Redirect(next_path, status_code=303, cookies=cookies)

    @post("/logout")
    async def logout(self, request: Request, settings: Settings) -> Redirect:
        await end(request.cookies.get(COOKIE, ""))
        gone = session_cookie(settings, "", 0)
        return Redirect("/designer/login", status_code=303, cookies=[gone])
