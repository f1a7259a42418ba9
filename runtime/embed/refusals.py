"""When /embed/<slug> cannot open a form: the person in the intranet page reads why inside
the frame, and the administrator finds the same reason in the log (logger `formseal.embed`)
with what the token said, under the reference the page shows (the request id).
"""

import logging
import time
from typing import Any

from jose import jwt
from jose.exceptions import JOSEError

from runtime.embed.service import allowed_origins, normalise_origin
from runtime.embed.tokens import MAX_TOKEN_BYTES
from runtime.errors import Invalid
from runtime.tables import Organisation

log = logging.getLogger("formseal.embed")


async def frame_origins(token: str, origin: str | None) -> list[str]:
    """Who may frame the page that says why: the organisation's intranet origins (found by
    the token's issuer, unverified) and the page that asked. The refusal page holds no form,
    no answers and no link or button, only the reason, so framing it cannot be abused; but
    refused framing would leave the person a broken frame with no reason at all."""
    origins: list[str] = []
    claims = _unverified(token)[1]
    issuer = claims.get("iss")
    if isinstance(issuer, str) and issuer:
        rows = await Organisation.select(Organisation.embed_origins).where(
            Organisation.embed_issuer == issuer
        )
        if len(rows) == 1:
            origins = allowed_origins(rows[0])
    if origin:
        try:
            asked = normalise_origin(origin)
        except Invalid:
            asked = ""
        if asked and asked not in origins:
            origins.append(asked)
    return origins


def log_refusal(
    slug: str, origin: str | None, token: str, status: int, reason: str, detail: str = ""
) -> None:
    """One warning line an administrator can read: the form, the page, the reason, what
    formseal saw, and the token's header and claims (unverified; never the token)."""
    log.warning(
        "embedded form %r refused (%s) for origin %r: %s%s Token: %s.",
        slug[:100],
        status,
        (origin or "(none given)")[:200],
        reason,
        f" {detail[:1].upper()}{detail[1:]}." if detail else "",
        describe(token),
    )


def describe(token: str) -> str:
    """alg, kid, iss, aud, sub and the token's times relative to now, for the log."""
    if not token:
        return "none"
    header, claims = _unverified(token)
    if not header and not claims:
        return "unreadable"
    parts = [f"{name} {_short(header[name])}" for name in ("alg", "kid") if name in header]
    parts += [f"{name} {_short(claims[name])}" for name in ("iss", "aud", "sub") if name in claims]
    now = time.time()
    for name in ("iat", "exp"):
        value = claims.get(name)
        if isinstance(value, int | float) and not isinstance(value, bool):
            seconds = round(value - now)
            parts.append(f"{name} {-seconds} s ago" if seconds <= 0 else f"{name} in {seconds} s")
        elif name in claims:
            parts.append(f"{name} {_short(value)}")
    return ", ".join(parts) or "no claims"


def _unverified(token: str) -> tuple[dict[str, Any], dict[str, Any]]:
    if not token or len(token.encode()) > MAX_TOKEN_BYTES or token.count(".") != 2:
        return {}, {}
    try:
        header, claims = jwt.get_unverified_header(token), jwt.get_unverified_claims(token)
    except JOSEError:
        return {}, {}
    return (header if isinstance(header, dict) else {}), (
        claims if isinstance(claims, dict) else {}
    )


def _short(value: Any) -> str:
    """repr (quotes, and escapes a newline so a line cannot be forged), at most 80 chars."""
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."
