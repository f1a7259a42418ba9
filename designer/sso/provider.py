"""Talking to the OpenID Connect provider: discovery, its signing keys, the token endpoint,
and checking the ID token with python-jose against an explicit algorithm list.

Discovery is cached for an hour and the keys for five minutes; an ID token signed with a
key id we have not seen makes us fetch the keys again (at most once a minute), so a key
rotation at the provider needs no restart.
"""

import hmac
import json
import math
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httpx
from jose import jwk, jwt
from jose.exceptions import JOSEError

ALGORITHMS = ["RS256", "ES256"]
DISCOVERY_SECONDS = 3600
KEYS_SECONDS = 300
REFETCH_KEYS_AFTER = 60
MAX_BODY = 1_000_000
MAX_TOKEN_BYTES = 16 * 1024
MAX_ID_TOKEN_AGE = 600
LEEWAY_SECONDS = 30  # clock difference allowed between the identity provider and us
TIMEOUT = 10.0


class SsoFailed(Exception):
    """Single sign-on did not work. `message` is safe to show; `status` is the HTTP code;
    `detail`, for the administrator's log only, says what formseal saw (an address, the
    network error, the provider's answer)."""

    def __init__(self, message: str, status: int = 400, detail: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.detail = detail


# The token endpoint's errors that starting again cannot cure: formseal's registration at
# the provider (client id, secret, allowed grant or redirect) does not match its settings.
CLIENT_ERRORS = ("invalid_client", "unauthorized_client", "unsupported_grant_type")


def _why(exc: Exception) -> str:
    """What went wrong reaching the provider, in a few words for the log."""
    if isinstance(exc, httpx.HTTPStatusError):
        return f"HTTP {exc.response.status_code}"
    if isinstance(exc, ValueError):
        return "the answer is not JSON"
    return f"{type(exc).__name__} {str(exc)[:200]}".strip()


@dataclass(frozen=True)
class Discovery:
    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    jwks_uri: str
    token_auth_methods: tuple[str, ...]


_discovery: dict[str, tuple[float, Discovery]] = {}
_keys: dict[str, tuple[float, list[dict[str, Any]]]] = {}


async def _get_json(url: str, what: str) -> dict[str, Any]:
    try:
        async with httpx.AsyncClient(timeout=TIMEOUT, follow_redirects=False) as client:
            response = await client.get(url, headers={"Accept": "application/json"})
            response.raise_for_status()
            body = json.loads(response.content[:MAX_BODY])
    except (httpx.HTTPError, ValueError) as exc:
        raise SsoFailed(
            f"The identity provider's {what} could not be read. Try again in a minute.",
            status=502,
            detail=f"GET {url}: {_why(exc)}",
        ) from None
    if not isinstance(body, dict):
        raise SsoFailed(f"The identity provider's {what} is not a JSON object.", status=502)
    return body


def _endpoint(doc: dict[str, Any], name: str) -> str:
    value = doc.get(name)
    if not isinstance(value, str) or urlsplit(value).scheme not in ("https", "http"):
        raise SsoFailed(f"The identity provider's discovery document has no {name}.", status=502)
    return value


async def discover(issuer: str) -> Discovery:
    """The provider's endpoints from <issuer>/.well-known/openid-configuration."""
    cached = _discovery.get(issuer)
    if cached and time.monotonic() - cached[0] < DISCOVERY_SECONDS:
        return cached[1]
    doc = await _get_json(
        issuer.rstrip("/") + "/.well-known/openid-configuration", "discovery document"
    )
    if doc.get("issuer") != issuer:
        raise SsoFailed(
            "The identity provider names a different issuer than FORMSEAL_OIDC_ISSUER "
            f"({doc.get('issuer')!r}); check the setting.",
            status=502,
        )
    methods = doc.get("token_endpoint_auth_methods_supported") or ["client_secret_basic"]
    found = Discovery(
        issuer=issuer,
        authorization_endpoint=_endpoint(doc, "authorization_endpoint"),
        token_endpoint=_endpoint(doc, "token_endpoint"),
        jwks_uri=_endpoint(doc, "jwks_uri"),
        token_auth_methods=tuple(str(m) for m in methods),
    )
    _discovery[issuer] = (time.monotonic(), found)
    return found


async def _jwks(uri: str, *, refresh: bool = False) -> list[dict[str, Any]]:
    cached = _keys.get(uri)
    if cached:
        age = time.monotonic() - cached[0]
        if age < KEYS_SECONDS and not (refresh and age >= REFETCH_KEYS_AFTER):
            return cached[1]
    keys = (await _get_json(uri, "signing keys")).get("keys")
    found = [k for k in keys if isinstance(k, dict)] if isinstance(keys, list) else []
    _keys[uri] = (time.monotonic(), found)
    return found


async def signing_key(discovery: Discovery, kid: str | None, alg: str) -> dict[str, Any]:
    """The provider's public key for `kid`; fetches the keys again once for an unknown kid."""
    kty = "RSA" if alg.startswith("RS") else "EC"
    for refresh in (False, True):
        for key in await _jwks(discovery.jwks_uri, refresh=refresh):
            if key.get("kty") != kty or key.get("use", "sig") != "sig":
                continue
            if kid is None or key.get("kid") == kid:
                try:
                    jwk.construct(key, alg)
                except JOSEError:
                    continue
                return key
    raise SsoFailed(
        "The ID token was signed with a key the identity provider does not publish.", status=401
    )


async def exchange_code(
    discovery: Discovery,
    *,
    code: str,
    redirect_uri: str,
    client_id: str,
    client_secret: str,
    code_verifier: str,
) -> dict[str, Any]:
    """Trade the authorization code (and the PKCE verifier) for tokens."""
    form = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": redirect_uri,
        "client_id": client_id,
        "code_verifier": code_verifier,
    }
    auth: httpx.BasicAuth | None = None
    if client_secret:
        if "client_secret_basic" in discovery.token_auth_methods:
            auth = httpx.BasicAuth(client_id, client_secret)
        else:
            form["client_secret"] = client_secret
    try:
        async with httpx.AsyncClient(timeout=TIMEOUT, follow_redirects=False) as client:
            response = await client.post(
                discovery.token_endpoint,
                data=form,
                auth=auth or httpx.USE_CLIENT_DEFAULT,
                headers={"Accept": "application/json"},
            )
            body = json.loads(response.content[:MAX_BODY])
    except (httpx.HTTPError, ValueError) as exc:
        raise SsoFailed(
            "The identity provider's token endpoint did not answer. Try again.",
            status=502,
            detail=f"POST {discovery.token_endpoint}: {_why(exc)}",
        ) from None
    if response.status_code != 200 or not isinstance(body, dict):
        reason = str(body.get("error", ""))[:100] if isinstance(body, dict) else ""
        said = str(body.get("error_description", ""))[:200] if isinstance(body, dict) else ""
        answered = f"POST {discovery.token_endpoint}: HTTP {response.status_code} {reason}"
        answered += f" ({said})" if said else ""
        if reason in CLIENT_ERRORS:
            raise SsoFailed(
                f"The identity provider did not accept formseal's client registration "
                f"({reason}). Ask an administrator to check the single sign-on settings.",
                status=502,
                detail=f"{answered}; check FORMSEAL_OIDC_CLIENT_ID and FORMSEAL_OIDC_CLIENT_SECRET "
                "against the client registered at the provider",
            )
        raise SsoFailed(
            "The identity provider refused to finish the sign-in"
            + (f" ({reason})" if reason else "")
            + ". Start again from the sign-in page.",
            status=502,
            detail=answered.strip(),
        )
    if not isinstance(body.get("id_token"), str):
        raise SsoFailed("The identity provider sent no ID token.", status=502)
    return body


async def verify_id_token(
    token: str, discovery: Discovery, *, client_id: str, nonce: str, access_token: str | None
) -> dict[str, Any]:
    """The ID token's claims after checking signature, algorithm, issuer, audience, expiry,
    age and nonce (OpenID Connect Core 3.1.3.7). Raises SsoFailed (401) otherwise."""
    if len(token.encode()) > MAX_TOKEN_BYTES or token.count(".") != 2:
        raise SsoFailed("The ID token is malformed or encrypted.", status=401)
    try:
        header = jwt.get_unverified_header(token)
    except JOSEError:
        raise SsoFailed("The ID token cannot be read.", status=401) from None
    alg = header.get("alg")
    if alg not in ALGORITHMS:
        raise SsoFailed(f"ID tokens signed with {alg!r} are not accepted.", status=401)
    key = await signing_key(discovery, header.get("kid"), alg)
    try:
        claims = jwt.decode(
            token,
            key,
            algorithms=[alg],
            audience=client_id,
            issuer=discovery.issuer,
            access_token=access_token,
            options={
                "require_exp": True,
                "require_iat": True,
                "require_sub": True,
                "require_aud": True,
                "require_iss": True,
                "verify_at_hash": access_token is not None,
                "leeway": LEEWAY_SECONDS,
            },
        )
    except JOSEError as exc:
        reason = str(exc).rstrip(".")
        raise SsoFailed(f"The ID token was refused: {reason}.", status=401) from None
    except (TypeError, ValueError, OverflowError):  # python-jose's int() on a list, null, 1e400
        raise SsoFailed(_NOT_NUMBERS, status=401) from None
    if not all(_numeric_date(claims[name]) for name in ("iat", "exp")):
        raise SsoFailed(_NOT_NUMBERS, status=401)  # python-jose accepts "1700000000" too
    audiences = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
    if len(audiences) > 1 and claims.get("azp") != client_id:
        raise SsoFailed("The ID token was issued for another application.", status=401)
    age = time.time() - claims["iat"]
    # An `iat` ahead of the clock would make the age negative and the maximum age void:
    # such a token (or a captured one) would then be accepted until its `exp`.
    if age < -LEEWAY_SECONDS:
        raise SsoFailed(
            "The ID token was issued in the future: the identity provider's clock or this "
            "server's is wrong. Tell your administrator.",
            status=401,
        )
    if age > MAX_ID_TOKEN_AGE:
        raise SsoFailed("The ID token is too old. Start again from the sign-in page.", status=401)
    if not isinstance(claims.get("nonce"), str) or not _same(claims["nonce"], nonce):
        raise SsoFailed(
            "The ID token does not belong to this sign-in (nonce mismatch).", status=401
        )
    return claims


_NOT_NUMBERS = "The ID token was refused: its times (iat, exp) are not numbers."


def _numeric_date(value: Any) -> bool:
    """A JSON number of seconds (RFC 7519 NumericDate): not a string, boolean, list or null."""
    is_number = isinstance(value, int | float) and not isinstance(value, bool)
    return is_number and math.isfinite(value)


def _same(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())


def forget() -> None:
    """Drop cached discovery and keys (tests, or after changing the issuer)."""
    _discovery.clear()
    _keys.clear()
