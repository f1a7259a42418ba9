"""/designer/sso/start sends the browser to the identity provider; /designer/sso/callback
finishes the sign-in. Both are public (no session yet); errors are explained on a page."""

import logging

from litestar import Controller, Request, get
from litestar.datastructures import Cookie
from litestar.response import Redirect, Template

from designer.accounts.guards import safe_next
from designer.accounts.sessions import session_cookie
from designer.sso import flow
from designer.sso.provider import SsoFailed
from runtime.logging_setup import REQUEST_ID
from runtime.settings import Settings
from runtime.web.pages import client_ip

log = logging.getLogger("formseal.sso")
FLOW_PATH = "/designer/sso"  # the cookie path; the controller sits under /designer


def _flow_cookie(settings: Settings, value: str, max_age: int) -> Cookie:
    return Cookie(
        key=flow.COOKIE,
        value=value,
        max_age=max_age,
        path=FLOW_PATH,
        httponly=True,
        secure=settings.secure_cookies,
        samesite="lax",  # sent on the provider's top-level redirect back to us
    )


def _error(settings: Settings, failure: SsoFailed) -> Template:
    # The page tells the person; the log tells the administrator what the provider sent.
    log.warning(
        "single sign-on refused (%s): %s%s",
        failure.status,
        failure.message,
        f" {failure.detail[:1].upper()}{failure.detail[1:]}." if failure.detail else "",
    )
    return Template(
        template_name="pages/designer/sso_error.html",
        context={
            "user": None,
            "detail": failure.message,
            "sso_name": settings.oidc_name,
            "reference": REQUEST_ID.get(),
        },
        status_code=failure.status,
        cookies=[_flow_cookie(settings, "", 0)],
    )


class SsoController(Controller):
    path = "/sso"
    include_in_schema = False
    opt = {"public": True}

    @get("/start")
    async def start(self, settings: Settings, next: str | None = None) -> Redirect | Template:
        try:
            started = await flow.start(settings, safe_next(next))
        except SsoFailed as failure:
            return _error(settings, failure)
        return Redirect(
            started.redirect_to,
            status_code=303,
            cookies=[_flow_cookie(settings, started.cookie_value, flow.FLOW_SECONDS)],
        )

    @get("/callback")
    async def callback(self, request: Request, settings: Settings) -> Redirect | Template:
        params = {k: str(v)[:2000] for k, v in request.query_params.items()}
        try:
            signed_in, next_path = await flow.finish(
                settings, params, request.cookies.get(flow.COOKIE, ""), client_ip(request)
            )
        except SsoFailed as failure:
            return _error(settings, failure)
        session = session_cookie(settings, signed_in.token, signed_in.max_age)
        return Redirect(
            safe_next(next_path),
            status_code=303,
            cookies=[session, _flow_cookie(settings, "", 0)],
        )
