"""When /embed/<slug> cannot open a form: the person in the intranet page reads why inside
the frame, and the administrator finds the same reason in the log (logger `formseal.embed`)
with what the token said, under the reference the page shows (the request id).
"""

import logging
import time
from typing import Any

from jose import jwt
from jose.exceptions import JOSEError

from runtime import i18n
from runtime.embed.service import allowed_origins, normalise_origin
from runtime.embed.tokens import MAX_TOKEN_BYTES
from runtime.errors import Invalid
from runtime.organisations.sharing import shared_by_slug
from runtime.tables import Organisation, Template, TemplateVersion

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
    asked = asking_origin(origin)
    if asked and asked not in origins:
        origins.append(asked)
    return origins


def asking_origin(origin: str | None) -> str:
    """The page that asked (embed.js's `origin`), normalised; "" when none or not one. The
    refusal page tells it its height (so the reason and reference are not cut off below
    the frame's 480 px) and the reference, as formseal:refused."""
    try:
        return normalise_origin(origin) if origin else ""
    except Invalid:
        return ""


async def page_language(accept_language: str | None, token: str, slug: str) -> str:
    """The refusal page's language, as signer pages choose theirs when nobody has chosen
    one: the browser's languages, else the form's (found through the token's issuer,
    unverified, and the slug), else English. Sets it for the rest of the request."""
    wanted = i18n.negotiate(accept_language)
    if wanted is None:
        wanted = await _form_language(_unverified(token)[1].get("iss"), slug)
    return i18n.set_language(wanted)


async def _form_language(issuer: Any, slug: str) -> str | None:
    if not isinstance(issuer, str) or not issuer:
        return None
    orgs = await Organisation.select(Organisation.id).where(Organisation.embed_issuer == issuer)
    if len(orgs) != 1:
        return None
    template = (
        await Template.select(Template.id)
        .where((Template.organisation == orgs[0]["id"]) & (Template.slug == slug[:200]))
        .first()
    ) or await shared_by_slug(orgs[0]["id"], slug[:200])
    if template is None:
        return None
    version = (
        await TemplateVersion.select(TemplateVersion.definition)
        .where(TemplateVersion.template == template["id"])
        .order_by(TemplateVersion.number, ascending=False)
        .output(load_json=True)
        .first()
    )
    language = ((version or {}).get("definition") or {}).get("language")
    return i18n.supported(language) if isinstance(language, str) else None


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
