"""Checking the JWT an intranet page hands to the embed: python-jose with an explicit
algorithm list, issuer, audience, expiry and a maximum age; JWE and `alg: none` refused.

HS256 uses the organisation's shared secret; RS256/ES256 use keys from its JWKS URL. An
organisation is configured for one of the two, so an HS256 token can never be checked
with a public key (the algorithm-confusion attack).
"""

import json
import time
from dataclasses import dataclass
from typing import Any

import httpx
from jose import jwk, jwt
from jose.exceptions import JOSEError

LEEWAY_SECONDS = 30  # clock difference allowed between the intranet's server and ours
MAX_TOKEN_BYTES = 8 * 1024
ASYMMETRIC = ["RS256", "ES256"]
JWKS_CACHE_SECONDS = 300
JWKS_REFETCH_SECONDS = 10  # tokens with made-up key ids cannot make us fetch more often


class TokenRefused(Exception):
    """The token is not acceptable; the message is safe to show. `detail` adds, for the
    administrator's log only, what formseal saw (an address, a key id, a network error)."""

    def __init__(self, message: str, detail: str = "") -> None:
        super().__init__(message)
        self.detail = detail


@dataclass(frozen=True)
class EmbedConfig:
    issuer: str
    audience: str
    secret: str  # HS256 when set
    jwks_url: str  # RS256/ES256 when set (and no secret)
    max_age_seconds: int


_jwks_cache: dict[str, tuple[float, dict[str, Any]]] = {}


def unverified_issuer(token: str) -> str:
    _shape(token)
    try:
        return str(jwt.get_unverified_claims(token).get("iss") or "")
    except JOSEError:
        raise TokenRefused("The sign-in token cannot be read.") from None


PLACEHOLDER = "__TOKEN__"  # what the Embedding screen's snippets hold until a server fills it


def _shape(token: str) -> None:
    if token == PLACEHOLDER:
        raise TokenRefused(
            "The intranet page still holds the snippet's __TOKEN__ placeholder: its server "
            "must put a token signed for the signed-in person in its place."
        )
    if len(token.encode()) > MAX_TOKEN_BYTES:
        raise TokenRefused("The sign-in token is too large.")
    if token.count(".") != 2:
        raise TokenRefused("Encrypted or malformed sign-in tokens are not accepted.")


async def verify(token: str, config: EmbedConfig) -> dict[str, Any]:
    """The token's claims, or TokenRefused with a reason."""
    _shape(token)
    try:
        header = jwt.get_unverified_header(token)
    except JOSEError:
        raise TokenRefused("The sign-in token cannot be read.") from None
    key: Any
    if config.secret:
        algorithms, key = ["HS256"], config.secret
    elif config.jwks_url:
        algorithms = ASYMMETRIC
    else:
        raise TokenRefused("Embedding is not set up for this organisation.")
    alg = header.get("alg")
    if alg not in algorithms:
        raise TokenRefused(f"Tokens signed with {alg!r} are not accepted.")
    if not config.secret:
        key = await _key_for(config.jwks_url, header.get("kid"), str(alg))
    try:
        claims = jwt.decode(
            token,
            key,
            algorithms=algorithms,
            audience=config.audience,
            issuer=config.issuer,
            options={
                "require_exp": True,
                "require_iat": True,
                "require_sub": True,
                "leeway": LEEWAY_SECONDS,
            },
        )
    except JOSEError as exc:
        reason = str(exc).rstrip(".")  # python-jose ends some reasons with a full stop
        expected = (
            f"the audience (aud) must be {config.audience!r}"
            if "audience" in reason.lower()
            else ""
        )
        raise TokenRefused(f"The sign-in token was refused: {reason}.", expected) from None
    except TypeError:  # python-jose's int() on an `iat`/`exp` that is a list, object or null
        raise TokenRefused("The sign-in token's times are not numbers.") from None
    age = time.time() - float(claims["iat"])
    # An `iat` ahead of the clock would make the age negative and the maximum age void:
    # such a token (or a captured one) would then work until its `exp`, however far off.
    if age < -LEEWAY_SECONDS:
        raise TokenRefused(
            "The sign-in token was issued in the future; check the intranet server's clock."
        )
    if age > config.max_age_seconds:
        raise TokenRefused("The sign-in token is too old; reload the page to get a new one.")
    return claims


async def _key_for(jwks_url: str, kid: str | None, alg: str) -> dict[str, Any]:
    """The published key for `kid`; a token without a kid is tried against every published
    key of its type (a provider publishes two while it rotates). An unknown kid fetches the
    keys again (at most every JWKS_REFETCH_SECONDS), so tokens signed after the provider
    rotated its key are accepted at once rather than refused until the cached keys expire."""
    kty = "RSA" if alg.startswith("RS") else "EC"
    published: list[dict[str, Any]] = []
    for refresh in (False, True):
        listed = (await _jwks(jwks_url, refresh=refresh)).get("keys")
        published = [k for k in listed if isinstance(k, dict)] if isinstance(listed, list) else []
        found = []
        for candidate in published:
            if candidate.get("kty") != kty or candidate.get("use", "sig") != "sig":
                continue
            if kid is not None and candidate.get("kid") != kid:
                continue
            try:
                jwk.construct(candidate, alg)
            except JOSEError:  # a malformed key is as good as none
                continue
            found.append(candidate)
        if found:
            return found[0] if kid is not None else {"keys": found}
    kids = ", ".join(str(k.get("kid")) for k in published) or "none"
    raise TokenRefused(
        "The token's signing key is not published by the identity provider.",
        f"key id {kid!r} is not among the keys at {jwks_url} (key ids: {kids})",
    )


async def _jwks(url: str, *, refresh: bool = False) -> dict[str, Any]:
    cached = _jwks_cache.get(url)
    if cached:
        age = time.monotonic() - cached[0]
        if age < JWKS_CACHE_SECONDS and not (refresh and age >= JWKS_REFETCH_SECONDS):
            return cached[1]
    try:
        async with httpx.AsyncClient(timeout=5, follow_redirects=False) as client:
            response = await client.get(url)
            response.raise_for_status()
            keys = json.loads(response.content[:1_000_000])
            if not isinstance(keys, dict):
                raise ValueError("not a JSON object")
    except (httpx.HTTPError, ValueError) as exc:
        raise TokenRefused(
            "The identity provider's keys could not be fetched.",
            f"GET {url}: {_why(exc)}",
        ) from None
    _jwks_cache[url] = (time.monotonic(), keys)
    return keys


def _why(exc: Exception) -> str:
    """What went wrong fetching the keys, in a few words for the log."""
    if isinstance(exc, httpx.HTTPStatusError):
        return f"HTTP {exc.response.status_code}"
    if isinstance(exc, ValueError):
        return "the answer is not a JSON object with the keys"
    return f"{type(exc).__name__} {str(exc)[:200]}".strip()
