"""Designer polish that only a browser can measure, from an author review: the library's
row actions sat ~10 px below the template's name, the send screen's "Expires after"
box sat lower than the three reminder boxes (its label wrapped; later its refusal pushed it
over its hint), and the preview's
"Open the PDF (empty)" touched the language row under it once it wrapped."""

import uuid

import pytest
from playwright.sync_api import Browser, Page

from tests.browser.conftest import LiveServer
from tests.browser.designer_pages import screenshot, sign_in

pytestmark = pytest.mark.browser


def _box(page: Page, selector: str) -> dict[str, float]:
    box = page.locator(selector).first.bounding_box()
    assert box, selector
    return box


def _middle(box: dict[str, float]) -> float:
    return box["y"] + box["height"] / 2


@pytest.mark.timeout(120)
def test_rows_boxes_and_buttons_line_up(browser: Browser, live_server: LiveServer) -> None:
    email, password = live_server.demo_author(f"Align {uuid.uuid4().hex[:6]}")
    page = sign_in(browser, live_server.base_url, email, password)

    name = _box(page, ".library-table__name")
    for action in (".library-table__actions a", ".library-table__actions button"):
        assert abs(_middle(_box(page, action)) - _middle(name)) <= 2, action
    screenshot(page, "library-row", area="designer")

    edit = page.locator(".library-table__actions a[href$='/edit']").first.get_attribute("href")
    assert edit
    base = live_server.base_url + edit.rsplit("/", 1)[0]
    page.goto(f"{base}/versions")
    page.locator("a[href^='/designer/envelopes/new']").first.click()
    for width in (1280, 800):  # at 800 "First reminder after (days)" wraps
        page.set_viewport_size({"width": width, "height": 900})
        tops = page.evaluate(
            "[...document.querySelectorAll('.send-timing input')]"
            ".map(i => Math.round(i.getBoundingClientRect().top))"
        )
        assert len(tops) == 4 and len(set(tops)) == 1, (width, tops)
    screenshot(page, "send-timing", area="designer")
    # a refused expiry: its message stands above its box, the box above its hint, and the
    # other boxes stay in line (the message pushed the box down over the hint)
    page.get_by_label("Expires after (days)").fill("soon")
    page.get_by_role("button", name="Send", exact=True).click()
    error, box, hint = (_box(page, s) for s in ("#expires-error", "#expires", "#expires-hint"))
    assert error["y"] + error["height"] <= box["y"] <= box["y"] + box["height"] <= hint["y"]
    tops = page.evaluate(
        "[...document.querySelectorAll('.send-timing input')]"
        ".map(i => Math.round(i.getBoundingClientRect().top))"
    )
    assert len(set(tops)) == 1, tops
    screenshot(page, "send-timing-error", area="designer")

    page.goto(f"{base}/preview")
    for width in (1280, 768, 375):
        page.set_viewport_size({"width": width, "height": 900})
        button, row = _box(page, ".preview-head > a"), _box(page, ".preview-language")
        assert button["y"] + button["height"] + 8 <= row["y"], (width, button, row)
    screenshot(page, "preview-head", area="designer")
    page.context.close()
