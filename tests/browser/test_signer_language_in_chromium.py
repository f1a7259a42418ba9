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


LOAN = customer_form(
    "Loan",
    {
        "key": "loan",
        "title": "Your loan",
        "role": "customer",
        "fields": [
            {
                "key": "amount",
                "component": "money",
                "label": "Amount",
                "validation": {"currency": "GBP"},
            },
            {
                "key": "phone",
                "component": "phone",
                "label": "Phone",
                "validation": {"default_region": "FR"},
            },
        ],
    },
)


@pytest.mark.timeout(60)
def test_an_amount_typed_the_vietnamese_way_is_accepted_after_switching_to_english(
    browser: Browser, live_server: LiveServer
) -> None:
    """It was refused ("must be an amount of money"): the draft kept the Vietnamese typing
    and English read it with its own separators. A phone comes back to the step grouped."""
    with signing_page(browser, live_server, LOAN) as page:
        page.select_option("#language-choice", "vi")
        page.locator(".language-switcher__button").click()
        expect(page.locator("html")).to_have_attribute("lang", "vi")
        page.locator("#input-amount").fill("42.000,00")
        page.locator("#input-phone").fill("06 12 34 56 78")
        shot(page, "signer-amount-typed-vi")
        page.select_option("#language-choice", "en")
        page.locator(".language-switcher__button").click()
        expect(page.locator("html")).to_have_attribute("lang", "en")
        expect(page.locator("#input-amount")).to_have_value("42,000.00")
        expect(page.locator("#input-phone")).to_have_value("06 12 34 56 78")  # as typed
        shot(page, "signer-amount-switched-en")
        page.get_by_role("button", name="Continue").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("Sign")
        page.go_back()
        page.reload()
        expect(page.locator("#input-phone")).to_have_value("+33 6 12 34 56 78")
        expect(page.locator("#input-amount")).to_have_value("42,000.00")
        shot(page, "signer-amount-phone-back")
