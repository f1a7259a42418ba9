"""Shared steps of the designer's browser tests: a fresh author (the `author` fixture),
signing in, waiting for a page to be ready or saved, dragging on the canvas, and
screenshots kept when FORMSEAL_SCREENSHOTS names a folder."""

import os
import uuid
from functools import partial
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Locator, Page, Route, expect

from tests.browser.conftest import LiveServer


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


def sign_in(
    browser: Browser,
    base: str,
    email: str,
    password: str,
    width: int = 1280,
    touch: bool = False,
    mobile: bool | None = None,
) -> Page:
    """A new browser context signed in to the designer, on the template library; `touch`:
    a phone's (a touch screen, `page.touchscreen.tap`); `mobile=False` with it: a laptop's
    touch screen, beside a pointer that can hover."""
    context = browser.new_context(
        viewport={"width": width, "height": 900},
        has_touch=touch,
        is_mobile=touch if mobile is None else mobile,
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto(f"{base}/designer/login")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Templates", level=1)).to_be_visible()
    opened(page)
    return page


PASSWORD = "a long browser passphrase"


class Author:
    def __init__(self, email: str, organisation: str) -> None:
        self.email, self.organisation = email, organisation


@pytest.fixture(scope="module")
def author(live_server: LiveServer) -> Author:
    """A fresh author in a fresh organisation on the live server (`formseal createuser`)."""
    who = Author(
        f"author-{uuid.uuid4().hex[:6]}@example.com", f"Browser org {uuid.uuid4().hex[:6]}"
    )
    live_server.create_user(who.email, who.organisation, PASSWORD)
    return who


shot = partial(screenshot, area="designer", full_page=False)


def saved(page: Page) -> None:
    """Wait until the status line says every change is stored."""
    status = page.locator("#save-status")
    expect(status).to_have_attribute("data-state", "saved")
    expect(status).to_have_text("All changes saved")


def drag(page: Page, source: str, target: str, below: bool = False) -> None:
    """Press on a drag handle and move the mouse in small steps, as a person would."""
    start = page.locator(source).bounding_box()
    end = page.locator(target).bounding_box()
    assert start and end
    page.mouse.move(start["x"] + start["width"] / 2, start["y"] + start["height"] / 2)
    page.mouse.down()
    y = end["y"] + (end["height"] * 0.8 if below else 4)
    page.mouse.move(end["x"] + end["width"] / 2, y, steps=12)
    page.mouse.move(end["x"] + end["width"] / 2, y + (2 if below else -2), steps=3)
    page.mouse.up()


#: a browser that does not know ::details-content (before Chromium 131, Firefox and Safari
#: until lately): a closed <details> shows its summary alone, whatever the page's CSS says
OLD_DETAILS = "details:not([open]) > :not(summary) { display: none !important; }"


def old_details_page(
    browser: Browser, base: str, email: str, password: str, *, javascript: bool = True
) -> Page:
    """A designer signed in at 1280 px, in a browser that hides a closed <details>' content
    as those without ::details-content do: the rule is added to the screens' stylesheet,
    whose `@supports selector(::details-content)` then holds no more."""
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, java_script_enabled=javascript
    )
    context.set_default_timeout(15_000)

    def older(route: Route) -> None:
        answer = route.fetch()
        css = answer.text().replace("selector(::details-content)", "selector(::not-known)")
        route.fulfill(response=answer, body=css + "\n" + OLD_DETAILS)

    context.route("**/insight*.css*", older)
    page = context.new_page()
    page.goto(f"{base}/designer/login")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Templates", level=1)).to_be_visible()
    return page
