"""A refused embed is readable where it happens: the person sees why inside the intranet
page's frame (the answer may be framed there, not a browser's broken-frame icon), and the
administrator finds the same reason, and what the token said, in the log under the
reference the frame shows."""

import json
import logging
import time
import uuid
from pathlib import Path

import pytest
from jose import jwt
from litestar.testing import AsyncTestClient

from runtime.tables import Organisation, Recipient
from tests.integration.conftest import Org, csrf_from, import_template, open_link
from tests.oidc_provider import Provider

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "intranet"
FORM = json.loads((EXAMPLE / "equipment-request.json").read_text())
INTRANET = "https://intranet.example.com"
OTHER_PAGE = "http://localhost:8779"


def token(issuer: str, key: str, algorithm: str = "HS256", kid: str = "", **extra) -> str:
    now = int(time.time())
    claims = {"iss": issuer, "aud": "formseal", "sub": "u-7", "iat": now, "exp": now + 300}
    headers = {"kid": kid} if kid else None
    return jwt.encode({**claims, **extra}, key, algorithm=algorithm, headers=headers)


def embed_log(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == "formseal.embed"]


async def test_a_refusal_reads_inside_the_frame_and_in_the_log(
    client: AsyncTestClient, org: Org, caplog: pytest.LogCaptureFixture
) -> None:
    issuer = f"https://intranet.example.com/sso/{uuid.uuid4().hex[:8]}"
    configured = await client.put(
        "/api/v1/organisation/embedding",
        headers=org.auth,
        json={"origins": [INTRANET], "issuer": issuer},
    )
    secret = configured.json()["secret"]
    slug = (await import_template(client, org, FORM))["slug"]
    named = await Organisation.select(Organisation.name).where(Organisation.id == org.id).first()
    org_name = named["name"]
    now = int(time.time())
    cases = [  # (slug, token, the page's origin, the reason shown, what the log adds)
        (
            slug,
            token(issuer, secret, iat=now - 400, exp=now - 100),
            INTRANET,
            "The sign-in token was refused: Signature has expired.",
            "s ago, exp 10",
        ),
        (
            slug,
            token(issuer, secret, aud="intranet"),
            INTRANET,
            "The sign-in token was refused: Invalid audience.",
            "The audience (aud) must be 'formseal'. Token: alg 'HS256'",
        ),
        (
            slug + "-typo",
            token(issuer, secret),
            INTRANET,
            f"No form called '{slug}-typo' is published for embedding in {org_name}.",
            f"embedded form '{slug}-typo'",
        ),
        (
            slug,
            token(issuer, secret),
            OTHER_PAGE,
            f"{OTHER_PAGE} may not embed this organisation's forms.",
            f"Allowed origins: {INTRANET}.",
        ),
        (
            slug,
            token(issuer + "/other", secret),
            INTRANET,
            "The sign-in token's issuer is not known here.",
            f"iss '{issuer}/other'",
        ),
    ]
    for wanted, sent, origin, reason, in_log in cases:
        with caplog.at_level(logging.WARNING, logger="formseal.embed"):
            answer = await client.get(f"/embed/{wanted}", params={"token": sent, "origin": origin})
        assert answer.status_code in (401, 404), answer.text
        # the page that asked may frame the answer, so the person reads it there
        csp = answer.headers["content-security-policy"]
        assert f"frame-ancestors {INTRANET}" in csp and origin in csp, reason
        assert "frame-ancestors 'none'" not in csp and "x-frame-options" not in answer.headers
        main = answer.text.split("<main", 1)[1]
        assert "This form cannot be shown" in main and "Reloading the page may help" in main
        assert reason.replace("'", "&#39;") in main
        reference = answer.headers["x-request-id"]
        assert reference in main
        assert "<a " not in main and "<button" not in main and "/verify" not in answer.text
        assert "<footer" not in answer.text  # no empty footer band under the reason
        # the administrator's line: the reason, what formseal saw, under the same reference
        (line,) = [r for r in embed_log(caplog) if r.request_id == reference]  # type: ignore[attr-defined]
        assert line.levelname == "WARNING" and reason in line.getMessage()
        assert in_log in line.getMessage() and "sub 'u-7'" in line.getMessage(), line
        assert sent not in line.getMessage()  # never the token itself

    # the snippet pasted as it is on the Embedding screen: say what is missing
    for sent, reason in [
        ("__TOKEN__", "still holds the snippet&#39;s __TOKEN__ placeholder: its server must put"),
        ("", "the page gave none (its data-token is empty)"),
    ]:
        answer = await client.get(f"/embed/{slug}", params={"token": sent, "origin": INTRANET})
        assert answer.status_code == 401 and reason in answer.text
        assert f"frame-ancestors {INTRANET}" in answer.headers["content-security-policy"]


async def test_jwks_refusals_tell_the_administrator_which_keys_and_address(
    client: AsyncTestClient, org: Org, caplog: pytest.LogCaptureFixture
) -> None:
    """A key id the provider does not publish, and a provider that does not answer: the
    frame says which, the log names the JWKS address, the key ids it lists, and the error."""
    idp = Provider().start()
    jwks_url = f"{idp.issuer}/jwks"
    stopped = False
    try:
        configured = await client.put(
            "/api/v1/organisation/embedding",
            headers=org.auth,
            json={
                "origins": [INTRANET],
                "issuer": idp.issuer,
                "mode": "jwks",
                "jwks_url": jwks_url,
            },
        )
        assert configured.status_code == 200, configured.text
        slug = (await import_template(client, org, FORM))["slug"]
        with caplog.at_level(logging.WARNING, logger="formseal.embed"):
            unknown = token(idp.issuer, idp.signing.pem, "RS256", kid="retired-key")
            answer = await client.get(f"/embed/{slug}", params={"token": unknown})
            assert answer.status_code == 401
            assert "signing key is not published" in answer.text
            assert f"frame-ancestors {INTRANET}" in answer.headers["content-security-policy"]
            line = embed_log(caplog)[-1].getMessage()
            assert f"Key id 'retired-key' is not among the keys at {jwks_url}" in line
            assert "(key ids: key-1)" in line

            idp.stop()
            stopped = True
            from runtime.embed import tokens

            tokens._jwks_cache.clear()  # as after the five minutes the keys are cached
            fresh = token(idp.issuer, idp.signing.pem, "RS256", kid=idp.signing.kid)
            answer = await client.get(f"/embed/{slug}", params={"token": fresh})
        assert answer.status_code == 401
        assert "The identity provider&#39;s keys could not be fetched." in answer.text
        line = embed_log(caplog)[-1].getMessage()
        assert f"GET {jwks_url}: ConnectError" in line
    finally:
        if not stopped:
            idp.stop()


async def test_a_claim_that_does_not_fit_the_form_is_named(
    client: AsyncTestClient, org: Org
) -> None:
    """An email claim that is not an address (it names the recipient and fills the locked
    Work email field) says which claim and why, not the API's 'The recipients are not
    valid.', which an intranet's administrator cannot act on."""
    issuer = f"https://intranet.example.com/sso/{uuid.uuid4().hex[:8]}"
    configured = await client.put(
        "/api/v1/organisation/embedding",
        headers=org.auth,
        json={"origins": [INTRANET], "issuer": issuer},
    )
    slug = (await import_template(client, org, FORM))["slug"]
    sent = token(issuer, configured.json()["secret"], email="kim at example")
    answer = await client.get(f"/embed/{slug}", params={"token": sent, "origin": INTRANET})
    assert answer.status_code == 422
    assert "This form cannot be shown" in answer.text
    assert f"frame-ancestors {INTRANET}" in answer.headers["content-security-policy"]
    assert "recipients are not valid" not in answer.text
    assert (
        "The sign-in token&#39;s email claim (&#39;kim at example&#39;) does not fit this form: "
        "Enter email in the correct format, like name@example.com." in answer.text
    )


@pytest.mark.parametrize("settings", ["sqlite"], indirect=True)  # no engine question
async def test_the_frame_speaks_the_persons_language_and_words_the_embed(
    client: AsyncTestClient, org: Org
) -> None:
    """The refusal page in the browser's language (else the form's), its reason kept in
    English as the log says it; a name claim that is not text is named, not made the
    recipient "{'x': 1}"; declining inside the frame says the organisation gets the reason
    (an embedded form has no sender)."""
    issuer = f"https://intranet.example.com/sso/{uuid.uuid4().hex[:8]}"
    configured = await client.put(
        "/api/v1/organisation/embedding",
        headers=org.auth,
        json={"origins": [INTRANET], "issuer": issuer},
    )
    secret = configured.json()["secret"]
    slug = (await import_template(client, org, FORM))["slug"]
    french = (await import_template(client, org, {**FORM, "language": "fr"}))["slug"]
    now = int(time.time())
    expired = token(issuer, secret, iat=now - 400, exp=now - 100)

    answer = await client.get(
        f"/embed/{slug}",
        params={"token": expired, "origin": INTRANET},
        headers={"Accept-Language": "fr-CA,fr;q=0.9,en;q=0.5"},
    )
    assert answer.status_code == 401
    assert '<html lang="fr">' in answer.text
    assert "<h1>Ce formulaire ne peut pas être affiché</h1>" in answer.text
    assert "Recharger la page peut aider." in answer.text and "Raison" in answer.text
    assert 'lang="en">The sign-in token was refused: Signature has expired.' in answer.text
    # no language from the browser: the form's
    answer = await client.get(f"/embed/{french}", params={"token": expired, "origin": INTRANET})
    assert "Ce formulaire ne peut pas être affiché" in answer.text
    answer = await client.get(f"/embed/{slug}", params={"token": expired, "origin": INTRANET})
    assert '<html lang="en">' in answer.text and "This form cannot be shown" in answer.text

    for name, shown in [({"x": 1}, "{&#39;x&#39;: 1}"), (["Kim", "Lee"], "[&#39;Kim&#39;, ")]:
        sent = token(issuer, secret, name=name, email="kim@example.com")
        answer = await client.get(f"/embed/{slug}", params={"token": sent, "origin": INTRANET})
        assert answer.status_code == 422
        assert (
            f"The sign-in token&#39;s name claim ({shown}" in answer.text
            and ") does not fit this form: it must be text, the person&#39;s full name"
            in answer.text
        )
    assert await Recipient.count().where(Recipient.external_subject.like(f"{issuer}|%")) == 0

    sent = token(issuer, secret, name="Kim Lee", email="kim@example.com")
    started = await client.get(f"/embed/{slug}", params={"token": sent, "origin": INTRANET})
    assert started.status_code == 303, started.text
    link = started.headers["location"].split("/step")[0].split("/consent")[0].rstrip("/")
    await open_link(client, link)
    decline = (await client.get(f"{link}/decline")).text
    assert "what is wrong. Your reason is passed on to them." in decline
    assert "Tell the sender" not in decline

    # declined inside the frame: nobody will send a corrected document; opening the page
    # again (a new token, as the intranet page mints on each load) starts a new form
    form = await client.get(f"{link}/decline")
    declined = await client.post(
        f"{link}/decline", data={"_csrf_token": csrf_from(form.text), "reason": "Wrong laptop"}
    )
    assert declined.status_code == 303, declined.text
    closed = (await client.get(link)).text
    assert "You declined to sign" in closed
    assert "If you change your mind, reload this page to start the form again." in closed
    assert "corrected document" not in closed
    again = await client.get(
        f"/embed/{slug}",
        params={"token": token(issuer, secret, name="Kim Lee"), "origin": INTRANET},
    )
    assert again.status_code == 303, again.text
    assert not again.headers["location"].startswith(link + "/")
    fresh = await open_link(client, again.headers["location"].split("/step")[0])
    assert "You declined" not in fresh.text and "Step 1 of" in fresh.text
