"""In chromium with JavaScript: a step starts with its fields' default answers, and one the
signer clears (autosaved) stays empty after a reload instead of coming back."""

import pytest
from playwright.sync_api import Browser, expect

from tests.browser.conftest import LiveServer
from tests.browser.signer_helpers import customer_form, shot, signing_page

pytestmark = pytest.mark.browser

FORM = customer_form(
    "Newsletter",
    {
        "key": "you",
        "title": "About you",
        "role": "customer",
        "fields": [
            {"key": "nickname", "component": "text", "label": "Nickname", "default": "Ace"},
            {"key": "news", "component": "checkbox", "label": "Send news", "default": True},
            {
                "key": "topics",
                "component": "text",
                "label": "Topics",
                "default": "All",
                "visible_if": {"==": [{"var": "news"}, True]},
            },
        ],
    },
)


@pytest.mark.timeout(60)
def test_defaults_show_and_a_cleared_one_stays_cleared(
    browser: Browser, live_server: LiveServer
) -> None:
    with signing_page(browser, live_server, FORM) as page:
        expect(page.get_by_label("Nickname")).to_have_value("Ace")
        expect(page.get_by_label("Send news")).to_be_checked()
        expect(page.get_by_label("Topics")).to_have_value("All")
        shot(page, "defaults-shown")

        page.get_by_label("Nickname").fill("")
        page.get_by_label("Send news").uncheck()
        expect(page.get_by_label("Topics")).to_be_hidden()
        expect(page.locator("[data-autosave]")).to_contain_text("Saved")
        page.reload()
        expect(page.get_by_label("Nickname")).to_have_value("")
        expect(page.get_by_label("Send news")).not_to_be_checked()
        page.get_by_label("Send news").check()  # its question comes back with its default
        expect(page.get_by_label("Topics")).to_have_value("All")


HOLDERS = customer_form(
    "Share register",
    {
        "key": "holders",
        "title": "Shareholders",
        "role": "customer",
        "fields": [
            {
                "key": "holders",
                "component": "group",
                "label": "Shareholders",
                "validation": {"row_label": "Holder"},
                "fields": [
                    {"key": "name", "component": "text", "label": "Name"},
                    {
                        "key": "country",
                        "component": "text",
                        "label": "Country",
                        "default": "Viet Nam",
                    },
                ],
            }
        ],
    },
)


@pytest.mark.timeout(60)
def test_add_another_row_starts_with_its_defaults(
    browser: Browser, live_server: LiveServer
) -> None:
    with signing_page(browser, live_server, HOLDERS) as page:
        first, second = "#input-holders__0__country", "#input-holders__1__country"
        expect(page.locator(first)).to_have_value("Viet Nam")
        page.locator("#input-holders__0__name").fill("Lan")
        page.locator(first).fill("Laos")
        page.get_by_role("button", name="Add another holder").click()
        expect(page.locator(second)).to_have_value("Viet Nam")
        expect(page.locator(first)).to_have_value("Laos")
        shot(page, "defaults-new-row")
        page.locator("#input-holders__1__name").fill("Minh")
        expect(page.locator("[data-autosave]")).to_contain_text("Saved")
        page.reload()
        expect(page.locator(second)).to_have_value("Viet Nam")
        expect(page.locator("#input-holders__1__name")).to_have_value("Minh")
