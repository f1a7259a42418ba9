"""Designer single sign-on against a real OpenID Connect provider on loopback
(tests/oidc_provider.py): the whole redirect dance over HTTP, followed by hand."""

import logging
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import replace
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from litestar.testing import AsyncTestClient

from designer.accounts.service import create_user
from designer.sso import provider as sso_provider
from designer.tables import DesignerSession, DesignerUser
from runtime.accounts.service import ensure_organisation
from runtime.settings import Settings
from runtime.tables import AuditEvent, Organisation
from tests.integration.conftest import app_client
from tests.integration.designer.conftest import PASSWORD
from tests.oidc_provider import NULL, Key, Provider


@pytest.fixture
def idp() -> Iterator[Provider]:
    provider = Provider().start()
    provider.claims["email"] = f"sso-{uuid.uuid4().hex[:8]}@example.com"
    provider.claims["sub"] = f"sub-{uuid.uuid4().hex}"
    try:
        yield provider
    finally:
        provider.stop()
        sso_provider.forget()


@pytest.fixture
def sso_settings(settings: Settings, idp: Provider) -> Settings:
    return replace(
        settings,
        oidc_issuer=idp.issuer,
        oidc_client_id=idp.client_id,
        oidc_client_secret=idp.client_secret,
        oidc_name="Test IdP",
        oidc_organisation=f"SSO org {uuid.uuid4().hex[:8]}",
    )


@pytest.fixture
async def client(sso_settings: Settings) -> AsyncIterator[AsyncTestClient]:
    """Here the shared `client` is an app with single sign-on set up (one app per test), its
    FORMSEAL_OIDC_ORGANISATION made by an administrator beforehand."""
    async with app_client(sso_settings) as c:
        await ensure_organisation(sso_settings.oidc_organisation)
        yield c


@pytest.fixture
def sso_client(client: AsyncTestClient) -> AsyncTestClient:
    return client


async def to_provider(client: AsyncTestClient, idp: Provider, next_path: str = "") -> str:
    """Start at formseal and follow the redirect to the provider; returns the callback path."""
    start = await client.get("/designer/sso/start" + (f"?next={next_path}" if next_path else ""))
    assert start.status_code == 303, start.text
    location = start.headers["location"]
    assert location.startswith(f"{idp.issuer}/authorize?")
    asked = {k: v[0] for k, v in parse_qs(urlsplit(location).query).items()}
    assert asked["code_challenge_method"] == "S256" and len(asked["code_challenge"]) == 43
    assert len(asked["state"]) >= 40 and len(asked["nonce"]) >= 40
    assert asked["redirect_uri"] == "http://testserver.local/designer/sso/callback"
    async with httpx.AsyncClient() as browser:
        at_idp = await browser.get(location)
    assert at_idp.status_code == 302, at_idp.text
    back = at_idp.headers["location"]
    assert back.startswith("http://testserver.local/designer/sso/callback?")
    return back.removeprefix("http://testserver.local")


async def sign_in_with_sso(client: AsyncTestClient, idp: Provider, next_path: str = ""):
    return await client.get(await to_provider(client, idp, next_path))


async def test_login_page_offers_sso_only_when_configured(
    settings: Settings, sso_client: AsyncTestClient
) -> None:
    async with app_client(settings) as plain_client:
        plain = await plain_client.get("/designer/login")
        assert "Sign in with" not in plain.text
        assert (await plain_client.get("/designer/sso/start")).status_code == 404
    page = await sso_client.get("/designer/login?next=/designer/envelopes")
    assert "Sign in with Test IdP" in page.text
    assert 'href="/designer/sso/start?next=/designer/envelopes"' in page.text
    assert 'name="password"' in page.text  # password sign-in stays


async def test_first_sign_in_creates_a_viewer_and_opens_a_session(
    sso_client: AsyncTestClient, idp: Provider, sso_settings: Settings
) -> None:
    done = await sign_in_with_sso(sso_client, idp, "/designer/envelopes")
    assert done.status_code == 303, done.text
    assert done.headers["location"] == "/designer/envelopes"
    cookies = done.headers.get_list("set-cookie")
    session = next(c for c in cookies if c.startswith("formseal_session="))
    assert "HttpOnly" in session and "SameSite=lax" in session
    assert any(c.startswith("formseal_sso=") and "Max-Age=0" in c for c in cookies)
    library = await sso_client.get("/designer/templates")
    assert library.status_code == 200 and "Sso User" in library.text

    user = await DesignerUser.objects().where(DesignerUser.email == idp.claims["email"]).first()
    assert user is not None and user.role == "viewer" and user.oidc_subject == idp.claims["sub"]
    assert user.password_hash == ""
    org = await Organisation.objects().where(Organisation.id == user.organisation).first()
    assert org is not None and org.name == sso_settings.oidc_organisation
    # The back channel: PKCE verifier and the client secret went to the token endpoint.
    sent = idp.token_requests[-1]
    assert sent["authorization"].startswith("Basic ") and len(sent["form"]["code_verifier"]) >= 43
    events = await AuditEvent.select(AuditEvent.action, AuditEvent.data).where(
        AuditEvent.organisation == user.organisation
    )
    assert any(e["action"] == "designer.login" and "oidc" in str(e["data"]) for e in events)

    # Signing in again finds the same user by subject, even after an email change.
    idp.claims["email"] = f"renamed-{uuid.uuid4().hex[:6]}@example.com"
    sso_client.cookies.clear()
    again = await sign_in_with_sso(sso_client, idp)
    assert again.status_code == 303 and again.headers["location"] == "/designer/"
    assert await DesignerUser.count().where(DesignerUser.oidc_subject == idp.claims["sub"]) == 1


async def test_an_existing_password_user_is_linked_by_verified_email(
    sso_client: AsyncTestClient, idp: Provider
) -> None:
    org = await ensure_organisation(f"Linked org {uuid.uuid4().hex[:8]}")
    await create_user(org, idp.claims["email"], PASSWORD, name="Pat", role="author")
    done = await sign_in_with_sso(sso_client, idp)
    assert done.status_code == 303
    user = await DesignerUser.objects().where(DesignerUser.email == idp.claims["email"]).first()
    assert user is not None and user.oidc_subject == idp.claims["sub"]
    assert user.role == "author" and user.organisation == org  # nothing else changed

    # Another identity claiming the same email is not linked over the first.
    sso_client.cookies.clear()
    idp.claims["sub"] = "someone-else"
    refused = await sign_in_with_sso(sso_client, idp)
    assert refused.status_code == 403 and "linked to another" in refused.text


BAD_TOKENS: list[tuple[str, dict[str, Any], str]] = [
    ("wrong nonce", {"nonce": "not-the-one"}, "nonce mismatch"),
    ("expired", {"exp": -120, "iat": -400}, "expired"),
    ("wrong audience", {"aud": "another-app"}, "audience"),
    ("wrong issuer", {"iss": "http://127.0.0.1:1/evil"}, "issuer"),
    ("old token", {"iat": -3600, "exp": 300}, "too old"),
    ("alg none", {}, "are not accepted"),
    ("forged key", {}, "Signature verification failed"),
    ("unknown kid", {}, "does not publish"),
]


async def test_bad_id_tokens_are_refused(sso_client: AsyncTestClient, idp: Provider) -> None:
    published = idp.signing
    for case, overrides, message in BAD_TOKENS:
        now = int(time.time())
        idp.overrides = {k: now + v if k in ("exp", "iat") else v for k, v in overrides.items()}
        idp.alg = "none" if case == "alg none" else "RS256"
        # "forged key": the published kid on a key the provider never published.
        idp.signing = {"forged key": Key("key-1"), "unknown kid": Key("key-9")}.get(case, published)
        sso_client.cookies.clear()
        answer = await sign_in_with_sso(sso_client, idp)
        assert answer.status_code == 401, (case, answer.text[-800:])
        assert "did not work" in answer.text and message in answer.text, (case, answer.text)
        assert "formseal_session=" not in answer.headers.get("set-cookie", ""), case
        assert not await DesignerUser.exists().where(DesignerUser.email == idp.claims["email"])


async def test_id_token_times_must_be_numbers_and_not_in_the_future(
    sso_client: AsyncTestClient, idp: Provider, caplog: pytest.LogCaptureFixture
) -> None:
    """These were a 500 (python-jose's int() on a list or null), or, for an `iat` ahead of the
    clock, a sign-in: the age came out negative, so the 10-minute maximum never applied and
    a captured token stayed good until its `exp`, however far off."""
    now = int(time.time())
    cases: list[tuple[dict[str, Any], str]] = [
        ({"iat": [now]}, "are not numbers"),
        ({"iat": NULL}, "are not numbers"),
        ({"exp": NULL}, "are not numbers"),
        ({"exp": {"at": now + 300}}, "are not numbers"),
        ({"iat": str(now)}, "are not numbers"),  # python-jose alone accepts this one
        ({"exp": str(now + 300)}, "are not numbers"),
        ({"iat": now + 3600, "exp": now + 10 * 365 * 86400}, "issued in the future"),
    ]
    for overrides, message in cases:
        idp.overrides = overrides
        sso_client.cookies.clear()
        caplog.clear()
        answer = await sign_in_with_sso(sso_client, idp)
        assert answer.status_code == 401, (overrides, answer.text[-800:])
        assert "did not work" in answer.text and message in answer.text, (overrides, answer.text)
        assert "formseal_session=" not in answer.headers.get("set-cookie", ""), overrides
        assert any(
            r.name == "formseal.sso" and message in r.getMessage() for r in caplog.records
        ), overrides
        assert not await DesignerUser.exists().where(DesignerUser.email == idp.claims["email"])
    idp.overrides = {"iat": now + 10}  # a clock a few seconds ahead is still fine
    sso_client.cookies.clear()
    assert (await sign_in_with_sso(sso_client, idp)).status_code == 303


async def test_state_mismatch_missing_flow_and_idp_errors(
    sso_client: AsyncTestClient, idp: Provider, sso_settings: Settings
) -> None:
    callback = await to_provider(sso_client, idp)
    forged = callback.replace("state=", "state=x")
    wrong = await sso_client.get(forged)
    assert wrong.status_code == 400 and "state mismatch" in wrong.text
    # The code was not spent: the real callback still works once...
    # ...but not from another browser that never started the sign-in (login CSRF).
    async with app_client(sso_settings) as other:
        stranger = await other.get(callback)
        assert stranger.status_code == 400 and "not started in this browser" in stranger.text
    assert (
        await DesignerSession.count().where(
            DesignerSession.user.email == idp.claims["email"]  # type: ignore[attr-defined]
        )
        == 0
    )

    idp.error = "access_denied"
    denied = await sign_in_with_sso(sso_client, idp)
    assert denied.status_code == 401
    assert "access_denied" in denied.text and "The user said no" in denied.text


async def test_key_rotation_fetches_the_keys_again(
    sso_client: AsyncTestClient, idp: Provider
) -> None:
    assert (await sign_in_with_sso(sso_client, idp)).status_code == 303
    fetched = idp.jwks_fetches
    idp.rotate()
    sso_provider._keys.clear()  # noqa: SLF001 - as if the cache had aged past a minute
    sso_client.cookies.clear()
    assert (await sign_in_with_sso(sso_client, idp)).status_code == 303
    assert idp.jwks_fetches == fetched + 1


async def test_who_may_not_come_in(sso_settings: Settings, idp: Provider) -> None:
    idp.claims["email_verified"] = False
    async with app_client(sso_settings) as c:
        unverified = await sign_in_with_sso(c, idp)
        assert unverified.status_code == 403 and "did not confirm your email" in unverified.text
    idp.claims["email_verified"] = True
    closed = replace(sso_settings, oidc_create_users=False)
    async with app_client(closed) as c:
        nobody = await sign_in_with_sso(c, idp)
        assert nobody.status_code == 403 and "Ask an administrator to add you" in nobody.text
    org = await ensure_organisation(f"Gone org {uuid.uuid4().hex[:8]}")
    await create_user(org, idp.claims["email"], PASSWORD, role="admin")
    await create_user(org, f"other-{uuid.uuid4().hex[:6]}@example.com", PASSWORD)
    await DesignerUser.update({DesignerUser.active: False}).where(
        DesignerUser.email == idp.claims["email"]
    )
    async with app_client(sso_settings) as c:
        gone = await sign_in_with_sso(c, idp)
        assert gone.status_code == 403 and "deactivated" in gone.text


async def test_a_misspelt_organisation_setting_creates_no_organisation(
    sso_settings: Settings, idp: Provider, caplog: pytest.LogCaptureFixture
) -> None:
    """FORMSEAL_OIDC_ORGANISATION naming no organisation (a typo, or the default "My
    organisation" left on an instance whose organisation has another name) used to create
    one, with no administrator, that every new person landed in unseen: now the person is
    told to ask an administrator, nothing is made, and the log names the setting and the
    organisations there are. A person already linked still signs in."""
    misspelt = replace(sso_settings, oidc_organisation=f"Nortwind {uuid.uuid4().hex[:8]}")
    async with app_client(misspelt) as c:
        org = await ensure_organisation(sso_settings.oidc_organisation)
        with caplog.at_level(logging.WARNING, logger="formseal.sso"):
            refused = await sign_in_with_sso(c, idp)
        assert refused.status_code == 403
        assert "the organisation it adds them to is not set up here" in refused.text
        assert "Ask an administrator" in refused.text
        logged = caplog.records[-1].getMessage()
        assert "FORMSEAL_OIDC_ORGANISATION" in logged and misspelt.oidc_organisation in logged
        assert sso_settings.oidc_organisation in logged  # among the organisations there are
        named = Organisation.name == misspelt.oidc_organisation
        assert await Organisation.count().where(named) == 0
        assert await DesignerUser.count().where(DesignerUser.email == idp.claims["email"]) == 0

        # someone already linked to this subject needs no organisation made: they come in
        await create_user(
            org, idp.claims["email"], "", allow_no_password=True, oidc_subject=idp.claims["sub"]
        )
        assert (await sign_in_with_sso(c, idp)).status_code == 303


async def test_set_up_mistakes_tell_the_administrator_what_to_check(
    sso_client: AsyncTestClient, idp: Provider, caplog: pytest.LogCaptureFixture
) -> None:
    """A wrong client secret is not cured by starting again: the page says to ask an
    administrator, and the log line (under the reference the page shows) names the token
    endpoint, the provider's answer and the settings to check. A provider that does not
    answer: the log names the address and the network error."""
    idp.client_secret = "rotated-at-the-provider"
    with caplog.at_level(logging.WARNING, logger="formseal.sso"):
        refused = await sign_in_with_sso(sso_client, idp)
    assert refused.status_code == 502
    assert "did not accept formseal&#39;s client registration (invalid_client)" in refused.text
    assert "Ask an administrator" in refused.text and "Start again" not in refused.text
    reference = refused.headers["x-request-id"]
    assert f'<span class="reference">{reference}</span>' in refused.text
    (line,) = [r for r in caplog.records if getattr(r, "request_id", "") == reference]
    assert line.name == "formseal.sso"
    assert f"POST {idp.issuer}/token: HTTP 401 invalid_client" in line.getMessage()
    assert "FORMSEAL_OIDC_CLIENT_SECRET" in line.getMessage()

    idp.stop()
    sso_provider.forget()  # as after the hour discovery is cached
    with caplog.at_level(logging.WARNING, logger="formseal.sso"):
        down = await sso_client.get("/designer/sso/start")
    assert down.status_code == 502 and "discovery document could not be read" in down.text
    address = f"{idp.issuer}/.well-known/openid-configuration"
    assert f"GET {address}: ConnectError" in caplog.records[-1].getMessage()
