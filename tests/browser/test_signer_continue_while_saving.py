"""Continue selected while the page's own autosave is on its way (tapping Continue blurs the
box just typed in, which saves it): the step is sent once that save has answered, with the
answers' new fingerprint. Sent at once, it carried the old fingerprint and came back as
"changed in another window" although no other window existed (signer-windows.js)."""

from typing import Any

import pytest
from playwright.sync_api import Browser, Route, expect

from tests.browser.conftest import LiveServer
from tests.browser.signer_helpers import agree, customer_form, new_envelope

pytestmark = pytest.mark.browser

ABOUT = {
    "key": "about",
    "title": "About you",
    "role": "customer",
    "fields": [{"key": "full_name", "component": "text", "label": "Full name"}],
}


@pytest.mark.timeout(60)
def test_continue_waits_for_the_autosave_on_its_way(
    browser: Browser, live_server: LiveServer
) -> None:
    link = new_envelope(live_server, customer_form("Continue while saving", ABOUT))
    context = browser.new_context(viewport={"width": 375, "height": 800})
    context.set_default_timeout(10_000)
    try:
        page = context.new_page()
        page.goto(link)
        agree(page)
        # the first autosave reaches the server (which stores it) but its answer is held
        held: list[tuple[Route, Any]] = []

        def hold_first(route: Route) -> None:
            if held:
                route.continue_()
            else:
                held.append((route, route.fetch()))

        page.route("**/draft", hold_first)
        page.get_by_label("Full name").fill("Alex Example")
        for _ in range(50):
            if held:
                break
            page.wait_for_timeout(100)
        assert held, "the autosave was not sent"

        page.get_by_role("button", name="Continue").click()
        page.wait_for_timeout(300)
        assert page.url.endswith("/step/1")  # waiting for the save's answer
        route, answer = held[0]
        route.fulfill(response=answer)

        expect(page.get_by_role("heading", level=1)).to_have_text("Sign")
        assert "another window" not in page.content()
        page.goto(link + "/step/1")
        expect(page.get_by_label("Full name")).to_have_value("Alex Example")
    finally:
        context.close()
