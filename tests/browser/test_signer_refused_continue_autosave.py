"""Typing into a box and selecting Continue at once, with a required answer still missing:
the box's autosave and the Continue carry the same answers from one page. When the autosave
reached the server first, the Continue came back as "These answers were also changed in
another window…" instead of "Enter postcode" (runtime/signing/windows.py step_conflicts)."""

import pytest
from playwright.sync_api import Browser, Route, expect

from tests.browser.conftest import LiveServer
from tests.browser.signer_helpers import SHOTS, agree, customer_form, new_envelope

pytestmark = pytest.mark.browser

ABOUT = {
    "key": "about",
    "title": "About you",
    "role": "customer",
    "fields": [
        {"key": "full_name", "component": "text", "label": "Full name", "required": True},
        {"key": "city", "component": "text", "label": "City", "required": True},
        {"key": "postcode", "component": "text", "label": "Postcode", "required": True},
    ],
}


@pytest.mark.timeout(90)
@pytest.mark.parametrize("width", [1280, 375])
def test_a_refused_continue_says_what_is_missing_not_another_window(
    browser: Browser, live_server: LiveServer, width: int
) -> None:
    link = new_envelope(live_server, customer_form("Refused continue", ABOUT))
    context = browser.new_context(viewport={"width": width, "height": 800})
    context.set_default_timeout(15_000)
    statuses: list[tuple[str, int]] = []
    try:
        page = context.new_page()
        page.on("response", lambda r: statuses.append((r.request.method + " " + r.url, r.status)))
        page.goto(link)
        agree(page)
        page.get_by_label("Full name").fill("Alex Example")
        expect(page.locator("#autosave-status")).to_have_text("Saved")

        def late_step(route: Route) -> None:  # the step arrives after the box's autosave
            if route.request.method == "POST":
                page.wait_for_timeout(1200)
            route.continue_()

        page.route("**/step/1", late_step)
        page.get_by_label("City").press_sequentially("Lyon")
        page.get_by_role("button", name="Continue").click()

        expect(page.get_by_role("link", name="Enter postcode")).to_be_visible()
        assert "another window" not in page.inner_text("body")
        assert any(u.endswith("/step/1/draft") and s == 200 for u, s in statuses), statuses
        assert not [s for u, s in statuses if s == 409], statuses
        expect(page.get_by_label("City")).to_have_value("Lyon")
        page.screenshot(path=str(SHOTS / f"refused-continue-{width}.png"), full_page=True)

        saves = len(statuses)
        page.get_by_label("Postcode").fill("69001")  # the re-rendered page saves as usual
        page.get_by_label("City").focus()
        expect(page.locator("#autosave-status")).to_have_text("Saved")
        page.wait_for_function("document.readyState === 'complete'")
        later = statuses[saves:]
        assert any(u.endswith("/draft") and s == 200 for u, s in later), later
        assert not [s for u, s in statuses if s == 409], statuses
    finally:
        context.close()
