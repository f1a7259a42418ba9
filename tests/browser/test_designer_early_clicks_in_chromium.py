"""Clicks made on a designer page before htmx has wired it up count (designer-early.js), in
chromium: htmx's script is held back here, as a slow connection or a busy machine does, and
the author clicks at once. Such a click used to do nothing (docs/testing.md: under load a
click on a step asked for nothing)."""

import uuid
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, Route, expect

from tests.browser.conftest import LiveServer
from tests.browser.designer_editing import saved
from tests.browser.designer_pages import screenshot, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def author(browser: Browser, live_server: LiveServer) -> Iterator[tuple[Page, str]]:
    """A signed-in author of the demo's Service agreement, and its editor's address."""
    email, password = live_server.demo_author(f"Early {uuid.uuid4().hex[:6]}")
    page = sign_in(browser, live_server.base_url, email, password)
    href = page.get_by_role("link", name="Service agreement").first.get_attribute("href")
    assert href
    yield page, live_server.base_url + href
    page.context.close()


def open_without_htmx(page: Page, url: str) -> list[Route]:
    """Open `url` and hold back htmx's script (returned, to let it go) while the page shows."""
    held: list[Route] = []

    def hold_the_first(route: Route) -> None:
        if held:
            route.continue_()  # a page opened later (reload)
        else:
            held.append(route)

    page.route("**/vendor/htmx.min.js*", hold_the_first)
    page.goto(url, wait_until="commit")
    while not held:
        page.wait_for_timeout(50)
    return held


def let_htmx_load(page: Page, held: list[Route]) -> None:
    assert page.evaluate("typeof window.htmx") == "undefined", "htmx was there already"
    held[0].continue_()
    page.wait_for_load_state("load")


@pytest.mark.timeout(120)
@pytest.mark.parametrize("width", [1280, 375])
def test_a_field_clicked_before_htmx_has_loaded_opens_its_panel(
    author: tuple[Page, str], width: int
) -> None:
    page, url = author
    page.set_viewport_size({"width": width, "height": 900})
    held = open_without_htmx(page, url)
    page.locator("#select-field-email").click()
    let_htmx_load(page, held)
    expect(page.locator("#prop-target")).to_have_value("field:email")
    expect(page.locator(".canvas-field.is-selected")).to_have_attribute("data-key", "email")
    expect(page.locator("html")).not_to_have_class("is-waiting-for-scripts")
    screenshot(page, f"early-click-{width}", area="designer", full_page=False)


@pytest.mark.timeout(120)
def test_a_palette_item_clicked_twice_before_htmx_has_loaded_adds_one_field(
    author: tuple[Page, str],
) -> None:
    """Clicked, nothing seemed to happen, clicked again: one field, not two."""
    page, url = author
    held = open_without_htmx(page, url)
    fields = page.locator(".canvas-field")
    before = fields.count()
    button = page.locator('.palette__item[data-component="number"] .palette__button')
    button.click()
    button.click()
    expect(page.locator("html")).to_have_class("is-waiting-for-scripts")  # a busy pointer
    let_htmx_load(page, held)
    expect(fields).to_have_count(before + 1)
    saved(page)
    expect(page.locator(".properties .pane__title")).to_contain_text("Number")


@pytest.mark.timeout(120)
def test_a_property_typed_before_htmx_has_loaded_is_saved(author: tuple[Page, str]) -> None:
    """The template's panel is there when the page opens: its name typed at once is saved,
    and the form is not posted by the browser to the page's own address meanwhile."""
    page, url = author
    held = open_without_htmx(page, url)
    name = page.locator("#prop-name")
    name.fill("Service agreement 2027")
    name.press("Tab")
    let_htmx_load(page, held)
    saved(page)
    expect(page.locator("#editor-title")).to_have_text("Service agreement 2027")
    assert page.url == url
    page.reload()
    expect(page.locator("#editor-title")).to_have_text("Service agreement 2027")
