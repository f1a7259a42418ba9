"""The Document tab on a phone and a tablet: a selected signature block holds its line
inside its selection border, and its tools (move, duplicate, delete) are a row inside the
block instead of floating over the block above. At 375 px the line ran 40 px past the
border and the tools covered the clause above ("Made with Full name"). On a desktop the
tools stand in the page's margin beside the block: floating 1 rem above it, they covered the
end of the last line of the clause above. A tap on a short block (a heading) chooses it: the
row no longer appears under the finger between the press and the release."""

import json
import uuid
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from tests.browser.conftest import LiveServer
from tests.browser.designer_pages import follow, screenshot, sign_in
from tests.integration.designer.helpers import SIGNED_FORM

pytestmark = pytest.mark.browser
PASSWORD = "correct horse battery staple"


@pytest.mark.timeout(120)
@pytest.mark.parametrize("width", [375, 768, 1280])
def test_a_selected_signature_block_keeps_its_line_and_tools_inside(
    browser: Browser, live_server: LiveServer, tmp_path: Path, width: int
) -> None:
    email = f"docphone-{uuid.uuid4().hex[:6]}@example.com"
    live_server.create_user(email, f"Document phone {uuid.uuid4().hex[:6]}", PASSWORD)
    page = sign_in(browser, live_server.base_url, email, PASSWORD, width=width)
    upload = tmp_path / "signed.json"
    upload.write_text(json.dumps(SIGNED_FORM))
    page.locator("#json-file").set_input_files(str(upload))
    follow(page.get_by_role("button", name="Import .json"))
    expect(page.locator(".canvas-section__title")).to_have_count(3)
    follow(page.get_by_role("link", name="Document", exact=True))
    page.get_by_role("button", name="Edit block 3:").click()
    block = page.locator(".doc-block.is-selected")
    expect(block).to_have_attribute("data-index", "2")
    tools = block.locator(".item-tools")
    expect(tools).to_be_visible()
    box = block.bounding_box()
    line = block.locator(".doc-signature__line").bounding_box()
    above = page.locator('.doc-block[data-index="1"]').bounding_box()
    tool_box = tools.bounding_box()
    assert box and line and above and tool_box
    assert line["x"] + line["width"] <= box["x"] + box["width"], (line, box)
    assert tool_box["y"] >= box["y"], (tool_box, box)  # inside the border, not above it
    assert tool_box["y"] >= above["y"] + above["height"], (tool_box, above)
    # its buttons are still the ones that work
    block.get_by_role("button", name="Move block 3 up").click()
    expect(page.locator('.doc-block[data-index="1"] .doc-signature')).to_have_count(1)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    screenshot(page, f"signature-block-{width}", area="designer-document")


@pytest.mark.timeout(120)
@pytest.mark.parametrize("width", [375, 768])
def test_a_tap_on_a_short_block_brings_its_properties(
    browser: Browser, live_server: LiveServer, width: int
) -> None:
    """The tools' row appeared as soon as a block's button had focus, which a tap's press
    gives it: the block grew by the row (44 px on a phone) under the finger, the release
    fell on a tool, and the click went to neither, so the Service agreement's title and
    "1 Services" headings were never chosen. The row now comes with the selection, or with
    the keyboard's focus, and Tab still reaches the tools."""
    email, password = live_server.demo_author(f"Short block {uuid.uuid4().hex[:6]}")
    page = sign_in(browser, live_server.base_url, email, password, width=width)
    follow(page.get_by_role("link", name="Service agreement").first)
    follow(page.get_by_role("link", name="Document", exact=True))
    for index in range(3):  # the title, the first clause, the heading "1 Services"
        page.locator(f"#select-block-{index}").click()
        expect(page.locator("#prop-target")).to_have_value(f"block:{index}")
    # the keyboard: Tab from block to block shows each one's tools, next in order
    page.locator("#select-block-0").focus()
    tool = page.locator(".doc-block").nth(1).locator(".item-tools :focus")
    for _ in range(8):
        page.keyboard.press("Tab")
        if tool.count():
            break
    expect(tool).to_be_visible()
    screenshot(page, f"short-block-tools-{width}", area="designer-document", full_page=False)
