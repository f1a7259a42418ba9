"""A known link's error pages (429 too many requests, 503 busy or database unavailable)
and an embedded form's keep the site's footer ('Check a sealed document'), as formseal's
other error pages do; the band under them was empty."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import pytest
from jose import jwt
from litestar.testing import AsyncTestClient

from runtime.errors import TooManyRequests
from runtime.signing import draft_document
from tests.integration import embed_helpers
from tests.integration.conftest import Org, create_envelope, import_template, open_link, path_of
from tests.integration.embed_helpers import INTRANET, claims

embedding = embed_helpers.embedding  # the fixture, shared with tests/security

REFUSALS = {
    429: TooManyRequests("Too many documents were asked for. Wait a minute.", retry_after=5),
    503: draft_document.RendererBusy("Many documents are being prepared right now."),
}


def _refusing(status: int):  # noqa: ANN202 (a context manager factory)
    @asynccontextmanager
    async def refuse() -> AsyncIterator[None]:
        raise REFUSALS[status]
        yield  # pragma: no cover

    return refuse


def _footer(html: str) -> str:
    return html.split('<footer class="site-footer">')[1].split("</footer>")[0]


@pytest.mark.parametrize("status", [429, 503], ids=["too-many", "busy"])
async def test_a_known_links_error_page_keeps_the_sites_footer(
    client: AsyncTestClient, org: Org, monkeypatch: pytest.MonkeyPatch, status: int
) -> None:
    template = await import_template(client, org)
    envelope = await create_envelope(client, org, template["id"])
    link = path_of(envelope["recipients"][0]["signing_url"])
    await open_link(client, link)
    monkeypatch.setattr(draft_document, "render_slot", _refusing(status))
    refused = await client.get(f"{link}/document.pdf")
    assert refused.status_code == status
    assert refused.headers["content-type"].startswith("text/html")
    assert '<a href="/verify">Check a sealed document</a>' in _footer(refused.text)


@pytest.mark.parametrize("status", [429, 503], ids=["too-many", "busy"])
async def test_an_embedded_forms_error_page_keeps_the_footer_opening_a_new_tab(
    client: AsyncTestClient,
    org: Org,
    embedding: dict,
    monkeypatch: pytest.MonkeyPatch,
    status: int,
) -> None:
    """Inside the intranet's frame the link opens a new tab: /verify is never framed."""
    token = jwt.encode(claims(), embedding["secret"], algorithm="HS256")
    opened = await client.get(
        f"/embed/{embedding['slug']}", params={"token": token, "origin": INTRANET}
    )
    link = opened.headers["location"].split("/step/")[0].rstrip("/")
    await open_link(client, link)
    monkeypatch.setattr(draft_document, "render_slot", _refusing(status))
    refused = await client.get(f"{link}/document.pdf")
    assert refused.status_code == status
    assert (
        '<a href="/verify" target="_blank" rel="noopener">Check a sealed document</a>'
        in _footer(refused.text)
    )
