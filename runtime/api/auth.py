"""Bearer API keys: who is calling, and may they do this."""

from typing import Any

from litestar import Request
from litestar.connection import ASGIConnection
from litestar.exceptions import NotAuthorizedException, PermissionDeniedException

from runtime.accounts.service import Caller, authenticate

#: RFC 6750: a 401 names the scheme it wants, and why a key sent was refused
ASK_FOR_KEY = {"WWW-Authenticate": 'Bearer realm="formseal"'}
KEY_REFUSED = {"WWW-Authenticate": 'Bearer realm="formseal", error="invalid_token"'}


async def key_first(connection: ASGIConnection[Any, Any, Any, Any], _: object) -> None:
    """Guard of every /api controller: the key (401) and its scope (403) are checked before
    the body is read. As a dependency alone, a body that is not JSON was refused (400)
    before a caller without a key heard that they need one."""
    await provide_caller(connection)  # type: ignore[arg-type]


async def provide_caller(request: Request) -> Caller:
    """Dependency for every /api route: a valid, unrevoked key or 401 (checked once: the
    `key_first` guard has usually done it already)."""
    known = getattr(request.state, "caller", None)
    if isinstance(known, Caller):
        return known
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise NotAuthorizedException(
            "Send an API key in the Authorization header: 'Authorization: Bearer <key>'.",
            headers=ASK_FOR_KEY,
        )
    caller = await authenticate(token.strip())
    if caller is None:
        raise NotAuthorizedException(
            "The API key is not valid or has been revoked.", headers=KEY_REFUSED
        )
    request.state.caller = caller
    # the scope an operation that reads a body names (`opt={"scope": …}`), checked before
    # the body is: a read-only key sending a wrong body was told to fix the body (422),
    # and only then that it may not do this at all (403)
    scope = request.route_handler.opt.get("scope")
    if scope:
        require(caller, scope)
    return caller


def require(caller: Caller, scope: str) -> None:
    if scope not in caller.scopes and "admin" not in caller.scopes:
        raise PermissionDeniedException(f"This API key lacks the '{scope}' scope.")
