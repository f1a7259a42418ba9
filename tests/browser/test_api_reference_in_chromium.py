"""The /schema reference page's operation index: each link underlines its path only. The
method is an inline-block (never underlined), so the space after it carried a lone stretch
of underline between `GET` and `/api/v1/…`."""

import pytest
from playwright.sync_api import Browser

from tests.browser.conftest import LiveServer

pytestmark = pytest.mark.browser


def test_the_index_underlines_the_path_not_the_space_before_it(
    browser: Browser, live_server: LiveServer
) -> None:
    page = browser.new_page(viewport={"width": 1000, "height": 800})
    try:
        page.goto(f"{live_server.base_url}/schema")
        links = page.locator(".api-ref__index a")
        assert links.count() > 10
        styles = links.first.evaluate(
            """a => [getComputedStyle(a).textDecorationLine,
                     getComputedStyle(a.querySelector('code')).textDecorationLine,
                     a.textContent]"""
        )
        assert styles[0] == "none"  # the link itself (and so the space) is not underlined
        assert styles[1] == "underline"  # its path is
        assert styles[2].startswith("GET /api/v1/")  # read aloud with the space kept
    finally:
        page.close()


def test_the_tables_read_on_a_phone(browser: Browser, live_server: LiveServer) -> None:
    """At 375 px the three-column tables broke names mid-word ("templat e_id", "Idempo
    tency-Key") and an answer's example pushed the page 200 px sideways. Each row is now a
    card: the name whole on its line, then "In: query", "Type: …", each said with its
    column's heading; at a desk the tables stay tables."""
    page = browser.new_page(viewport={"width": 375, "height": 800})
    try:
        page.goto(f"{live_server.base_url}/schema")
        op = page.locator('[id="get--api-v1-envelopes-envelope_id"]')
        op.locator("details").first.evaluate("d => d.open = true")  # the long example
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
        names = page.locator(".api-ref__name code")
        assert names.count() > 50
        for code in names.all()[:200]:  # one line each: a name never breaks inside
            box = code.bounding_box()
            assert box is not None and box["height"] < 30, code.text_content()
        cell = page.locator('[id="get--api-v1-envelopes"] td[data-label="In"]').first
        said = cell.evaluate("td => getComputedStyle(td, '::before').content")
        assert said == '"In: "' and cell.text_content() == "query"
        assert cell.evaluate("td => getComputedStyle(td).display") == "block"
        page.set_viewport_size({"width": 1280, "height": 800})
        assert cell.evaluate("td => getComputedStyle(td).display") == "table-cell"
        assert cell.evaluate("td => getComputedStyle(td, '::before').content") == "none"
    finally:
        page.close()
