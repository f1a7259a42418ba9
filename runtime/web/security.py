"""Security headers on every response: a strict CSP, no referrers, no sniffing, no framing,
and no caching unless a route says otherwise.

They are added by the one ASGI wrapper around the whole application
(`runtime.web.metrics.ObserveRequests`, which also gives each request its id, log line and
metrics, in one pass), so error pages (404, 409, 410, 429, a refused CSRF token, a path that matches no route) carry
them too: Litestar answers those from its exception handling, outside route middleware and
`after_request` hooks.

`Cache-Control: no-store` is the default because most answers hold personal data (answers,
names, envelopes, the designer's lists): a shared computer's browser cache or a proxy must not
keep them. Routes that may be cached (static files, brand stylesheet and logo, embed.js)
set their own `Cache-Control`, which is kept.

Framing is refused everywhere except on the signer pages of an embedded envelope, which
list the organisation's configured intranet origins in `frame-ancestors` (set by the
signer controller in `request.state.frame_ancestors`; error pages of such an envelope too).
"""

from typing import Any

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
    "Cache-Control": "no-store",
}

_DEFAULTS = [(name.lower().encode(), value.encode()) for name, value in HEADERS.items()]
_DEFAULT_NAMES = frozenset(name for name, _ in _DEFAULTS)
_CSP = b"content-security-policy"
_XFO = b"x-frame-options"
_NO_FRAMING = b"frame-ancestors 'none'"


def with_security_headers(
    headers: list[tuple[bytes, bytes]], origins: Any
) -> list[tuple[bytes, bytes]]:
    """The response's own headers, then every default it did not set itself; with
    `origins` (an embedded envelope's signer pages), framing allowed for those origins."""
    present = {name.lower() for name, _ in headers}
    if present.isdisjoint(_DEFAULT_NAMES):
        headers = headers + _DEFAULTS
    else:
        headers = headers + [item for item in _DEFAULTS if item[0] not in present]
    if not origins:
        return headers
    allowed = b"frame-ancestors " + " ".join(origins).encode()
    return [
        (name, value.replace(_NO_FRAMING, allowed) if name.lower() == _CSP else value)
        for name, value in headers
        if name.lower() != _XFO
    ]
