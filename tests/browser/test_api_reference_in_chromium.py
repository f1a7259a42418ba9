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
