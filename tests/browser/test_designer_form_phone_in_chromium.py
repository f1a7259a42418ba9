"""The Form tab on a phone: a step's and a field's tools (move, duplicate, delete) are a row
of their own, which takes room only when shown, with the selection or the keyboard's focus.
Hidden, the step's row (44 px buttons on a phone) left 50 px of blank under "Step 1 Your
details"; a field's row came with the focus a tap's press gives the field's button, so the
field grew under the finger and a tap near its bottom edge fell on a tool (a field was
deleted) or on nothing, and the field's properties never came. The rule is the one the
Document tab's blocks use (--tools-row in designer-editor.css)."""

import uuid

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import LiveServer
from tests.browser.designer_pages import follow, screenshot, sign_in

pytestmark = pytest.mark.browser


def demo_form(browser: Browser, live_server: LiveServer, width: int, touch: bool) -> Page:
    email, password = live_server.demo_author(f"Form phone {uuid.uuid4().hex[:6]}")
    page = sign_in(browser, live_server.base_url, email, password, width=width, touch=touch)
    follow(page.get_by_role("link", name="Service agreement").first)
    return page


def tab_reaches_a_tool(page: Page, start: str, item: str) -> None:
    """Tab from an item's button (not selected) reaches one of its tools, shown."""
    page.locator(start).focus()
    tool = page.locator(f"{item} .item-tools :focus")
    for _ in range(4):
        page.keyboard.press("Tab")
        if tool.count():
            break
    expect(tool).to_be_visible()


@pytest.mark.timeout(120)
@pytest.mark.parametrize("width", [375, 1280])
def test_a_steps_hidden_tools_take_no_room(
    browser: Browser, live_server: LiveServer, width: int
) -> None:
    page = demo_form(browser, live_server, width, touch=False)
    head = page.locator(".canvas-section__head").first
    title = head.locator(".canvas-section__select")
    box, title_box = head.bounding_box(), title.bounding_box()
    assert box and title_box
    # the head is its title's line and its padding (55 px), not 107 with a blank row
    assert box["height"] < title_box["height"] + 30, (box, title_box)
    screenshot(page, f"step-head-{width}", area="designer-form", full_page=False)
    second = page.locator(".canvas-section").nth(1)
    tab_reaches_a_tool(
        page,
        f"#{second.locator('[data-select]').first.get_attribute('id')}",
        ".canvas-section:nth-child(2) > .canvas-section__head",
    )
    # selected, the step shows them
    page.locator(".canvas-section__select").first.click()
    expect(head.locator(".item-tools")).to_be_visible()


@pytest.mark.timeout(120)
def test_a_tap_near_a_fields_bottom_edge_brings_its_properties(
    browser: Browser, live_server: LiveServer
) -> None:
    page = demo_form(browser, live_server, 375, touch=True)
    fields = page.locator(".canvas-field")
    count = fields.count()
    for index in range(4):
        field = fields.nth(index)
        key = field.get_attribute("data-key")
        field.scroll_into_view_if_needed()
        for x, y in ((0.95, 12), (0.5, -3), (0.9, -3)):  # its top corner, its bottom edge
            box = field.bounding_box()
            assert box
            top = box["y"] if y > 0 else box["y"] + box["height"]
            page.touchscreen.tap(box["x"] + box["width"] * x, top + y)
            expect(page.locator("#prop-target")).to_have_value(f"field:{key}")
            expect(fields).to_have_count(count)  # no tool was tapped
        expect(field.locator(".item-tools")).to_be_visible()  # selected: its tools
    screenshot(page, "field-tapped-375", area="designer-form", full_page=False)
    tab_reaches_a_tool(page, "#select-field-email", '.canvas-field[data-key="email"]')
