"""The sign-in flow's rules: start (state, nonce, PKCE) and finish (check everything, find or
create the designer user, open a normal designer session, audit).

What the browser must bring back (state, nonce, PKCE verifier, where to go next) travels in
a short-lived cookie encrypted and authenticated with a key derived from the instance's
secret (Fernet), so nothing is stored before the user proves who they are, and a callback
without the cookie that started it (login CSRF, another browser) is refused.
"""

import base64
import datetime as dt
import hashlib
import hmac
import json
import secrets
import uuid
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from cryptography.fernet import Fernet, InvalidToken

from designer.accounts import sessions
from designer.accounts.roles import valid_role
from designer.accounts.service import SignedIn, create_user, normalise_email
from designer.sso import provider
from designer.sso.provider import SsoFailed
from designer.tables import DesignerUser
from runtime import audit
from runtime.accounts.service import existing_organisation
from runtime.clock import utcnow
from runtime.errors import NotFound
from runtime.settings import Settings

COOKIE = "formseal_sso"
FLOW_SECONDS = 600


@dataclass(frozen=True)
class Started:
    redirect_to: str
    cookie_value: str


def configured(settings: Settings) -> bool:
    return bool(settings.oidc_issuer and settings.oidc_client_id)


def redirect_uri(settings: Settings) -> str:
    return settings.base_url.rstrip("/") + "/designer/sso/callback"


def _fernet(settings: Settings) -> Fernet:
    digest = hashlib.sha256(b"formseal-oidc-flow:" + settings.resolved_secret_key().encode())
    return Fernet(base64.urlsafe_b64encode(digest.digest()))


def _challenge(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


async def start(settings: Settings, next_path: str) -> Started:
    """Where to send the browser, and the cookie that remembers this attempt."""
    if not configured(settings):
        raise SsoFailed("Single sign-on is not set up on this server.", status=404)
    discovery = await provider.discover(settings.oidc_issuer)
    state, nonce, verifier = (secrets.token_urlsafe(32) for _ in range(3))
    query = urlencode(
        {
            "response_type": "code",
            "client_id": settings.oidc_client_id,
            "redirect_uri": redirect_uri(settings),
            "scope": settings.oidc_scopes,
            "state": state,
            "nonce": nonce,
            "code_challenge": _challenge(verifier),
            "code_challenge_method": "S256",
        }
    )
    separator = "&" if "?" in discovery.authorization_endpoint else "?"
    flow = {"state": state, "nonce": nonce, "verifier": verifier, "next": next_path}
    cookie = _fernet(settings).encrypt(json.dumps(flow).encode()).decode()
    return Started(f"{discovery.authorization_endpoint}{separator}{query}", cookie)


def _flow(settings: Settings, cookie: str) -> dict[str, str]:
    if not cookie:
        raise SsoFailed(
            "This sign-in was not started in this browser, or it took longer than 10 minutes. "
            "Start again from the sign-in page."
        )
    try:
        flow = json.loads(_fernet(settings).decrypt(cookie.encode(), ttl=FLOW_SECONDS))
    except (InvalidToken, ValueError):
        raise SsoFailed(
            "This sign-in has expired or was changed. Start again from the sign-in page."
        ) from None
    return {k: str(flow.get(k, "")) for k in ("state", "nonce", "verifier", "next")}


async def finish(
    settings: Settings, params: dict[str, str], cookie: str, ip: str
) -> tuple[SignedIn, str]:
    """Check the callback and open a designer session: (the session, where to go next)."""
    flow = _flow(settings, cookie)
    if not hmac.compare_digest(params.get("state", "").encode(), flow["state"].encode()):
        raise SsoFailed(
            "The answer from the identity provider does not match this sign-in (state "
            "mismatch). Start again from the sign-in page."
        )
    if params.get("error"):
        described = params.get("error_description", "")[:200]
        raise SsoFailed(
            f"The identity provider did not sign you in: {params['error'][:60]}"
            + (f" ({described})" if described else "")
            + ".",
            status=401,
        )
    if not params.get("code"):
        raise SsoFailed("The identity provider sent no authorization code.")
    discovery = await provider.discover(settings.oidc_issuer)
    tokens = await provider.exchange_code(
        discovery,
        code=params["code"][:2000],
        redirect_uri=redirect_uri(settings),
        client_id=settings.oidc_client_id,
        client_secret=settings.oidc_client_secret,
        code_verifier=flow["verifier"],
    )
    access_token = tokens.get("access_token")
    claims = await provider.verify_id_token(
        tokens["id_token"],
        discovery,
        client_id=settings.oidc_client_id,
        nonce=flow["nonce"],
        access_token=access_token if isinstance(access_token, str) else None,
    )
    user = await _user_for(settings, claims, ip)
    now = utcnow()
    await DesignerUser.update(
        {DesignerUser.last_login_at: now, DesignerUser.failed_logins: 0}
    ).where(DesignerUser.id == user.id)
    await audit.record(
        user.organisation,
        "designer.login",
        actor=user.email,
        ip=ip,
        data={"method": "oidc", "issuer": discovery.issuer, "subject": str(claims["sub"])},
    )
    hours = settings.designer_session_hours
    token = await sessions.start(user.id, ip, dt.timedelta(hours=hours))
    return SignedIn(token=token, max_age=hours * 3600), flow["next"]


async def _user_for(settings: Settings, claims: dict[str, Any], ip: str) -> DesignerUser:
    """The user linked to `sub`; else link by verified email; else create one if allowed."""
    subject = str(claims["sub"])[:255]
    user = await DesignerUser.objects().where(DesignerUser.oidc_subject == subject).first()
    email = normalise_email(str(claims.get("email") or ""))
    verified = claims.get("email_verified") is True and "@" in email
    if user is None and verified:
        user = await DesignerUser.objects().where(DesignerUser.email == email).first()
        if user is not None:
            if user.oidc_subject:
                raise SsoFailed(
                    f"The designer account for {email} is linked to another single sign-on "
                    "identity. Ask an administrator.",
                    status=403,
                )
            await DesignerUser.update({DesignerUser.oidc_subject: subject}).where(
                DesignerUser.id == user.id
            )
            await audit.record(
                user.organisation, "designer.sso_linked", actor=email, ip=ip, data={"sub": subject}
            )
    if user is None:
        if not verified:
            raise SsoFailed(
                "The identity provider did not confirm your email address, so no designer "
                "account could be found for you. Ask an administrator.",
                status=403,
            )
        if not settings.oidc_create_users:
            raise SsoFailed(
                f"There is no designer account for {email}. Ask an administrator to add you.",
                status=403,
            )
        user = await _create(settings, email, subject, str(claims.get("name") or ""), ip)
    if not user.active:
        raise SsoFailed("Your designer account is deactivated. Ask an administrator.", status=403)
    return user


async def _create(settings: Settings, email: str, subject: str, name: str, ip: str) -> DesignerUser:
    try:
        # made by the first sign-in of a new instance; a misspelt name never makes a second
        # organisation, with no administrator, that every new person would silently land in
        organisation = await existing_organisation(settings.oidc_organisation, create_first=True)
    except NotFound as exc:
        raise SsoFailed(
            "Single sign-on cannot add new people yet: the organisation it adds them to is not "
            "set up here. Ask an administrator.",
            status=403,
            detail=f"FORMSEAL_OIDC_ORGANISATION: {exc.detail.rstrip('.')}",
        ) from None
    role = valid_role(settings.oidc_default_role) or "viewer"
    user_id: uuid.UUID = await create_user(
        organisation,
        email,
        "",
        name=name,
        role=role,
        allow_no_password=True,
        oidc_subject=subject,
        settings=settings,
    )
    await audit.record(
        organisation,
        "designer.user_created",
        actor=email,
        ip=ip,
        data={"email": email, "role": role, "method": "oidc"},
    )
    user = await DesignerUser.objects().where(DesignerUser.id == user_id).first()
    assert user is not None
    return user
