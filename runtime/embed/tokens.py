"""Checking the JWT an intranet page hands to the embed: python-jose with an explicit
algorithm list, issuer, audience, expiry and a maximum age; JWE and `alg: none` refused.

HS256 uses the organisation's shared secret; RS256/ES256 use keys from its JWKS URL
(fetched as runtime/embed/jwks.py says: allowed addresses only, no redirects, limits). An
organisation is configured for one of the two, so an HS256 token can never be checked
with a public key (the algorithm-confusion attack).
"""

import time
from dataclasses import dataclass
from typing import Any

from jose import jwk, jwt
from jose.exceptions import JOSEError

from runtime.embed import jwks
from runtime.errors import Invalid
from runtime.outbound import Unresolvable

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
    jwks_allowed_hosts: str = ""  # FORMSEAL_JWKS_ALLOWED_HOSTS


_jwks_cache: dict[tuple[str, str], tuple[float, dict[str, Any]]] = {}


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
        key = await _key_for(config, header.get("kid"), str(alg))
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


async def _key_for(config: EmbedConfig, kid: str | None, alg: str) -> dict[str, Any]:
    """The published key for `kid`; a token without a kid is tried against every published
    key of its type (a provider publishes two while it rotates). An unknown kid fetches the
    keys again (at most every JWKS_REFETCH_SECONDS), so tokens signed after the provider
    rotated its key are accepted at once rather than refused until the cached keys expire."""
    kty = "RSA" if alg.startswith("RS") else "EC"
    published: list[dict[str, Any]] = []
    for refresh in (False, True):
        fetched = await _jwks(config.jwks_url, config.jwks_allowed_hosts, refresh=refresh)
        listed = fetched.get("keys")
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
        f"key id {kid!r} is not among the keys at {config.jwks_url} (key ids: {kids})",
    )


async def _jwks(url: str, allowed_hosts: str, *, refresh: bool = False) -> dict[str, Any]:
    cached = _jwks_cache.get((url, allowed_hosts))  # a changed allow-list judges afresh
    if cached:
        age = time.monotonic() - cached[0]
        if age < JWKS_CACHE_SECONDS and not (refresh and age >= JWKS_REFETCH_SECONDS):
            return cached[1]
    try:
        keys = await jwks.fetch(url, allowed_hosts)
    except Invalid as exc:  # an internal address the operator has not allowed (or no address)
        raise TokenRefused(
            "The identity provider's keys are at an address this server may not fetch from."
            if not isinstance(exc, Unresolvable)
            else "The identity provider's keys could not be fetched.",
            f"GET {url}: {exc.detail.rstrip('.')}",  # the log adds its own full stop
        ) from None
    except jwks.FetchFailed as exc:
        raise TokenRefused(
            "The identity provider's keys could not be fetched.", f"GET {url}: {exc}"
        ) from None
    _jwks_cache[(url, allowed_hosts)] = (time.monotonic(), keys)
    return keys
