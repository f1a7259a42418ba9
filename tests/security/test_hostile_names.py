"""Stored XSS (SECURITY.md 16, 17) on every designer page: one organisation whose template,
its role, steps and labels, the person it is sent to, a user, a stamp, an API key and a
webhook are all called with markup, and every designer page that reads them (the route
table's GET routes, ids filled with those objects) shows the markup as text, as a whole
page and as the htmx partial. A page added later is walked too: a `|safe`, `Markup(` or
f-string on a name fails here."""

import re

from litestar.testing import AsyncTestClient

from designer import drafts
from runtime.settings import Settings
from runtime.tables import Organisation
from tests.integration.designer.conftest import Author, sign_in
from tests.security.helpers import fill, sqlite_only
from tests.security.isolation_helpers import (
    NOT_AN_ID,
    named_definition,
    parameter_names,
    real_objects,
)

HOSTILE = '<img src=x onerror=alert(1)><script>alert(2)</script>" hx-get="/x'
RAW = re.compile(r"<img src=x|<script>alert|hx-get=\"/x")


@sqlite_only
async def test_names_with_markup_are_text_on_every_designer_page(
    client: AsyncTestClient, author: Author, settings: Settings
) -> None:
    ids = await real_objects(client, settings, author.organisation_id, author.email, HOSTILE)
    words = (Organisation.legal_name, Organisation.mail_sender_name, Organisation.footer_text)
    await Organisation.update({**{w: HOSTILE for w in words}, Organisation.name: HOSTILE}).where(
        Organisation.id == author.organisation_id
    )
    token = await sign_in(client, author)
    routes = sorted(
        route.path
        for route in client.app.routes
        if route.path.startswith("/designer") and "GET" in getattr(route, "methods", ())
    )
    assert not parameter_names(routes) - set(ids) - set(NOT_AN_ID) - {"draft_id"}
    draft = await drafts.create(author.organisation_id, named_definition(HOSTILE), actor="t")
    ids["draft_id"] = str(draft)
    assert (await client.get(f"/designer/templates/{draft}/edit")).status_code == 200
    shown = 0
    for path in routes:
        if "{token" in path or "/login" in path or "/sso/" in path:
            continue  # not signed-in pages
        url = fill(path, ids)
        for headers in ({}, {"HX-Request": "true", "x-csrftoken": token}):
            page = await client.get(url, headers=headers)
            if not page.headers.get("content-type", "").startswith("text/html"):
                continue  # exports, PDFs and pictures are not read by a browser as HTML
            found = RAW.search(page.text)
            assert found is None, (url, headers, page.text[max(found.start() - 200, 0) :][:400])
            shown += "&lt;script&gt;alert(2)" in page.text
    assert shown >= 30, shown  # the names really were on the pages
    # the signer's pages name the organisation (its legal name, brand footer) and the form
    client.cookies.clear()
    link = ids["signing_path"]
    for path in (link, f"{link}/consent", f"{link}/step/1", f"{link}/decline"):
        page = await client.get(path, follow_redirects=True)
        assert page.status_code == 200, (path, page.status_code)
        found = RAW.search(page.text)
        assert found is None, (path, page.text[max(found.start() - 200, 0) :][:400])
        assert "&lt;script&gt;alert(2)" in page.text, path
