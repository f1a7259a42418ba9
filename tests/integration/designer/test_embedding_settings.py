"""Settings -> Embedding through the real routes: the API's rules and words, the secret shown
once (on creation and rotation), snippets per form, admins only, one organisation each."""

import json
import re
import time
import uuid
from pathlib import Path

from jose import jwt
from litestar.testing import AsyncTestClient

from designer.accounts.service import create_user
from runtime.accounts.service import create_api_key
from runtime.tables import AuditEvent, Organisation
from runtime.templates.service import import_and_publish
from tests.integration.designer.conftest import PASSWORD, Author, make_author, sign_in

URL = "/designer/settings/embedding"
EXAMPLE = Path(__file__).resolve().parents[3] / "docs" / "examples" / "intranet"
FORM = json.loads((EXAMPLE / "equipment-request.json").read_text())
TWO_SIGNERS = {
    **FORM,
    "name": "Two signatures",
    "roles": [*FORM["roles"], {"key": "manager", "name": "Manager"}],
    "sections": [
        *FORM["sections"],
        {
            "key": "approval",
            "title": "Approval",
            "role": "manager",
            "fields": [
                {
                    "key": "approved_by",
                    "component": "signature",
                    "label": "Signature",
                    "required": True,
                }
            ],
        },
    ],
}


def issuer() -> str:
    return f"https://intranet.example.com/sso/{uuid.uuid4().hex[:8]}"


async def row(org_id: uuid.UUID) -> dict:
    found = await Organisation.select().where(Organisation.id == org_id).first()
    assert found is not None
    return found


def form(token: str, **values: str) -> dict[str, str]:
    return {
        "_csrf_token": token,
        "origins": "https://intranet.example.com\nhttp://localhost:8080",
        "issuer": "",
        "mode": "hs256",
        "jwks_url": "",
        "audience": "formseal",
        "max_age_seconds": "300",
        **values,
    }


def token_for(secret: str, iss: str) -> str:
    now = int(time.time())
    claims = {"iss": iss, "aud": "formseal", "sub": "u-7", "iat": now, "exp": now + 300}
    return jwt.encode({**claims, "email": "kim@example.com"}, secret, algorithm="HS256")


async def test_set_up_secret_shown_once_snippets_and_rotation(
    client: AsyncTestClient, author: Author
) -> None:
    template = await import_and_publish(author.organisation_id, FORM)
    await import_and_publish(author.organisation_id, TWO_SIGNERS)
    token = await sign_in(client, author)
    empty = await client.get(URL)
    assert empty.status_code == 200 and "Embedding is off" in empty.text
    assert 'href="/designer/settings/embedding" aria-current="page"' in empty.text
    snippet = (
        "&lt;script src=&#34;http://testserver.local/embed.js&#34; data-form=&#34;"
        f"{template['slug']}&#34; data-token=&#34;__TOKEN__&#34; "
        "data-title=&#34;Equipment request&#34;&gt;&lt;/script&gt;"
    )
    assert snippet in empty.text.replace("&quot;", "&#34;")
    assert "Cannot be embedded: This template needs more parties" in empty.text
    assert "<code>email</code>" in empty.text  # the claim its locked email field takes

    iss = issuer()
    created = await client.post(URL, data=form(token, issuer=iss))
    assert created.status_code == 200, created.text
    secret = (await row(author.organisation_id))["embed_secret"]
    assert re.fullmatch(r"[0-9a-f]{64}", secret)
    assert secret in created.text and "Copy the shared secret now" in created.text
    assert created.headers["cache-control"] == "no-store"

    shown = await client.get(URL)
    assert "Embedding is on" in shown.text and secret not in shown.text  # shown once
    assert f"…{secret[-4:]}" in shown.text and "https://intranet.example.com" in shown.text

    kept = await client.post(URL, data=form(token, issuer=iss, max_age_seconds="600"))
    assert kept.status_code == 303 and kept.headers["location"].endswith("done=saved")
    after = await row(author.organisation_id)
    assert after["embed_secret"] == secret and after["embed_max_age_seconds"] == 600

    assert (await client.post(f"{URL}/rotate", data={})).status_code == 403  # CSRF
    rotated = await client.post(f"{URL}/rotate", data={"_csrf_token": token})
    new = (await row(author.organisation_id))["embed_secret"]
    assert rotated.status_code == 200 and new != secret and new in rotated.text
    assert "tokens signed with the old one are refused" in rotated.text

    refused = await client.get(
        f"/embed/{template['slug']}",
        params={"token": token_for(secret, iss), "origin": "https://intranet.example.com"},
    )
    assert refused.status_code == 401
    opened = await client.get(
        f"/embed/{template['slug']}",
        params={"token": token_for(new, iss), "origin": "https://intranet.example.com"},
    )
    assert opened.status_code == 303 and opened.headers["location"].startswith("/s/")

    events = await AuditEvent.select(AuditEvent.action, AuditEvent.data, AuditEvent.actor).where(
        (AuditEvent.organisation == author.organisation_id)
        & (AuditEvent.action == "organisation.embedding_changed")
    )
    assert [e["actor"] for e in events] == [author.email] * 3
    assert not any(secret in e["data"] or new in e["data"] for e in events)


async def test_refusals_say_what_is_wrong_and_save_nothing(
    client: AsyncTestClient, author: Author
) -> None:
    token = await sign_in(client, author)
    bad = await client.post(
        URL,
        data=form(
            token,
            origins="https://intranet.example.com/path",
            mode="jwks",
            jwks_url="ftp://idp.example.com/keys",
            max_age_seconds="five",
        ),
    )
    assert bad.status_code == 422
    for message in (
        "&#39;https://intranet.example.com/path&#39; is not an origin like",
        "Give the issuer: the iss claim of the intranet&#39;s tokens.",
        "Give the identity provider&#39;s JWKS URL (https://…/jwks.json).",
        "The maximum age is 30 to 86400 seconds.",
    ):
        assert message in bad.text.replace("&#x27;", "&#39;"), message
    assert 'id="embed-origins-error"' in bad.text and 'aria-invalid="true"' in bad.text
    assert "https://intranet.example.com/path" in bad.text  # what was typed is kept
    assert (await row(author.organisation_id))["embed_origins"] == ""

    plain = await client.post(
        URL, data=form(token, issuer=issuer(), mode="jwks", jwks_url="http://idp.example.com/k")
    )
    assert plain.status_code == 422 and "Use an https:// address" in plain.text
    assert (await row(author.organisation_id))["embed_origins"] == ""

    empty = await client.post(URL, data=form(token, origins=" \n ", issuer=issuer()))
    assert empty.status_code == 422 and "List at least one origin" in empty.text

    jwks = await client.post(
        URL, data=form(token, issuer=issuer(), mode="jwks", jwks_url="https://idp.example.com/k")
    )
    assert jwks.status_code == 303
    saved = await row(author.organisation_id)
    assert saved["embed_jwks_url"] == "https://idp.example.com/k" and saved["embed_secret"] == ""
    page = await client.get(URL)
    assert "https://idp.example.com/k" in page.text and "Rotate the shared secret" not in page.text
    no_secret = await client.post(f"{URL}/rotate", data={"_csrf_token": token})
    assert no_secret.status_code == 409 and "Only a shared secret (HS256) can be rotated" in (
        no_secret.text
    )


async def test_admins_only_and_each_organisation_its_own(
    client: AsyncTestClient, author: Author
) -> None:
    token = await sign_in(client, author)
    iss = issuer()
    assert (await client.post(URL, data=form(token, issuer=iss))).status_code == 200

    other = await make_author()
    await client.post("/designer/logout", data={"_csrf_token": token})
    other_token = await sign_in(client, other)
    theirs = await client.get(URL)
    assert theirs.status_code == 200 and "Embedding is off" in theirs.text
    assert iss not in theirs.text and "localhost:8080" not in theirs.text
    taken = await client.post(URL, data=form(other_token, issuer=iss))
    assert taken.status_code == 422 and "Another organisation already uses this issuer." in (
        taken.text
    )

    sender_email = f"sender-{uuid.uuid4().hex[:8]}@example.com"
    await create_user(author.organisation_id, sender_email, PASSWORD, role="sender")
    await client.post("/designer/logout", data={"_csrf_token": other_token})
    sender_token = await sign_in(client, Author(sender_email, PASSWORD, author.organisation_id))
    assert (await client.get(URL)).status_code == 403
    assert "/designer/settings/embedding" not in (await client.get("/designer/templates")).text
    changed = await client.post(URL, data=form(sender_token, issuer=issuer()))
    rotated = await client.post(f"{URL}/rotate", data={"_csrf_token": sender_token})
    assert changed.status_code == 403 and rotated.status_code == 403
    assert (await row(author.organisation_id))["embed_issuer"] == iss

    await client.post("/designer/logout", data={"_csrf_token": sender_token})
    assert (await client.get(URL)).status_code in (302, 303)  # signed out: to the login page


async def test_embedding_can_be_turned_off_on_the_screen_and_by_the_api(
    client: AsyncTestClient, author: Author
) -> None:
    template = await import_and_publish(author.organisation_id, FORM)
    token = await sign_in(client, author)
    iss = issuer()
    await client.post(URL, data=form(token, issuer=iss))
    secret = (await row(author.organisation_id))["embed_secret"]
    on = await client.get(URL)
    assert "Turn embedding off" in on.text

    off = await client.post(f"{URL}/off", data={"_csrf_token": token})
    assert off.status_code == 303 and off.headers["location"].endswith("done=off")
    page = await client.get(off.headers["location"])
    assert "Embedding is off: intranet pages can no longer show the forms." in page.text
    assert "Turn embedding off" not in page.text
    stored = await row(author.organisation_id)
    assert stored["embed_origins"] == stored["embed_secret"] == stored["embed_issuer"] == ""
    refused = await client.get(
        f"/embed/{template['slug']}",
        params={"token": token_for(secret, iss), "origin": "https://intranet.example.com"},
    )
    assert refused.status_code in (401, 403, 404)
    actions = await AuditEvent.select(AuditEvent.actor).where(
        (AuditEvent.organisation == author.organisation_id)
        & (AuditEvent.action == "organisation.embedding_turned_off")
    )
    assert [a["actor"] for a in actions] == [author.email]

    # the API: turned on again, then off with DELETE
    await client.post(URL, data=form(token, issuer=iss))
    key = await create_api_key(author.organisation_id, "it")
    deleted = await client.delete(
        "/api/v1/organisation/embedding", headers={"Authorization": f"Bearer {key}"}
    )
    assert deleted.status_code == 204
    assert (await row(author.organisation_id))["embed_origins"] == ""
