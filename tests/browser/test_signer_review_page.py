"""Check your answers in chromium: each Change link sits on the line of the answer it
changes (a 44px tap target, not 9px lower), and Sign and finish while offline stays on the
page and says so, sending nothing, instead of the browser's own error page."""

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import LiveServer
from tests.browser.signer_helpers import agree, customer_form, new_envelope, shot

pytestmark = pytest.mark.browser

ABOUT = {
    "key": "about",
    "title": "About you",
    "role": "customer",
    "fields": [
        {"key": "full_name", "component": "text", "label": "Full name", "required": True},
        {"key": "city", "component": "text", "label": "City"},
    ],
}

#: the top of the first line of text in an element (its text, not its padding)
TEXT_TOP = """e => { const walker = document.createTreeWalker(e, NodeFilter.SHOW_TEXT,
  { acceptNode: n => n.textContent.trim() ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_SKIP });
  const range = document.createRange(); range.selectNodeContents(walker.nextNode());
  return range.getClientRects()[0].top; }"""


def _to_review(page: Page) -> None:
    agree(page)
    page.get_by_label("Full name").fill("Alicia")
    page.get_by_label("City").fill("Lyon")
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("radio", name="Type").check()
    page.get_by_label("Type your full name to sign").fill("Alicia")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your answers before signing")


@pytest.mark.timeout(90)
def test_change_links_line_up_and_signing_offline(
    browser: Browser, live_server: LiveServer
) -> None:
    link = new_envelope(live_server, customer_form("Review page", ABOUT))
    context = browser.new_context(viewport={"width": 820, "height": 900})
    context.set_default_timeout(10_000)
    try:
        page = context.new_page()
        page.goto(link)
        _to_review(page)
        rows = page.locator(".summary-list__row")
        assert rows.count() == 3
        for row in rows.all():
            change = row.locator(".summary-list__actions a")
            key_top = row.locator(".summary-list__key").evaluate(TEXT_TOP)
            assert abs(change.evaluate(TEXT_TOP) - key_top) < 2, row.inner_text()
            box = change.bounding_box()
            assert box and box["height"] >= 44  # still a 44px tap target
        shot(page, "signer-review-aligned")

        finishes: list[str] = []
        page.on("request", lambda r: finishes.append(r.url) if r.url.endswith("/finish") else None)
        context.set_offline(True)
        page.get_by_role("button", name="Sign and finish").click()
        status = page.locator("#autosave-status")
        expect(status).to_have_text(
            "You seem to be offline, so nothing was sent. "
            "Select “Sign and finish” again when you are back online."
        )
        shot(page, "signer-review-offline")
        assert page.url.endswith("/review") and finishes == []
        context.set_offline(False)
        page.get_by_role("button", name="Sign and finish").dblclick()
        expect(page.get_by_role("heading", level=1)).to_have_text("Signed")
        assert len(finishes) == 1, finishes
    finally:
        context.close()
