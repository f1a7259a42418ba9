"""Embedding: JWT identity (HS256 and JWKS), frame-ancestors, resume, refusals."""

import time
import uuid
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from jose import jwk, jwt
from litestar.testing import AsyncTestClient

from runtime.tables import AuditEvent, Recipient
from tests.integration import embed_helpers
from tests.integration.conftest import Org, import_template, open_link
from tests.integration.embed_helpers import (
    FORM,
    INTRANET,
    JWKSServer,
    _hs256_with,
    _unsigned,
    claims,
)

embedding = embed_helpers.embedding  # the fixture, shared with tests/security


async def test_a_signed_token_opens_a_framed_form(
    client: AsyncTestClient, org: Org, embedding: dict
) -> None:
    token = jwt.encode(claims(), embedding["secret"], algorithm="HS256")
    opened = await client.get(
        f"/embed/{embedding['slug']}", params={"token": token, "origin": INTRANET}
    )
    assert opened.status_code == 303, opened.text
    link = opened.headers["location"]
    assert link.startswith("/s/")
    page = await open_link(client, link)
    assert page.status_code == 200
    csp = page.headers["content-security-policy"]
    assert "frame-ancestors http://localhost:8080 https://intranet.example.com" in csp
    assert "x-frame-options" not in page.headers
    assert (
        'data-origin="https://intranet.example.com"' in page.text and "embed-bridge.js" in page.text
    )
    assert 'value="kim@example.com"' in page.text and "readonly" in page.text  # prefilled, locked

    # no cookies at all (third-party cookies blocked): the form still submits
    async with AsyncTestClient(app=client.app, base_url="http://testserver.local") as cookieless:
        cookieless.follow_redirects = False
        step = link.rstrip("/") + "/step/1" if not link.endswith("/step/1") else link
        saved = await cookieless.post(
            step,
            data={
                "item": "A laptop",
                "signature__typed": "Kim Lee",
                "email": "mallory@example.com",
            },
        )
        assert saved.status_code == 303, saved.text
    recipient = (
        await Recipient.select()
        .where(Recipient.external_subject == f"{embed_helpers.ISSUER}|u-1001")
        .output(load_json=True)
        .first()
    )
    assert recipient["status"] == "verified" and recipient["answers"]["email"] == "kim@example.com"
    verified = (
        await AuditEvent.select(AuditEvent.data)
        .where(
            (AuditEvent.envelope == recipient["envelope"])
            & (AuditEvent.action == "recipient.verified")
        )
        .output(load_json=True)
        .first()
    )
    assert verified["data"]["method"] == "sso" and verified["data"]["subject"] == "u-1001"

    again = await client.get(
        f"/embed/{embedding['slug']}",
        params={
            "token": jwt.encode(claims(), embedding["secret"], algorithm="HS256"),
            "origin": INTRANET,
        },
    )
    assert (
        again.headers["location"].split("/")[2] == link.split("/")[2]
    )  # resumed, not a new envelope

    plain = await client.get("/verify")
    assert "frame-ancestors 'none'" in plain.headers["content-security-policy"]
    assert plain.headers["x-frame-options"] == "DENY"


@pytest.mark.parametrize(
    "case",
    [
        "none",
        "wrong_secret",
        "expired",
        "future_nbf",
        "wrong_aud",
        "wrong_iss",
        "too_old",
        "jwe",
        "oversized",
        "no_sub",
        "lookalike_origin",
        "rs256",
    ],
)
async def test_bad_tokens_are_refused(
    client: AsyncTestClient, org: Org, embedding: dict, case: str
) -> None:
    secret, origin = embedding["secret"], INTRANET
    now = int(time.time())
    if case == "none":
        token = _unsigned(claims())
    elif case == "wrong_secret":
        token = jwt.encode(claims(), "not-the-secret", algorithm="HS256")
    elif case == "expired":
        token = jwt.encode(claims(iat=now - 400, exp=now - 100), secret, algorithm="HS256")
    elif case == "future_nbf":
        token = jwt.encode(claims(nbf=now + 600), secret, algorithm="HS256")
    elif case == "wrong_aud":
        token = jwt.encode(claims(aud="someone-else"), secret, algorithm="HS256")
    elif case == "wrong_iss":
        token = jwt.encode(claims(iss="https://evil.example.com"), secret, algorithm="HS256")
    elif case == "too_old":
        token = jwt.encode(claims(iat=now - 3600, exp=now + 600), secret, algorithm="HS256")
    elif case == "jwe":
        token = "eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..aaaa.bbbb.cccc"
    elif case == "oversized":
        token = jwt.encode(claims(pad="x" * 9000), secret, algorithm="HS256")
    elif case == "no_sub":
        body = claims()
        del body["sub"]
        token = jwt.encode(body, secret, algorithm="HS256")
    elif case == "lookalike_origin":
        token = jwt.encode(claims(), secret, algorithm="HS256")
        origin = "https://intranetXexample.com"
    else:  # rs256 against an HS256 organisation
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        pem = key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        token = jwt.encode(claims(), pem.decode(), algorithm="RS256")
    response = await client.get(
        f"/embed/{embedding['slug']}", params={"token": token, "origin": origin}
    )
    assert response.status_code == 401, (case, response.text)
    assert "text/html" in response.headers["content-type"]
    assert ".." not in response.text.split("<main", 1)[1]  # one full stop after jose's reason
    assert (
        await Recipient.count().where(
            Recipient.external_subject == f"{embed_helpers.ISSUER}|u-1001"
        )
        == 0
    )


async def test_jwks_mode_and_algorithm_confusion(client: AsyncTestClient, org: Org) -> None:
    issuer = f"https://idp.example.com/{uuid.uuid4().hex[:8]}"
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private_pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    public_pem = (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )
    public_jwk = {**jwk.construct(public_pem, "RS256").to_dict(), "kid": "k1", "use": "sig"}
    server = JWKSServer({"keys": [public_jwk]})
    try:
        configured = await client.put(
            "/api/v1/organisation/embedding",
            headers=org.auth,
            json={"origins": [INTRANET], "issuer": issuer, "mode": "jwks", "jwks_url": server.url},
        )
        assert configured.status_code == 200 and configured.json()["secret"] is None
        template = await import_template(client, org, FORM)
        body = {**claims(), "iss": issuer}
        good = jwt.encode(body, private_pem, algorithm="RS256", headers={"kid": "k1"})
        opened = await client.get(f"/embed/{template['slug']}", params={"token": good})
        assert opened.status_code == 303, opened.text
        # HS256 "signed" with the public key (algorithm confusion) is refused
        forged = (
            jwt.encode(body, public_pem, algorithm="HS256")
            if False
            else _hs256_with(public_pem, body)
        )
        refused = await client.get(f"/embed/{template['slug']}", params={"token": forged})
        assert refused.status_code == 401
    finally:
        server.server.shutdown()


async def test_jwks_mode_follows_a_key_rotation_at_once(
    client: AsyncTestClient, org: Org, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The identity provider starts signing with a new key: the next token is accepted
    (the keys are fetched again for the unknown kid), not refused until the cache expires;
    made-up kids do not make formseal fetch the keys on every request."""
    from runtime.embed import tokens
    from tests.oidc_provider import Provider

    idp = Provider().start()
    try:
        configured = await client.put(
            "/api/v1/organisation/embedding",
            headers=org.auth,
            json={
                "origins": [INTRANET],
                "issuer": idp.issuer,
                "mode": "jwks",
                "jwks_url": f"{idp.issuer}/jwks",
            },
        )
        assert configured.status_code == 200, configured.text
        template = await import_template(client, org, FORM)

        async def open_as(sub: str, kid: str) -> int:
            body = {**claims(sub=sub), "iss": idp.issuer}
            token = jwt.encode(body, idp.signing.pem, algorithm="RS256", headers={"kid": kid})
            opened = await client.get(f"/embed/{template['slug']}", params={"token": token})
            return opened.status_code

        assert await open_as("before", idp.signing.kid) == 303
        assert idp.jwks_fetches == 1
        monkeypatch.setattr(tokens, "JWKS_REFETCH_SECONDS", 0)  # as if the last fetch were old
        idp.rotate()
        assert await open_as("after", idp.signing.kid) == 303
        assert idp.jwks_fetches == 2
        monkeypatch.setattr(tokens, "JWKS_REFETCH_SECONDS", 10)  # the keys were just fetched
        assert await open_as("guess", "made-up-kid") == 401
        assert idp.jwks_fetches == 2
    finally:
        idp.stop()


async def test_review_is_a_step_and_completed_is_said_only_right_after_finishing(
    client: AsyncTestClient, org: Org, embedding: dict
) -> None:
    """Check your answers marks its caption for the bridge's formseal:step (review: true);
    the confirmation right after "Sign and finish" is marked for formseal:completed, and its
    refreshes while sealing go to plain /done, which is not (docs/examples/intranet)."""
    token = jwt.encode(claims(), embedding["secret"], algorithm="HS256")
    opened = await client.get(
        f"/embed/{embedding['slug']}", params={"token": token, "origin": INTRANET}
    )
    link = "/".join(opened.headers["location"].split("/")[:3])
    await open_link(client, opened.headers["location"])
    step = await client.post(
        f"{link}/step/1", data={"item": "A laptop", "signature__typed": "Kim Lee"}
    )
    assert step.headers["location"] == f"{link}/review"
    review = await client.get(f"{link}/review")
    assert '<p class="step-caption" data-review>Step 2 of 2' in review.text
    assert "embed-bridge.js" in review.text
    finished = await client.post(f"{link}/finish")
    assert finished.headers["location"] == f"{link}/done?finished=1"
    first = await client.get(finished.headers["location"])
    assert '<div class="panel panel--confirmation" data-just-finished>' in first.text
    assert f'<meta http-equiv="refresh" content="2; url={link}/done">' in first.text
    again = await client.get(f"{link}/done")
    assert '<div class="panel panel--confirmation">' in again.text
    assert "data-just-finished" not in again.text
    bridge = (
        Path(__file__).resolve().parents[2] / "themes/default/static/embed-bridge.js"
    ).read_text()
    assert ".panel--confirmation[data-just-finished]" in bridge and "data-review" in bridge


async def test_jwks_tokens_without_a_key_id_are_tried_against_every_published_key(
    client: AsyncTestClient, org: Org
) -> None:
    """While the provider rotates it publishes two keys; a token whose header names no kid
    (many minting libraries leave it out) signed with the second one still opens the form.
    A token in a mode's wrong algorithm is refused before any keys are fetched."""
    from tests.oidc_provider import Provider

    idp = Provider().start()
    try:
        configured = await client.put(
            "/api/v1/organisation/embedding",
            headers=org.auth,
            json={
                "origins": [INTRANET],
                "issuer": idp.issuer,
                "mode": "jwks",
                "jwks_url": f"{idp.issuer}/jwks",
            },
        )
        assert configured.status_code == 200, configured.text
        template = await import_template(client, org, FORM)
        body = {**claims(sub="no-kid"), "iss": idp.issuer}
        hs256 = await client.get(
            f"/embed/{template['slug']}", params={"token": jwt.encode(body, "x", "HS256")}
        )
        assert hs256.status_code == 401 and "&#39;HS256&#39; are not accepted" in hs256.text
        assert idp.jwks_fetches == 0
        idp.rotate()  # key-1 and key-2 published; signing with key-2
        token = jwt.encode(body, idp.signing.pem, algorithm="RS256")
        assert "kid" not in jwt.get_unverified_header(token)
        opened = await client.get(f"/embed/{template['slug']}", params={"token": token})
        assert opened.status_code == 303, opened.text
    finally:
        idp.stop()
