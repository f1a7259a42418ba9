"""A server setting named in a refusal (FORMSEAL_JWKS_ALLOWED_HOSTS beside the Embedding
screen's JWKS URL, and in the summary at the top) wraps after an underscore on a 375 px
phone; it broke wherever the line ran out ("…ALLOWED_HOS" / "TS")."""

import uuid

import pytest
from playwright.sync_api import Browser, Locator, expect

from tests.browser.conftest import LiveServer
from tests.browser.designer_pages import opened, screenshot, sign_in

pytestmark = pytest.mark.browser
NAME = "FORMSEAL_JWKS_ALLOWED_HOSTS"

# each character of `name` in the element's text, with the top of the line it stands on
_TOPS = """(element, name) => {
  const text = element.textContent, start = text.indexOf(name), tops = [];
  if (start < 0) return null;
  const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
  let offset = 0, node;
  while ((node = walker.nextNode())) {
    for (let i = 0; i < node.length; i++, offset++) {
      if (offset < start || offset >= start + name.length) continue;
      const range = document.createRange();
      range.setStart(node, i); range.setEnd(node, i + 1);
      tops.push([node.data[i], Math.round(range.getBoundingClientRect().top)]);
    }
  }
  return tops;
}"""


def name_breaks(message: Locator) -> list[str]:
    """The characters of NAME after which its line ends (none when it fits on one)."""
    tops = message.evaluate(_TOPS, NAME)
    assert tops and len(tops) == len(NAME), tops
    return [tops[i][0] for i in range(len(tops) - 1) if tops[i + 1][1] > tops[i][1]]


@pytest.mark.timeout(120)
@pytest.mark.parametrize("width", [375, 1280])
def test_a_setting_named_in_a_refusal_wraps_at_an_underscore(
    browser: Browser, live_server: LiveServer, width: int
) -> None:
    email, password = live_server.demo_author(f"Setting names {uuid.uuid4().hex[:6]}")
    page = sign_in(browser, live_server.base_url, email, password, width=width)
    page.goto(f"{live_server.base_url}/designer/settings/embedding")
    page.locator("#embed-origins").fill("https://intranet.example.com")
    page.locator("#embed-issuer").fill("https://intranet.example.com")
    page.locator("#embed-mode-jwks").check()
    page.locator("#embed-jwks-url").fill("https://10.1.2.3/jwks.json")
    page.locator("#embed-audience").fill("formseal")
    page.locator("#embed-form button[type=submit]").last.click()
    opened(page)
    beside = page.locator("#embed-jwks-url-error")
    expect(beside).to_contain_text(NAME)
    summary = page.locator(".error-summary__list li").filter(has_text=NAME)
    for message in (beside, summary):
        assert set(name_breaks(message)) <= {"_"}, message
    if width == 375:
        assert name_breaks(beside), "the name fits a phone's line: nothing tested"
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    screenshot(page, f"jwks-refused-{width}", area="designer-settings")
