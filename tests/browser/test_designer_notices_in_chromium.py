"""The designer's notices in chromium, at 1280 and 375 px: an information notice is blue,
a success green, a plain one grey, each with text and links of at least 4.5:1 contrast.
A second `.notice` rule late in designer-pages.css (the sender screens') made every
`notice--info` as grey as a plain notice ("No sealed PDF to download", "No job worker",
"Turn on two-step verification" looked like "The envelope is voided")."""

import pytest
from playwright.sync_api import Browser, expect

from tests.browser.conftest import LiveServer
from tests.browser.designer_pages import (  # noqa: F401  (author: a module fixture)
    PASSWORD,
    Author,
    author,
    screenshot,
    sign_in,
)

pytestmark = pytest.mark.browser

#: the plain and success notices beside the page's own info notice, with a link in each
ADD_NOTICES = """() => {
  const info = document.querySelector('#zip-notice');
  info.insertAdjacentHTML('beforeend', ' <a href="#">a link</a>');
  info.insertAdjacentHTML('afterend',
    '<div class="notice notice--success" id="t-success">Saved. <a href="#">a link</a></div>' +
    '<div class="notice" id="t-plain">The envelope is voided. <a href="#">a link</a></div>');
}"""
#: each notice's background, and the contrast of its text and of its link on it
COLOURS = """(selector) => {
  const rgb = c => c.match(/[\\d.]+/g).slice(0, 3).map(Number);
  const lum = c => { const [r, g, b] = rgb(c).map(v => { v /= 255;
      return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
    return (x + 0.05) / (y + 0.05); };
  const box = document.querySelector(selector), style = getComputedStyle(box);
  const link = getComputedStyle(box.querySelector('a'));
  return {background: style.backgroundColor, border: style.borderLeftColor,
          text: ratio(style.color, style.backgroundColor),
          link: ratio(link.color, style.backgroundColor)};
}"""
BLUE, GREEN, GREY = "rgb(232, 240, 252)", "rgb(216, 240, 227)", "rgb(227, 229, 232)"


@pytest.mark.parametrize("width", [1280, 375], ids=["desk", "phone"])
def test_info_notices_are_blue_success_green_plain_grey(
    browser: Browser,
    live_server: LiveServer,
    author: Author,  # noqa: F811
    width: int,
) -> None:
    page = sign_in(browser, live_server.base_url, author.email, PASSWORD, width=width)
    try:
        page.goto(f"{live_server.base_url}/designer/archive?zip=none")
        expect(page.locator("#zip-notice.notice--info")).to_contain_text("No sealed PDF")
        page.evaluate(ADD_NOTICES)
        seen = {
            name: page.evaluate(COLOURS, selector)
            for name, selector in (
                ("info", "#zip-notice"),
                ("success", "#t-success"),
                ("plain", "#t-plain"),
            )
        }
        assert seen["info"]["background"] == BLUE, seen
        assert seen["success"]["background"] == GREEN, seen
        assert seen["plain"]["background"] == GREY, seen
        for name, colours in seen.items():
            assert colours["text"] >= 4.5 and colours["link"] >= 4.5, (name, colours)
        screenshot(page, f"notices-{width}", area="designer", full_page=False)
    finally:
        page.context.close()
