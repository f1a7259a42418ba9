"""The three "Add a role" buttons (Signer, Approver, Receives a copy) are an even layout at
every width: one under another at full width on a 375 px phone, an even row of three on a
768 px tablet, the pane's column at 1280. On phones and tablets they wrapped as they came,
three widths on two rows ("Approver" wider than the rest, "Receives a copy" alone)."""

import uuid

import pytest
from playwright.sync_api import Browser, FloatRect, Page, expect

from tests.browser.conftest import LiveServer
from tests.browser.designer_pages import follow, screenshot, sign_in

pytestmark = pytest.mark.browser
KINDS = ("Signer", "Approver", "Receives a copy")


def _boxes(page: Page) -> list[FloatRect]:
    palette = page.locator(".palette")
    boxes = [palette.get_by_role("button", name=kind).bounding_box() for kind in KINDS]
    assert all(boxes), boxes
    return [box for box in boxes if box]


@pytest.mark.timeout(120)
def test_add_a_role_is_an_even_layout_at_375_768_and_1280(
    browser: Browser, live_server: LiveServer
) -> None:
    email, password = live_server.demo_author(f"Roles palette {uuid.uuid4().hex[:6]}")
    page = sign_in(browser, live_server.base_url, email, password, width=375)
    follow(page.locator("a[href$='/edit']").first)
    follow(page.get_by_role("link", name="Roles and signing order", exact=True))
    expect(page.locator("#roles-title")).to_have_text("Add a role")

    # a phone: one under another, each as wide as the pane, a finger's height
    boxes = _boxes(page)
    row = page.locator("#roles-title").bounding_box()  # the pane's width
    assert row
    for box in boxes:
        assert abs(box["x"] - row["x"]) < 1, (box, row)
        assert abs(box["width"] - row["width"]) < 1, (box, row)
        assert box["height"] >= 44, box
    assert boxes[0]["y"] < boxes[1]["y"] < boxes[2]["y"], boxes
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    screenshot(page, "add-a-role-375", area="designer", full_page=False)

    # a tablet: one row of three, the same width and height, across the pane
    page.set_viewport_size({"width": 768, "height": 900})
    boxes = _boxes(page)
    row = page.locator("#roles-title").bounding_box()  # the pane's width
    assert row
    assert all(abs(b["y"] - boxes[0]["y"]) < 1 for b in boxes), boxes
    assert all(abs(b["width"] - boxes[0]["width"]) < 1 for b in boxes), boxes
    assert all(abs(b["height"] - boxes[0]["height"]) < 1 for b in boxes), boxes
    end = boxes[2]["x"] + boxes[2]["width"]
    assert abs(end - (row["x"] + row["width"])) < 1, (boxes, row)
    screenshot(page, "add-a-role-768", area="designer", full_page=False)

    # a desktop: the pane's column, as before
    page.set_viewport_size({"width": 1280, "height": 800})
    boxes = _boxes(page)
    assert all(abs(b["x"] - boxes[0]["x"]) < 1 for b in boxes), boxes
    assert all(abs(b["width"] - boxes[0]["width"]) < 1 for b in boxes), boxes
    screenshot(page, "add-a-role-1280", area="designer", full_page=False)

    # still the buttons that add a role, on a phone too
    page.set_viewport_size({"width": 375, "height": 800})
    cards = page.locator(".role-card")
    before = cards.count()
    page.locator(".palette").get_by_role("button", name="Approver").click()
    expect(cards).to_have_count(before + 1)
    page.context.close()
