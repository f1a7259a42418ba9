"""The designer's header in chromium: Templates, Envelopes, Archive, Insight and Settings,
the organisation, the user and "Sign out" sit in one row from 1024 to 1366 px (a long
organisation name is shortened, not wrapped), every item is on screen and works; at 768 and
375 px the links take a row of their own and nothing scrolls sideways. The administrative
screens are reached through Settings, which stays marked on each of them."""

import re
import uuid

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import LiveServer
from tests.browser.designer_pages import screenshot, sign_in

pytestmark = pytest.mark.browser
PASSWORD = "correct horse battery staple"
WORK = ["Templates", "Envelopes", "Archive", "Insight", "Settings"]
HEADER_ITEMS = """() => [...document.querySelectorAll(
    '.designer-header a, .designer-header button, .designer-header__who')]
  .map(e => { const r = e.getBoundingClientRect();
              return {text: e.textContent.trim(), top: r.top, bottom: r.bottom,
                      left: r.left, right: r.right}; })"""
SETTINGS_TABS = """() => [...document.querySelectorAll('nav[aria-label="Settings"] a')]
  .map(e => { const r = e.getBoundingClientRect();
              return {text: e.textContent.trim(), top: r.top, bottom: r.bottom}; })"""
SIDEWAYS = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"


def header_rows(page: Page) -> list[dict]:
    items = page.evaluate(HEADER_ITEMS)
    width = page.viewport_size["width"] if page.viewport_size else 0
    for item in items:  # every item is on screen
        assert item["left"] >= 0 and item["right"] <= width + 0.5, (width, item)
        assert item["bottom"] > item["top"], item
    return items


def one_row(items: list[dict]) -> bool:
    """Every item's box overlaps every other's vertically: one line of the header."""
    return max(i["top"] for i in items) < min(i["bottom"] for i in items)


@pytest.mark.timeout(180)
def test_header_is_one_row_on_a_desk_and_never_scrolls_sideways_on_a_phone(
    browser: Browser, live_server: LiveServer
) -> None:
    organisation = f"Northwind Trading and Distribution Holdings {uuid.uuid4().hex[:6]}"
    email = f"nav-{uuid.uuid4().hex[:6]}@example.com"
    live_server.create_user(email, organisation, PASSWORD)
    page = sign_in(browser, live_server.base_url, email, PASSWORD, width=1280)
    try:
        nav = page.get_by_role("navigation", name="Designer")
        expect(nav.get_by_role("link")).to_have_text(WORK)
        for width in (1366, 1280, 1024):
            page.set_viewport_size({"width": width, "height": 800})
            assert one_row(header_rows(page)), f"the header wraps at {width} px"
            assert page.evaluate(SIDEWAYS) <= 0, width
            screenshot(page, f"templates-{width}", area="header", full_page=False)
        who = page.locator(".designer-header__who")  # shortened on screen, whole on hover
        expect(who).to_have_attribute("title", re.compile(re.escape(organisation)))
        page.set_viewport_size({"width": 1280, "height": 800})
        for label in WORK:  # every item works where it stands
            nav.get_by_role("link", name=label, exact=True).click()
            expect(nav.get_by_role("link", name=label, exact=True)).to_have_attribute(
                "aria-current", "page"
            )
        cards = page.locator(".settings-list").get_by_role("link")
        expect(cards).to_have_text(
            [
                "Organisation",
                "Users",
                "Brand",
                "Stamps",
                "API keys",
                "Webhooks",
                "Embedding",
                "Outbox",
                "Audit trail",
                "Problems",
                "Retention periods",
            ]
        )
        cards.filter(has_text="Stamps").click()  # the whole card is the link; so is its title
        expect(page.get_by_role("heading", level=1)).to_contain_text("stamp")
        expect(nav.get_by_role("link", name="Settings")).to_have_attribute("aria-current", "true")
        settings_nav = page.get_by_role("navigation", name="Settings")
        expect(settings_nav.get_by_role("link", name="Stamps")).to_have_attribute(
            "aria-current", "page"
        )
        settings_nav.get_by_role("link", name="Problems").click()
        expect(settings_nav.get_by_role("link", name="Problems")).to_have_attribute(
            "aria-current", "page"
        )
        assert one_row(page.evaluate(SETTINGS_TABS)), "the settings tabs wrap at 1280 px"
        screenshot(page, "settings-tabs-1280", area="main", full_page=False)

        for path in ("/designer/templates", "/designer/settings/", "/designer/users"):
            page.goto(live_server.base_url + path)
            for width in (768, 375):
                page.set_viewport_size({"width": width, "height": 800})
                header_rows(page)
                assert page.evaluate(SIDEWAYS) <= 0, (path, width)
                name = f"{path.strip('/').replace('/', '-')}-{width}"
                screenshot(page, name, area="header", full_page=False)
        # on a phone the eleven settings tabs stay one line (they wrapped onto three): it
        # scrolls sideways by itself, the page does not, and the current tab is in view
        page.set_viewport_size({"width": 375, "height": 800})
        page.goto(live_server.base_url + "/designer/settings/problems")
        tabs = page.evaluate(SETTINGS_TABS)
        assert len(tabs) == 11 and one_row(tabs), tabs
        assert page.evaluate(SIDEWAYS) <= 0
        current = settings_nav.get_by_role("link", name="Problems")
        box = current.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= 375, box
        screenshot(page, "settings-tabs-375", area="main", full_page=False)
        settings_nav.get_by_role("link", name="Audit trail").click()  # reachable by a tap
        expect(page.get_by_role("heading", level=1)).to_contain_text("Audit")
        page.goto(live_server.base_url + "/designer/templates")
        nav.get_by_role("link", name="Settings").click()
        page.locator(".settings-list").get_by_role("link", name="Users").click()
        expect(page.get_by_role("heading", name="Users", level=1)).to_be_visible()
    finally:
        page.context.close()
