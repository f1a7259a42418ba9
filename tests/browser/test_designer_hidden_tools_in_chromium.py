"""An item's hidden tools take no tap: a field's and a role card's move, duplicate and Delete
were at 0 opacity but there, where they stand when shown (the item's top-right corner), on a
tablet and on a laptop's touch screen, and for a role card at every width. A tap there,
meant to choose the item, deleted the field or moved the role. Hidden, they now take no
tap nor click (pointer-events: none, the shared rule in designer-editor.css); a tap chooses
the item, which then shows them; a mouse still shows them by hovering, and they work."""

import re
import uuid

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from tests.browser.conftest import LiveServer
from tests.browser.designer_pages import follow, screenshot, sign_in

pytestmark = pytest.mark.browser

SELECTED = re.compile(r"\bis-selected\b")
# (width, mobile): a tablet, a phone-like browser at 1280, a laptop's touch screen (hover: hover)
TOUCH = [(768, True), (1280, True), (1280, False)]


def demo(browser: Browser, live_server: LiveServer, width: int, **touch: bool) -> Page:
    email, password = live_server.demo_author(f"Hidden tools {uuid.uuid4().hex[:6]}")
    page = sign_in(browser, live_server.base_url, email, password, width=width, **touch)
    follow(page.get_by_role("link", name="Service agreement").first)
    return page


def tap_corner(page: Page, item: Locator) -> None:
    """A tap 20 px in from the item's top-right corner, where its shown tools stand."""
    item.scroll_into_view_if_needed()
    box = item.bounding_box()
    assert box
    page.touchscreen.tap(box["x"] + box["width"] - 20, box["y"] + 20)


def keys(items: Locator) -> list[str | None]:
    return [items.nth(i).get_attribute("data-key") for i in range(items.count())]


@pytest.mark.timeout(180)
@pytest.mark.parametrize(("width", "mobile"), TOUCH, ids=["768", "1280", "1280-laptop"])
def test_a_tap_on_an_unselected_items_corner_chooses_it(
    browser: Browser, live_server: LiveServer, width: int, mobile: bool
) -> None:
    page = demo(browser, live_server, width, touch=True, mobile=mobile)
    fields = page.locator(".canvas-field")
    before = keys(fields)
    for index in (1, 2):  # not selected: the template's settings are shown
        field = fields.nth(index)
        expect(field).not_to_have_class(SELECTED)
        tap_corner(page, field)
        expect(page.locator("#prop-target")).to_have_value(f"field:{before[index]}")
        expect(field.locator(".item-tools")).to_be_visible()  # chosen: its tools
        page.wait_for_timeout(300)  # a deletion's answer would have come
        assert keys(fields) == before  # nothing deleted, duplicated nor moved
    screenshot(page, f"field-corner-tapped-{width}-{mobile}", area="designer-tools")
    follow(page.get_by_role("link", name="Roles and signing order", exact=True))
    cards = page.locator(".role-card")
    page.locator(".palette").get_by_role("button", name="Approver").click()
    expect(cards).to_have_count(2)  # the new one selected, the customer's card not
    roles = keys(cards)
    stages = page.locator(".stage").count()
    for index in (0, 1):
        card = cards.nth(index)
        expect(card).not_to_have_class(SELECTED)
        expect(card.locator(".item-tools")).to_have_css("opacity", "0")
        tap_corner(page, card)
        expect(page.locator("#prop-target")).to_have_value(f"role:{roles[index]}")
        expect(card.locator(".item-tools")).to_be_visible()
        page.wait_for_timeout(300)
        assert keys(cards) == roles
        assert page.locator(".stage").count() == stages  # no role moved to a stage of its own
    screenshot(page, f"role-corner-tapped-{width}-{mobile}", area="designer-tools")


@pytest.mark.timeout(120)
def test_a_mouse_shows_an_items_tools_by_hovering(
    browser: Browser, live_server: LiveServer
) -> None:
    page = demo(browser, live_server, 1280)
    fields = page.locator(".canvas-field")
    before = keys(fields)
    field = fields.nth(1)
    tools = field.locator(".item-tools")
    expect(tools).to_have_css("opacity", "0")
    field.hover()
    expect(tools).to_be_visible()
    screenshot(page, "field-hovered-1280", area="designer-tools", full_page=False)
    tools.get_by_role("button", name="Move").first.click()  # "Move … up"
    expect(fields.nth(0)).to_have_attribute("data-key", str(before[1]))
    follow(page.get_by_role("link", name="Roles and signing order", exact=True))
    card = page.locator(".role-card").first
    card.hover()
    expect(card.locator(".item-tools")).to_be_visible()
