"""Shared steps of the designer's browser tests: signing in, waiting for a page to be
ready, and screenshots kept when FORMSEAL_SCREENSHOTS names a folder."""

import os
from pathlib import Path

from playwright.sync_api import Browser, Locator, Page, expect


def screenshot(page: Page, name: str, *, area: str, full_page: bool = True) -> None:
    """`<area>-<name>.png` in FORMSEAL_SCREENSHOTS, when it is set."""
    folder = os.environ.get("FORMSEAL_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{area}-{name}.png"), full_page=full_page)


def opened(page: Page) -> None:
    """Wait until the page a link or a form led to has run its scripts. Its content is
    there, and can be clicked, before htmx has wired it up (the scripts run after the page
    is read): under load a click on a step then asked for nothing, and the test waited in
    vain for its panel (`#rb-add`)."""
    page.wait_for_load_state("load")


def follow(link: Locator) -> None:
    """Click a link, or a form's button, that opens another page, and wait until that page
    has run its scripts (see `opened`)."""
    with link.page.expect_navigation():
        link.click()


def sign_in(browser: Browser, base: str, email: str, password: str, width: int = 1280) -> Page:
    """A new browser context signed in to the designer, on the template library."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto(f"{base}/designer/login")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Templates", level=1)).to_be_visible()
    opened(page)
    return page
