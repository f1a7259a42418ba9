"""Response headers (SECURITY.md 10, 13, 14): every answer, error pages included, carries the
security headers; nothing with personal data may be kept by a browser cache or a proxy; an
embedded envelope's error pages keep the organisation's frame policy."""

from jose import jwt
from litestar.testing import AsyncTestClient

from runtime.accounts.service import create_api_key
from tests.integration.conftest import Org, create_envelope, import_template, open_link, path_of
from tests.integration.designer.conftest import Author, sign_in
from tests.integration.embed_helpers import INTRANET, claims
from tests.security.helpers import sqlite_only

LOCKED_DOWN = {
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "cache-control": "no-store",
}


def assert_locked_down(answer, what: str) -> None:
    for name, value in LOCKED_DOWN.items():
        assert answer.headers.get(name) == value, (what, answer.status_code, name)
    csp = answer.headers.get("content-security-policy", "")
    assert "frame-ancestors 'none'" in csp and "script-src 'self'" in csp, (what, csp)


@sqlite_only
async def test_error_pages_carry_the_security_headers(client: AsyncTestClient, org: Org) -> None:
    """Litestar answers errors outside route middleware and after_request hooks: they once
    went out without CSP, X-Frame-Options, nosniff, Referrer-Policy or Cache-Control."""
    template = await import_template(client, org)
    envelope = await create_envelope(client, org, template["id"])
    link = path_of(envelope["recipients"][0]["signing_url"])
    await open_link(client, link)
    voided = await client.post(
        f"/api/v1/envelopes/{envelope['id']}/void", headers=org.auth, json={"reason": "test"}
    )
    assert voided.status_code == 200, voided.text
    answers = {
        "no such route": await client.get("/designer/no-such-page"),
        "guessed link": await client.get("/s/" + "x" * 43),
        "voided link": await client.get(f"{link}/step/1"),
        "no CSRF token": await client.post("/designer/templates", data={"name": "x"}),
        "API without key": await client.get("/api/v1/envelopes"),
        "API, unknown id": await client.get(
            "/api/v1/envelopes/00000000-0000-0000-0000-000000000000", headers=org.auth
        ),
    }
    for what, answer in answers.items():
        assert answer.status_code >= 400, (what, answer.status_code)
        assert_locked_down(answer, what)


@sqlite_only
async def test_pages_with_personal_data_are_never_stored(
    client: AsyncTestClient, author: Author
) -> None:
    org = Org(author.organisation_id, await create_api_key(author.organisation_id, "cache"))
    template = await import_template(client, org)
    envelope = await create_envelope(client, org, template["id"])
    link = path_of(envelope["recipients"][0]["signing_url"])
    step = await open_link(client, link)
    assert step.status_code == 200 and "alex@example.com" in step.text
    assert_locked_down(step, "signer step")
    api = await client.get(f"/api/v1/envelopes/{envelope['id']}", headers=org.auth)
    assert api.headers["cache-control"] == "no-store"
    await sign_in(client, author)
    for path in (
        f"/designer/envelopes/{envelope['id']}",
        "/designer/envelopes",
        "/designer/archive",
    ):
        page = await client.get(path)
        assert page.status_code == 200, path
        assert_locked_down(page, path)
    # what may be cached says so itself, and keeps it
    script = await client.get("/embed.js")
    assert script.headers["cache-control"] == "public, max-age=300"


@sqlite_only
async def test_an_embedded_envelopes_error_page_keeps_its_frame_policy(
    client: AsyncTestClient, org: Org, embedding: dict
) -> None:
    token = jwt.encode(claims(), embedding["secret"], algorithm="HS256")
    opened = await client.get(
        f"/embed/{embedding['slug']}", params={"token": token, "origin": INTRANET}
    )
    assert opened.status_code == 303, opened.text
    missing = await client.get(opened.headers["location"].rstrip("/") + "/step/99")
    assert missing.status_code == 404
    csp = missing.headers["content-security-policy"]
    assert "frame-ancestors http://localhost:8080 https://intranet.example.com" in csp
    assert "x-frame-options" not in missing.headers
    assert missing.headers["cache-control"] == "no-store"


@sqlite_only
async def test_an_embedding_origin_cannot_widen_or_break_the_frame_policy(
    client: AsyncTestClient, org: Org
) -> None:
    """Origins are written into `frame-ancestors`, space-separated: a wildcard, a `;`, a
    space or a quote in the host once went in as they were (and a bad port was a 500)."""
    hostile = [
        "https://*",
        "https://*.example.com",
        "https://intranet.example.com;sandbox allow-scripts",
        "https://intranet.example.com 'unsafe-inline'",
        "https://a b.example.com",
        "https://intranet.example.com'",
        "https://intranet.example.com:abc",
        "https://intranet.example.com:99999",
        "https://-intranet.example.com",
    ]
    for origin in hostile:
        answer = await client.put(
            "/api/v1/organisation/embedding",
            headers=org.auth,
            json={"origins": [origin], "issuer": "https://idp.example.com/x"},
        )
        assert answer.status_code == 422, (origin, answer.status_code, answer.text)
        assert "is not an origin like" in answer.json()["detail"], origin
    current = await client.get("/api/v1/organisation/embedding", headers=org.auth)
    assert current.json()["origins"] == []
    fine = await client.put(
        "/api/v1/organisation/embedding",
        headers=org.auth,
        json={
            "origins": ["https://[::1]:8443", "https://Intranät.Example/"],
            "issuer": "https://idp.example.com/x",
        },
    )
    assert fine.status_code == 200, fine.text
    assert fine.json()["origins"] == ["https://[::1]:8443", "https://xn--intrant-bxa.example"]
