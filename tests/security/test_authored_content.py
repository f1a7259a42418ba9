"""Authored HTML and typed answers (SECURITY.md 1, 2, 16, 17): scripts, event handlers,
`javascript:` URLs, htmx attributes, CSS `url()` and `<img>` pointing at local files and at a
listening socket. The signer's pages, the designer's canvas and the sealed PDF show them as
text or drop them; the seal job connects nowhere and reads no file.

The renderer's fetcher alone is covered by tests/unit/test_seal_fetcher.py; this walks the
whole way from an imported template to the sealed PDF."""

import io
import time
import uuid
from html.parser import HTMLParser
from typing import Any

from litestar.testing import AsyncTestClient
from pypdf import PdfReader

from runtime.jobs.seal_input import build_seal_input
from runtime.sealing.document import build_document_html
from runtime.settings import Settings
from runtime.tables import Envelope
from tests.integration.conftest import (
    Org,
    create_envelope,
    demo_definition,
    fill_demo,
    import_template,
    open_link,
    path_of,
    run_jobs,
)
from tests.security.helpers import sqlite_only

XSS = '<script>alert(1)</script><img src=x onerror="alert(2)">'
HTMX = '<b hx-get="/api/v1/templates" hx-trigger="load" hx-on:click="alert(3)">x</b>'


def hostile_definition(port: int) -> dict[str, Any]:
    url = f"http://127.0.0.1:{port}"
    definition = demo_definition()
    definition["name"] = f"Agreement {XSS}"
    section = definition["sections"][0]
    section["title"] = f"Details {HTMX}"
    section["description"] = f"Read {XSS}"
    section["fields"][0]["label"] = f"Full name {XSS}"
    section["fields"][0]["help"] = f"Help {HTMX}"
    section["fields"][2]["placeholder"] = '"><script>alert(4)</script>'
    definition["document"][1:1] = [
        {
            "kind": "paragraph",
            "html": (
                f'<p onclick="alert(5)">Clause {XSS} <a href="javascript:alert(6)">link</a> '
                f'<a href="{url}/a">local</a> <img src="file:///etc/passwd"> '
                f'<img src="{url}/img.png"> <span style="background:url({url}/bg.png)">s</span>'
                f"<style>p {{ background: url(file:///etc/passwd) }} @import url({url}/i.css);"
                f'</style><svg><image href="{url}/svg.png"/></svg>'
                f'<iframe src="{url}/frame"></iframe><object data="file:///etc/passwd"></object>'
                f"{HTMX}</p>"
            ),
        },
        {"kind": "heading", "text": f"Heading {XSS}", "level": 2},
    ]
    return definition


class _ActiveContent(HTMLParser):
    """Collects what a browser would run: inline or foreign scripts, event handler
    attributes, javascript: URLs and htmx attributes that our own templates do not write."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "script" and not (values.get("src") or "").startswith("/static/"):
            self.found.append(f"<script {values}>")
        for name, value in attrs:
            if name.startswith("on") or name.startswith("hx-on"):
                self.found.append(f"{tag} {name}")
            if (value or "").strip().lower().startswith("javascript:"):
                self.found.append(f"{tag} {name}={value}")
            requests = ("hx-get", "hx-post", "hx-put", "hx-delete", "hx-patch", "hx-vals")
            if name in requests and "/api/" in (value or ""):
                self.found.append(f"{tag} {name}={value}")


class _Resources(HTMLParser):
    """Every URL the PDF renderer could be asked to fetch: attributes and style text."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.tags: set[str] = set()
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self._in_style = tag == "style"
        for name, value in attrs:
            if name in ("src", "href", "data", "style", "srcset", "poster", "background"):
                self.urls.append(value or "")

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.urls.append(data)


def _clean_page(html: str) -> None:
    parser = _ActiveContent()
    parser.feed(html)
    assert parser.found == []


async def test_hostile_template_is_inert_from_signer_page_to_sealed_pdf(
    client: AsyncTestClient, org: Org, settings: Settings, listener: Any
) -> None:
    port, hits = listener
    template = await import_template(client, org, hostile_definition(port))
    envelope = await create_envelope(
        client,
        org,
        template["id"],
        recipients=[{"role": "customer", "name": f"Eve {XSS}", "email": "eve@example.com"}],
    )
    link = path_of(envelope["recipients"][0]["signing_url"])
    step = await open_link(client, link)
    assert step.status_code == 200
    _clean_page(step.text)
    assert "Full name &lt;script&gt;alert(1)&lt;/script&gt;" in step.text
    assert "&lt;b hx-get=" in step.text  # shown as text, never as an htmx element

    await fill_demo(client, link, name=f"Mallory {XSS}")
    review = await client.get(f"{link}/review")
    _clean_page(review.text)

    row = (
        await Envelope.select()
        .where(Envelope.id == uuid.UUID(envelope["id"]))
        .output(load_json=True)
        .first()
    )
    assert row is not None
    seal_input = await build_seal_input(settings, row)
    document = build_document_html(seal_input, themes_dir=settings.themes_dir)
    _clean_page(document)
    fetched = _Resources()
    fetched.feed(document)
    assert not [u for u in fetched.urls if "file:" in u or f":{port}" in u], fetched.urls
    assert fetched.tags.isdisjoint({"iframe", "object", "svg", "image", "embed"}), fetched.tags
    assert "Clause" in document and "Mallory &lt;script&gt;" in document

    await run_jobs(settings)
    time.sleep(0.2)  # let a stray connection show up
    assert hits == [], hits
    done = await client.get(f"/api/v1/envelopes/{envelope['id']}", headers=org.auth)
    assert done.json()["status"] == "completed"
    pdf = await client.get(f"/api/v1/envelopes/{envelope['id']}/sealed.pdf", headers=org.auth)
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "root:" not in text and "Mallory" in text
    assert "<script>alert(1)</script>" in text or "alert(1)" in text  # shown as text


@sqlite_only
async def test_designer_canvas_shows_hostile_blocks_as_text(
    client: AsyncTestClient, signed_in: str, listener: Any
) -> None:
    from tests.integration.designer.helpers import seeded

    port, hits = listener
    base = await seeded(client, signed_in, hostile_definition(port))
    for view in ("edit", "document", "preview"):
        page = await client.get(f"{base}/{view}")
        assert page.status_code == 200, (view, page.status_code)
        _clean_page(page.text)
        assert "javascript:" not in page.text and "file:///etc/passwd" not in page.text
    preview = await client.get(f"{base}/preview/pdf")
    assert preview.status_code in (200, 422), preview.status_code
    time.sleep(0.2)
    assert hits == []


@sqlite_only
async def test_deeply_nested_markup_still_seals(
    client: AsyncTestClient, org: Org, settings: Settings
) -> None:
    """Thousands of nested elements (a RecursionError in the layout engine) are kept as
    plain text, and the envelope seals; the worker carries on (SECURITY.md 3)."""
    definition = demo_definition()
    nested = "<span>" * 3000 + "Deep clause text" + "</span>" * 3000
    lists = "<ul><li>" * 400 + "Deep list item" + "</li></ul>" * 400
    definition["document"][1:1] = [
        {"kind": "paragraph", "html": nested},
        {"kind": "paragraph", "html": lists},
    ]
    template = await import_template(client, org, definition)
    envelope = await create_envelope(client, org, template["id"])
    await fill_demo(client, path_of(envelope["recipients"][0]["signing_url"]))
    started = time.monotonic()
    await run_jobs(settings)
    assert time.monotonic() - started < 60
    done = await client.get(f"/api/v1/envelopes/{envelope['id']}", headers=org.auth)
    assert done.json()["status"] == "completed", done.json()
    pdf = await client.get(f"/api/v1/envelopes/{envelope['id']}/sealed.pdf", headers=org.auth)
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Deep clause text" in text and "Deep list item" in text
