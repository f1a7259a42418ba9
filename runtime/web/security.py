"""Security headers on every response: a strict CSP, no referrers, no sniffing, no framing.

Framing is refused everywhere except on the signer pages of an embedded envelope, which
list the organisation's configured intranet origins in `frame-ancestors` (set by the
signer controller in `request.state.frame_ancestors`).
"""

from typing import Any

from litestar import Response
from litestar.datastructures import MutableScopeHeaders
from litestar.types import ASGIApp, Message, Receive, Scope, Send

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; "
    "object-src 'none'; frame-ancestors 'none'"
)

HEADERS = {
    "Content-Security-Policy": CSP,
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}


async def add_security_headers(response: Response) -> Response:
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    return response


def frame_policy_middleware(app: ASGIApp) -> ASGIApp:
    """Rewrites frame-ancestors for embedded pages; everything else keeps 'none'."""

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return

        async def send_with_policy(message: Message) -> None:
            origins: Any = scope.get("state", {}).get("frame_ancestors")
            if message["type"] == "http.response.start" and origins:
                headers = MutableScopeHeaders.from_message(message)
                csp = headers.get("Content-Security-Policy", CSP)
                headers["Content-Security-Policy"] = csp.replace(
                    "frame-ancestors 'none'", "frame-ancestors " + " ".join(origins)
                )
                if "X-Frame-Options" in headers:
                    del headers["X-Frame-Options"]
            await send(message)

        await app(scope, receive, send_with_policy)

    return middleware
