"""Tokens (SECURITY.md 9-11): embed JWTs beyond tests/integration/test_embed.py (which has
alg none, wrong secret, expired, future nbf, wrong aud/iss, too old, JWE, oversized, a PEM
public key used as an HS256 secret), and signing links: guessing gets no oracle, tokens are
stored hashed and never logged or shown to senders, voided links write nothing."""

import base64
import logging
import secrets
import uuid
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from jose import jwk, jwt
from litestar.testing import AsyncTestClient

from runtime.accounts.service import create_api_key
from runtime.tables import AuditEvent, Recipient
from tests.integration.conftest import (
    Org,
    create_envelope,
    import_template,
    open_link,
    path_of,
)
from tests.integration.designer.conftest import Author, sign_in
from tests.integration.embed_helpers import (
    FORM,
    INTRANET,
    JWKSServer,
    _hs256_with,
    _unsigned,
    claims,
)
from tests.security.helpers import sqlite_only, traces


def _rsa() -> tuple[Any, str]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    return key, private


@sqlite_only
async def test_jwks_mode_refuses_every_confused_or_unsigned_form(
    client: AsyncTestClient, org: Org
) -> None:
    """HS256 keyed with the IdP's public key in PEM, PKCS#1, OpenSSH and DER form, the JWK
    itself, alg none in any spelling, and a kid that is not published: all 401."""
    issuer = f"https://idp.example.com/{uuid.uuid4().hex[:8]}"
    key, private = _rsa()
    public = key.public_key()
    forms = {
        "pem": public.public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        ).decode(),
        "pkcs1": public.public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.PKCS1
        ).decode(),
        "ssh": public.public_bytes(
            serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH
        ).decode(),
        "der": base64.b64encode(
            public.public_bytes(
                serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
            )
        ).decode(),
    }
    public_jwk = {**jwk.construct(forms["pem"], "RS256").to_dict(), "kid": "k1", "use": "sig"}
    forms["jwk_n"] = public_jwk["n"]
    server = JWKSServer({"keys": [public_jwk]})
    try:
        configured = await client.put(
            "/api/v1/organisation/embedding",
            headers=org.auth,
            json={"origins": [INTRANET], "issuer": issuer, "mode": "jwks", "jwks_url": server.url},
        )
        assert configured.status_code == 200, configured.text
        template = await import_template(client, org, FORM)
        body = {**claims(), "iss": issuer}
        good = jwt.encode(body, private, algorithm="RS256", headers={"kid": "k1"})
        assert (
            await client.get(f"/embed/{template['slug']}", params={"token": good})
        ).status_code == 303
        before = await Recipient.count()
        forged = {f"hs256_{name}": _hs256_with(secret, body) for name, secret in forms.items()}
        forged["none"] = _unsigned(body)
        forged["None"] = _unsigned(body).replace(
            _unsigned(body).split(".")[0],
            base64.urlsafe_b64encode(b'{"alg":"None","typ":"JWT"}').rstrip(b"=").decode(),
        )
        other_key, other_private = _rsa()
        forged["unknown_kid"] = jwt.encode(
            body, other_private, algorithm="RS256", headers={"kid": "k2"}
        )
        forged["wrong_key_same_kid"] = jwt.encode(
            body, other_private, algorithm="RS256", headers={"kid": "k1"}
        )
        forged["body_swapped"] = ".".join(
            [good.split(".")[0], _unsigned({**body, "sub": "admin"}).split(".")[1]]
            + [good.split(".")[2]]
        )
        for case, token in forged.items():
            refused = await client.get(f"/embed/{template['slug']}", params={"token": token})
            assert refused.status_code == 401, (case, refused.status_code)
            assert "text/html" in refused.headers["content-type"]
            assert token not in refused.text
        # the signed-in case above created one recipient; the refusals none
        assert await Recipient.count() == before
    finally:
        server.server.shutdown()


@sqlite_only
async def test_alg_spellings_and_header_tricks_in_shared_secret_mode(
    client: AsyncTestClient, org: Org, embedding: dict
) -> None:
    secret = embedding["secret"]
    body = claims()
    cases = {
        "none_upper": _unsigned(body).replace(
            _unsigned(body).split(".")[0],
            base64.urlsafe_b64encode(b'{"alg":"NONE"}').rstrip(b"=").decode(),
        ),
        "hs512": jwt.encode(body, secret, algorithm="HS512"),
        "jku_header": jwt.encode(
            body, "attacker", algorithm="HS256", headers={"jku": "http://127.0.0.1:9/k"}
        ),
        "no_exp": jwt.encode({k: v for k, v in body.items() if k != "exp"}, secret, "HS256"),
        "no_iat": jwt.encode({k: v for k, v in body.items() if k != "iat"}, secret, "HS256"),
        "four_parts": jwt.encode(body, secret, algorithm="HS256") + ".x",
        # an iat ahead of the clock once made the age negative: valid until a far exp
        "future_iat": jwt.encode(
            {**body, "iat": body["iat"] + 3600, "exp": body["iat"] + 10 * 365 * 86400},
            secret,
            "HS256",
        ),
        "iat_a_list": jwt.encode({**body, "iat": [body["iat"]]}, secret, "HS256"),  # was a 500
        "exp_null": jwt.encode({**body, "exp": None}, secret, "HS256"),
        "empty": "",
        "garbage": "x" * 40,
    }
    for case, token in cases.items():
        refused = await client.get(
            f"/embed/{embedding['slug']}", params={"token": token, "origin": INTRANET}
        )
        assert refused.status_code in (400, 401), (case, refused.status_code, refused.text[:200])


async def _one_envelope(client: AsyncTestClient, org: Org) -> tuple[str, dict]:
    template = await import_template(client, org)
    envelope = await create_envelope(client, org, template["id"])
    return path_of(envelope["recipients"][0]["signing_url"]), envelope


async def test_signing_tokens_are_long_hashed_and_never_shown_again(
    client: AsyncTestClient, org: Org
) -> None:
    link, envelope = await _one_envelope(client, org)
    token = link.split("/")[2]
    assert len(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))) >= 16  # 128 bits
    rows = await Recipient.select().where(Recipient.envelope == uuid.UUID(envelope["id"]))
    assert token not in str(rows)  # only its hash is stored
    shown = await client.get(f"/api/v1/envelopes/{envelope['id']}", headers=org.auth)
    listing = await client.get("/api/v1/envelopes", headers=org.auth)
    trail = await client.get(f"/api/v1/envelopes/{envelope['id']}/audit", headers=org.auth)
    for answer in (shown, listing, trail):
        assert answer.status_code == 200 and token not in answer.text


@sqlite_only
async def test_guessed_tokens_all_look_the_same(client: AsyncTestClient, org: Org) -> None:
    """Unknown, nearly right, truncated and oversized tokens get byte-identical answers, so
    the response tells a guesser nothing (lookup is by SHA-256 of the token: no
    character-by-character comparison of secrets happens at all)."""
    link, _ = await _one_envelope(client, org)
    token = link.split("/")[2]

    def other(char: str) -> str:
        return "A" if char != "A" else "B"

    # same shape as a real token: nearly right must look exactly like random
    guesses = [
        secrets.token_urlsafe(32),
        token[:-1] + other(token[-1]),
        other(token[0]) + token[1:],
        token.swapcase(),
    ]
    answers = [await client.get(f"/s/{guess}/step/1") for guess in guesses]
    assert {a.status_code for a in answers} == {404}
    assert len({a.text for a in answers}) == 1, "a nearly right token got a different page"
    assert "This signing link is not valid" in answers[0].text
    # other shapes are refused too (the wording may differ: a shape is no secret)
    for guess in (token[:20], token + "A", "A" * 2000, "%00" + token, "..%2f" + token):
        answer = await client.get(f"/s/{guess}/step/1")
        assert answer.status_code == 404, (guess[:30], answer.status_code)
        assert token not in answer.text
    assert all(token not in a.text for a in answers)


@sqlite_only
async def test_tokens_are_never_logged_and_never_leak_through_referers(
    client: AsyncTestClient, org: Org, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    link, envelope = await _one_envelope(client, org)
    token = link.split("/")[2]
    caplog.clear()
    page = await open_link(client, link)
    assert page.status_code == 200
    assert page.headers["referrer-policy"] == "no-referrer"
    assert '<meta name="referrer" content="no-referrer">' in page.text
    await client.post(f"{link}/step/1", data={"full_name": "Alex"})
    await client.get(f"/s/{token[:-1]}x/step/1")
    logged = [r for r in caplog.records if r.name != "httpx"]  # the test client's own log
    assert logged, "expected the application to log something"
    assert not [r.getMessage() for r in logged if token in r.getMessage()]
    events = await AuditEvent.select(AuditEvent.data).where(
        AuditEvent.envelope == uuid.UUID(envelope["id"])
    )
    assert token not in str(events)


async def test_a_voided_envelopes_link_writes_nothing(client: AsyncTestClient, org: Org) -> None:
    link, envelope = await _one_envelope(client, org)
    await open_link(client, link)
    voided = await client.post(
        f"/api/v1/envelopes/{envelope['id']}/void", headers=org.auth, json={"reason": "test"}
    )
    assert voided.status_code == 200, voided.text
    before = await traces(org.id)
    answers = (await client.get(f"/api/v1/envelopes/{envelope['id']}", headers=org.auth)).json()
    page = await client.get(f"{link}/step/1")
    assert page.status_code in (404, 409, 410), page.status_code
    posted = await client.post(f"{link}/step/1", data={"full_name": "Mallory"})
    assert posted.status_code in (404, 409, 410), posted.status_code
    finished = await client.post(f"{link}/finish")
    assert finished.status_code in (404, 409, 410), (finished.status_code, finished.text[-3000:])
    after = (await client.get(f"/api/v1/envelopes/{envelope['id']}", headers=org.auth)).json()
    assert after["answers"] == answers["answers"] and after["status"] == "voided"
    assert await traces(org.id) == before


@sqlite_only
async def test_the_designer_never_shows_a_signers_link(
    client: AsyncTestClient, author: Author
) -> None:
    """A sender sees who has signed, never the link itself (SECURITY.md 11)."""
    org = Org(author.organisation_id, await create_api_key(author.organisation_id, "links"))
    link, envelope = await _one_envelope(client, org)
    token = link.split("/")[2]
    await sign_in(client, author)
    for path in (f"/designer/envelopes/{envelope['id']}", "/designer/envelopes"):
        page = await client.get(path)
        assert page.status_code == 200, path
        assert envelope["id"] in page.text and token not in page.text, path
