"""In chromium: changing language right after typing keeps what was typed. The language
menu is a form of its own that leaves the page before the debounced autosave has sent the
last keystrokes; signer.js saves them first."""

import pytest
from playwright.sync_api import Browser, expect

from tests.browser.conftest import LiveServer
from tests.browser.signer_helpers import customer_form, shot, signing_page

pytestmark = pytest.mark.browser

FORM = customer_form(
    "Membership",
    {
        "key": "you",
        "title": "About you",
        "role": "customer",
        "fields": [
            {"key": "nickname", "component": "text", "label": "Nickname"},
            {"key": "city", "component": "text", "label": "City"},
        ],
    },
)


@pytest.mark.timeout(60)
def test_changing_language_right_after_typing_keeps_the_answer(
    browser: Browser, live_server: LiveServer
) -> None:
    with signing_page(browser, live_server, FORM) as page:
        page.locator("#input-nickname").fill("Ace")
        page.locator("#input-city").fill("Hanoi")  # no pause: the autosave has not sent it yet
        page.select_option("#language-choice", "fr")
        page.locator(".language-switcher__button").click()
        expect(page.locator(".language-switcher__button")).to_have_text("Changer de langue")
        expect(page.locator("#input-nickname")).to_have_value("Ace")
        expect(page.locator("#input-city")).to_have_value("Hanoi")
        shot(page, "signer-language-kept")
