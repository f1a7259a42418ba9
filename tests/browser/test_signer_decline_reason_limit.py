"""The decline reason's limit in the browser: the box says it (hint) and stops at it
(maxlength, a line break counted once, as the server counts it), and a reason too long
all the same (a browser that ignores maxlength) comes back by a redirect with its text,
so Back afterwards shows a page, not Chromium's "Confirm Form Resubmission"."""

import re

import pytest
from playwright.sync_api import Browser, expect

from tests.browser.conftest import LiveServer
from tests.browser.signer_helpers import RECEIPTS_FORM, agree, new_envelope, shot

pytestmark = pytest.mark.browser


@pytest.mark.timeout(60)
@pytest.mark.parametrize("width", [1280, 375])
def test_the_reason_box_keeps_to_its_limit_and_back_shows_a_page(
    browser: Browser, live_server: LiveServer, width: int
) -> None:
    context = browser.new_context(viewport={"width": width, "height": 800})
    context.set_default_timeout(10_000)
    try:
        page = context.new_page()
        page.goto(new_envelope(live_server, RECEIPTS_FORM))
        agree(page)
        page.get_by_role("link", name="I do not want to sign this document").click()
        box = page.get_by_label("Reason")
        expect(page.locator("#hint-reason")).to_contain_text(
            "You can enter up to 2,000 characters."
        )
        box.fill("")
        box.press_sequentially("ab\ncd")
        box.evaluate("(el, v) => { el.value = v; }", "y" * 1990 + "\n" * 8)
        box.press_sequentially("zzzz")  # two more fit: 1,998 + 2
        assert box.evaluate("el => el.value.length") == 2000

        # a browser that does not keep to maxlength sends 2,345 characters
        box.evaluate(
            "el => { el.removeAttribute('maxlength'); el.value = 'Too long. ' + 'x'.repeat(2335); }"
        )
        page.get_by_role("button", name="Decline").click()
        told = "The reason must be 2,000 characters or fewer. Yours has 2,345: shorten it."
        expect(page.locator("#error-reason")).to_contain_text(told)
        assert re.search(r"/decline\?refused=long", page.url)
        assert box.input_value().startswith("Too long. xxx") and len(box.input_value()) == 2345
        shot(page, f"signer-decline-too-long-{width}")

        # on to the steps, then Back: the refusal again, as a page
        page.get_by_role("link", name="Cancel").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Evidence")
        page.go_back()
        expect(page.get_by_role("heading", level=1)).to_have_text("Decline to sign")
        expect(page.locator("#error-reason")).to_contain_text(told)

        # shortened to the limit, line breaks and all (sent as CR LF, counted once), it is taken
        shorter = "\n".join(["Too long before.", *["y" * 220] * 8, "z" * 215])
        box.evaluate("(el, v) => { el.value = v; }", shorter)
        assert box.evaluate("el => el.value.length") == 2000
        page.get_by_role("button", name="Decline").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("You declined to sign")
    finally:
        context.close()
