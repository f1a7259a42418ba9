"""Back after a refused decline (the reason left empty) shows a page, not Chromium's
"Confirm Form Resubmission": the refusal answers with a redirect to the decline form, which
says what is wrong (Post/Redirect/Get), so no history entry is the answer to a POST."""

import re

import pytest
from playwright.sync_api import Browser, expect

from tests.browser.conftest import LiveServer
from tests.browser.signer_helpers import RECEIPTS_FORM, agree, new_envelope, shot

pytestmark = pytest.mark.browser


@pytest.mark.timeout(60)
@pytest.mark.parametrize("width", [1280, 375])
def test_back_after_a_refused_decline_shows_the_page(
    browser: Browser, live_server: LiveServer, width: int
) -> None:
    context = browser.new_context(viewport={"width": width, "height": 800})
    context.set_default_timeout(10_000)
    try:
        page = context.new_page()
        page.goto(new_envelope(live_server, RECEIPTS_FORM))
        agree(page)
        page.get_by_role("link", name="I do not want to sign this document").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Decline to sign")
        page.get_by_label("Reason").fill("   ")
        page.get_by_role("button", name="Decline").click()
        expect(page.locator("#error-reason")).to_contain_text("Enter a reason")
        shot(page, f"signer-decline-refused-{width}")

        # the signer thinks better of it and goes back to the form, then Back again
        page.get_by_role("link", name="Cancel").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Evidence")
        page.go_back()
        expect(page.get_by_role("heading", level=1)).to_have_text("Decline to sign")
        expect(page.locator("#error-reason")).to_contain_text("Enter a reason")
        assert re.search(r"/decline(\?|$)", page.url)

        # then declines after all: Back from the declined page is a page too
        page.get_by_label("Reason").fill("Wrong receipts asked for.")
        page.get_by_role("button", name="Decline").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("You declined to sign")
        page.go_back()
        expect(page.get_by_role("heading", level=1)).to_have_text("You declined to sign")
    finally:
        context.close()
