"""Access (SECURITY.md 12-14, 17): every designer form route refuses a post without its
CSRF token, another organisation's ids are 404 on every designer route that names an
envelope, cookies carry their flags, a spoofed Host never reaches a link, pages forbid
framing and configure htmx safely.

The API's and the template editor's isolation walks are in
tests/integration/test_api_keys_and_isolation.py and tests/integration/designer/test_isolation.py."""

import json
import re
import uuid
from dataclasses import replace

from litestar import Litestar
from litestar.testing import AsyncTestClient

from designer.tables import Draft
from runtime.accounts.service import create_api_key
from runtime.settings import Settings
from runtime.tables import Envelope
from tests.integration.conftest import Org, create_envelope, csrf_from, import_template
from tests.integration.designer.conftest import Author, make_author, sign_in
from tests.integration.designer.helpers import seeded
from tests.security.helpers import PARAM, fill, sqlite_only, traces
from tests.security.isolation_helpers import NOT_AN_ID, parameter_names, real_objects

CSRF_EXEMPT = ("/api/", "/s/", "/embed/", "/schema")
WRITES = {"POST", "PUT", "PATCH", "DELETE"}


def form_routes(app: Litestar) -> list[tuple[str, str]]:
    """Every route outside the token-authenticated prefixes that changes something."""
    return [
        (method, route.path)
        for route in app.routes
        if not route.path.startswith(CSRF_EXEMPT)
        for method in sorted(set(getattr(route, "methods", ())) & WRITES)
    ]


async def _designer_envelope(client: AsyncTestClient, author: Author) -> str:
    org = Org(author.organisation_id, await create_api_key(author.organisation_id, "sec"))
    template = await import_template(client, org)
    return (await create_envelope(client, org, template["id"]))["id"]


@sqlite_only
async def test_every_designer_form_refuses_a_post_without_csrf(
    client: AsyncTestClient, author: Author
) -> None:
    token = await sign_in(client, author)
    base = await seeded(client, token)
    values = {
        "draft_id": base.rsplit("/", 1)[1],
        "envelope_id": await _designer_envelope(client, author),
        "key": "full_name",
        "index": "0",
    }
    routes = form_routes(client.app)
    assert len(routes) >= 30, routes
    assert ("POST", "/designer/login") in routes and ("POST", "/verify") in routes
    draft_before = await Draft.select(Draft.revision, Draft.definition).where(
        Draft.organisation == author.organisation_id
    )
    before = await traces(author.organisation_id)
    for method, path in routes:
        url = fill(path, values)
        body = {"name": "No token", "item": "template", "kind": "text", "reason": "x"}
        plain = await client.request(method, url, data=body)
        assert plain.status_code == 403, (method, url, plain.status_code)
        htmx = await client.request(method, url, data=body, headers={"HX-Request": "true"})
        assert htmx.status_code == 403, ("htmx", method, url, htmx.status_code)
        wrong = await client.request(
            method, url, data={**body, "_csrf_token": "forged"}, headers={"x-csrftoken": "f"}
        )
        assert wrong.status_code == 403, ("forged", method, url, wrong.status_code)
    assert await traces(author.organisation_id) == before
    assert (
        await Draft.select(Draft.revision, Draft.definition).where(
            Draft.organisation == author.organisation_id
        )
        == draft_before
    )
    # and the token does work, so the 403s above were about the token
    ok = await client.post("/designer/templates", data={"_csrf_token": token, "name": "Fine"})
    assert ok.status_code == 303


async def test_another_organisations_ids_are_404_on_every_designer_route(
    client: AsyncTestClient, author: Author, settings: Settings
) -> None:
    """Every designer route that names an object outside the template editor (envelopes,
    their recipients, bulk sends, users, stamps, API keys, webhooks and their deliveries,
    problems, outbox mails, archive tags, seal retries, the group's pages), filled with the
    ids of organisation A's real objects, answers 404 to an admin of organisation B, with
    every method it takes. A route naming a kind of object the walk has none of fails here
    until isolation_helpers.real_objects makes one (or NOT_AN_ID says why it needs none)."""
    ids = await real_objects(client, settings, author.organisation_id, author.email)
    await sign_in(client, author)
    routes = [
        (method, route.path)
        for route in client.app.routes
        if route.path.startswith("/designer/")
        and "{" in route.path
        and not route.path.startswith("/designer/templates/{draft_id")
        for method in sorted(set(getattr(route, "methods", ())) - {"HEAD", "OPTIONS"})
    ]
    unfilled = parameter_names([path for _, path in routes]) - set(ids) - set(NOT_AN_ID)
    assert not unfilled, f"no real object for {unfilled}: add one to real_objects"
    # the ids are real: their owner opens them
    for path in (
        f"/designer/envelopes/{ids['envelope_id']}",
        f"/designer/bulk-sends/{ids['bulk_id']}",
        f"/designer/settings/stamps/{ids['stamp_id']}/image.png",
        f"/designer/outbox/{ids['name']}",
    ):
        assert (await client.get(path)).status_code == 200, path
    envelope_id = uuid.UUID(ids["envelope_id"])
    stranger = await make_author()
    # B's own objects: a URL naming B's envelope (webhook, organisation) and A's recipient
    # (delivery, user) must not reach A's either
    own = await real_objects(client, settings, stranger.organisation_id, stranger.email)
    client.cookies.clear()
    token = await sign_in(client, stranger)
    before = await traces(author.organisation_id)
    status_before = await Envelope.select(Envelope.status).where(Envelope.id == envelope_id)
    mixed = [
        (method, path, {**ids, names[0][0]: own[names[0][0]]})
        for method, path in routes
        if len(names := PARAM.findall(path)) > 1
    ]
    assert len(mixed) >= 6, mixed
    for method, path, values in [(m, p, ids) for m, p in routes] + mixed:
        url = fill(path, values)
        data = {"_csrf_token": token, "reason": "intruder", "role": "admin", "tags": "x"}
        data["email"] = "intruder@example.com"
        answer = await (
            client.get(url) if method == "GET" else client.request(method, url, data=data)
        )
        assert answer.status_code == 404, (method, url, answer.status_code)
        assert ids["name"] not in answer.text and "A signing link of theirs" not in answer.text
    assert await traces(author.organisation_id) == before
    assert await Envelope.select(Envelope.status).where(Envelope.id == envelope_id) == (
        status_before
    )
    # and the failed job was real: its owner may retry it
    client.cookies.clear()
    token = await sign_in(client, author)
    retried = await client.post(
        f"/designer/settings/problems/{ids['job_id']}/retry", data={"_csrf_token": token}
    )
    assert retried.status_code == 303, retried.text


@sqlite_only
async def test_cookies_are_secure_httponly_and_samesite_behind_https(
    settings: Settings, author: Author
) -> None:
    from runtime.app import create_app

    app = create_app(replace(settings, secure_cookies=True))
    async with AsyncTestClient(app=app, base_url="https://testserver.local") as client:
        client.follow_redirects = False
        page = await client.get("/designer/login")
        csrf_cookie = page.headers["set-cookie"]
        assert "Secure" in csrf_cookie and "HttpOnly" in csrf_cookie
        assert "SameSite=lax" in csrf_cookie
        login = await client.post(
            "/designer/login",
            data={
                "_csrf_token": csrf_from(page.text),
                "email": author.email,
                "password": author.password,
            },
        )
        assert login.status_code == 303, login.text
        session = login.headers["set-cookie"]
        assert "formseal_session=" in session
        for flag in ("Secure", "HttpOnly", "SameSite=lax"):
            assert flag in session, flag


@sqlite_only
async def test_a_spoofed_host_never_reaches_a_link(
    client: AsyncTestClient, org: Org, settings: Settings
) -> None:
    template = await import_template(client, org)
    made = await client.post(
        "/api/v1/envelopes",
        headers={**org.auth, "Host": "evil.example", "X-Forwarded-Host": "evil.example"},
        json={
            "template_id": template["id"],
            "recipients": [{"role": "customer", "name": "A", "email": "a@example.com"}],
            "prefill": {"email": "a@example.com"},
        },
    )
    assert made.status_code == 201, made.text
    assert "evil.example" not in made.text
    assert made.json()["recipients"][0]["signing_url"].startswith(settings.base_url + "/s/")
    login = await client.post(
        "/designer/login?next=//evil.example/x", headers={"Host": "evil.example"}, data={}
    )
    assert "evil.example" not in login.headers.get("location", "")


@sqlite_only
async def test_pages_forbid_framing_and_configure_htmx_safely(
    client: AsyncTestClient, org: Org
) -> None:
    template = await import_template(client, org)
    envelope = await create_envelope(client, org, template["id"])
    link = "/" + envelope["recipients"][0]["signing_url"].split("/", 3)[3]
    for path in ("/", "/verify", "/designer/login", link):
        page = await client.get(path, follow_redirects=True)
        assert page.status_code == 200, path
        csp = page.headers["content-security-policy"]
        assert "frame-ancestors 'none'" in csp and "script-src 'self'" in csp, path
        assert "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp
        assert page.headers["x-frame-options"] == "DENY"
        assert page.headers["x-content-type-options"] == "nosniff"
        if "htmx" not in page.text:
            continue  # a page without htmx needs no htmx settings
        config = re.search(r'<meta name="htmx-config" content=\'([^\']+)\'', page.text)
        assert config, path
        settings = json.loads(config.group(1))
        assert settings["allowEval"] is False and settings["allowScriptTags"] is False
        assert settings["selfRequestsOnly"] is True
