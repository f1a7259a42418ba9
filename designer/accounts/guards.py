"""The login guard and the `current_user` dependency, for any screen that needs an author.

    Router(path="/x", guards=[requires_login],
           dependencies={"current_user": Provide(provide_current_user)},
           exception_handlers={LoginRequired: login_redirect}, route_handlers=[...])

Handlers marked `opt={"public": True}` (the login page itself) skip the guard.

Roles (designer/accounts/roles.py) are enforced with `requires_role(...)`, one line on a
controller or handler after the login guard:

    class PublishingController(Controller):
        guards = [requires_role("author")]              # every route needs an author
    class SendingController(Controller):
        guards = [requires_role("sender", reads=True)]  # GET/HEAD open to every role

A change (POST, PUT, PATCH, DELETE) on a route whose guards name no role is refused to
everyone but admins, so a new screen is safe until it says who may use it; routes that
change nothing although they POST (previews) say `requires_role("viewer")`.

A refused request raises `RoleForbidden` (403): a designer page for people, a short text
for htmx (`forbidden_page`).
"""

from collections.abc import Awaitable, Callable
from urllib.parse import quote, urlsplit

from litestar import MediaType, Request, Response
from litestar.connection import ASGIConnection
from litestar.exceptions import NotAuthorizedException, PermissionDeniedException
from litestar.handlers.base import BaseRouteHandler
from litestar.response import Redirect, Template

from designer.accounts.roles import ACTION_OF_ROLE, ACTION_WORDS, LABELS, can
from designer.accounts.sessions import COOKIE, SessionUser, lookup

Guard = Callable[[ASGIConnection, BaseRouteHandler], Awaitable[None]]
READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

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
    if user.must_turn_on_two_step and not _sets_up_two_step(connection):
        raise TwoStepRequired("Turn on two-step verification to continue.")
    # Safe by default: a change on a route that names no role is an admin's work.
    if connection.scope.get("method", "GET") not in READ_METHODS and not _names_a_role(handler):
        _refuse_unless(user, "admin")


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


class TwoStepRequired(NotAuthorizedException):
    """The organisation requires two-step verification and this user has not turned it on:
    every designer page but Your account sends them there."""


ACCOUNT_PATH = "/designer/account"


def _sets_up_two_step(connection: ASGIConnection) -> bool:
    path = connection.url.path.rstrip("/")
    return path == ACCOUNT_PATH or path.startswith(ACCOUNT_PATH + "/two-step")


def two_step_redirect(request: Request, exc: Exception) -> Response:
    """To Your account, where the organisation's requirement is said and met."""
    location = ACCOUNT_PATH
    if request.headers.get("hx-request"):
        return Response(content=None, status_code=200, headers={"HX-Redirect": location})
    return Redirect(location, status_code=303)


class RoleForbidden(PermissionDeniedException):
    """The signed-in user's role may not do this (403)."""


def requires_role(role: str, *, reads: bool = False) -> Guard:
    """Guard: only users whose role may do `role`'s work (admins always may).

    `reads=True` lets every role through for GET/HEAD, for controllers that both show
    and change things; the changes still need the role.
    """
    action = ACTION_OF_ROLE[role]

    async def guard(connection: ASGIConnection, handler: BaseRouteHandler) -> None:
        if handler.opt.get("public"):
            return
        if reads and connection.scope.get("method", "GET") in READ_METHODS:
            return
        user = connection.state.get("current_user") or await lookup(
            connection.cookies.get(COOKIE, "")
        )
        if user is None:
            raise LoginRequired("Sign in to continue.")
        _refuse_unless(user, action)

    guard.__name__ = f"requires_role_{role}"
    guard.designer_role = role  # type: ignore[attr-defined]
    return guard


def _names_a_role(handler: BaseRouteHandler) -> bool:
    return any(getattr(g, "designer_role", None) for g in handler.resolve_guards())


def _refuse_unless(user: SessionUser, action: str) -> None:
    if not can(user.role, action):
        raise RoleForbidden(
            f"Your role in {user.organisation_name} is {LABELS.get(user.role, user.role)}, "
            f"which may not {ACTION_WORDS[action]}. Ask an administrator of your "
            "organisation if you need to."
        )


def forbidden_page(request: Request, exc: Exception) -> Response:
    """403 as a designer page, or as text that designer-saving.js shows in place for htmx."""
    detail = str(getattr(exc, "detail", "")) or "You may not do this."
    if request.headers.get("hx-request") == "true":
        return Response(detail, status_code=403, media_type=MediaType.TEXT)
    user = request.state.get("current_user")
    return Template(  # type: ignore[return-value]
        template_name="pages/designer/forbidden.html",
        context={"user": user, "detail": detail},
        status_code=403,
        media_type=MediaType.HTML,
    )
