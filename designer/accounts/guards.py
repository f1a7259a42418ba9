"""The login guard and the `current_user` dependency, for any screen that needs an author.

    Router(path="/x", guards=[requires_login],
           dependencies={"current_user": Provide(provide_current_user)},
           exception_handlers={LoginRequired: login_redirect}, route_handlers=[...])

Handlers marked `opt={"public": True}` (the login page itself) skip the guard.
"""

from urllib.parse import quote, urlsplit

from litestar import Request, Response
from litestar.connection import ASGIConnection
from litestar.exceptions import NotAuthorizedException
from litestar.handlers.base import BaseRouteHandler
from litestar.response import Redirect

from designer.accounts.sessions import COOKIE, SessionUser, lookup

CurrentUser = SessionUser
LOGIN_PATH = "/designer/login"


class LoginRequired(NotAuthorizedException):
    """No signed-in author: pages redirect to the login page, htmx gets HX-Redirect."""


async def requires_login(connection: ASGIConnection, handler: BaseRouteHandler) -> None:
    """Guard: load the session's user into `connection.state.current_user`, or refuse."""
    if handler.opt.get("public"):
        return
    user = await lookup(connection.cookies.get(COOKIE, ""))
    if user is None:
        raise LoginRequired("Sign in to continue.")
    connection.state.current_user = user


async def provide_current_user(request: Request) -> CurrentUser:
    """Dependency: the author the guard found (looked up again if no guard ran)."""
    user = request.state.get("current_user") or await lookup(request.cookies.get(COOKIE, ""))
    if user is None:
        raise LoginRequired("Sign in to continue.")
    return user


def safe_next(target: str | None, default: str = "/designer/") -> str:
    """Only a path on this site, so `?next=` can never send anyone elsewhere."""
    if not target:
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return default
    if "\\" in target or any(ord(c) < 32 for c in target):
        return default
    return target


def login_redirect(request: Request, exc: Exception) -> Response:
    """Send anonymous visitors to the login page and back to where they were afterwards."""
    if request.method == "GET" and not request.headers.get("hx-request"):
        back = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    else:
        back = request.headers.get("hx-current-url", "")
        back = urlsplit(back).path if back else ""
    location = f"{LOGIN_PATH}?next={quote(safe_next(back), safe='/')}"
    if request.headers.get("hx-request"):
        return Response(content=None, status_code=200, headers={"HX-Redirect": location})
    return Redirect(location, status_code=303)
