"""The designer's save bar always ends in "All changes saved" or in "Not saved" and why,
never in "Saving…" for good (designer-saving.js), in chromium: typing into a panel the
moment it appears, a clause's text left for the next block at once, and a change made in
a panel that an answer already on its way replaces."""

import uuid
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, Route, expect

from tests.browser.conftest import LiveServer
from tests.browser.designer_editing import settled
from tests.browser.designer_pages import follow, screenshot, sign_in

pytestmark = pytest.mark.browser
REPLACED = "The panel was replaced before this change was sent: make it again."


@pytest.fixture
def document_tab(browser: Browser, live_server: LiveServer) -> Iterator[Page]:
    """The demo's Service agreement on the Document tab: a heading, then clauses."""
    email, password = live_server.demo_author(f"Save bar {uuid.uuid4().hex[:6]}")
    page = sign_in(browser, live_server.base_url, email, password)
    follow(page.get_by_role("link", name="Service agreement").first)
    follow(page.get_by_role("link", name="Document", exact=True))
    expect(page.locator("#save-status")).to_have_text("All changes saved")
    yield page
    page.context.close()


@pytest.mark.timeout(120)
def test_typing_into_a_panel_before_htmx_has_wired_it_up_is_saved(document_tab: Page) -> None:
    """htmx wires up a swapped-in panel when the swap settles, 20 ms later and much later
    on a busy machine (made 1.5 s here): what was typed and left before that was never
    sent, and the bar said "Saving…" for good (a one-process run of the suite saw it)."""
    page = document_tab
    page.evaluate("htmx.config.defaultSettleDelay = 1500")
    page.get_by_role("button", name="Edit block 1:").click()
    page.locator("#prop-text").fill("Service agreement 2027")
    page.locator("#prop-text").press("Tab")
    assert page.locator("#properties .htmx-added").count(), "the panel was wired up already"
    status = page.locator("#save-status")
    expect(status).to_have_text("All changes saved")
    expect(page.locator(".doc-heading").first).to_have_text("Service agreement 2027")
    page.reload()
    expect(page.locator(".doc-heading").first).to_have_text("Service agreement 2027")


@pytest.mark.timeout(120)
def test_a_clause_typed_and_left_at_once_for_the_next_block_is_saved(document_tab: Page) -> None:
    """A clause's text has no change event: it waited for a 0.7 s pause, the click on the
    next block replaced its panel first, and the words were lost under "Saving…"."""
    page = document_tab
    page.locator("#select-block-1").click()
    expect(page.locator("#rte-area")).to_be_visible()
    settled(page)
    page.locator("#rte-area").click()
    page.keyboard.press("Control+End")
    page.keyboard.type(" Either party may end it.")
    page.locator("#select-block-2").click()
    expect(page.locator("#save-status")).to_have_text("All changes saved")
    expect(page.locator("#prop-target")).to_have_value("block:2")  # the next block's panel
    clause = page.locator(".doc-block").nth(1).locator(".doc-paragraph")
    expect(clause).to_contain_text("Either party may end it.")
    page.reload()
    expect(clause).to_contain_text("Either party may end it.")


@pytest.mark.timeout(120)
@pytest.mark.parametrize("width", [1280, 375])
def test_a_change_in_a_panel_already_being_replaced_says_not_saved_and_why(
    document_tab: Page, width: int
) -> None:
    """On a slow connection: the author chooses block 2, then changes the level of block
    1's heading while block 1's panel is still shown. That change waits in the queue
    behind block 2's panel, which replaces the box it came from, and htmx drops it: the bar
    said "Saving…" for good; now it says it was not saved, and why."""
    page = document_tab
    page.set_viewport_size({"width": width, "height": 900})
    page.get_by_role("button", name="Edit block 1:").click()
    expect(page.locator("#prop-level")).to_be_visible()
    settled(page)
    held: list[Route] = []

    def hold_the_first(route: Route) -> None:
        if held:
            route.continue_()
        else:
            held.append(route)

    page.route("**/properties?*", hold_the_first)
    page.get_by_role("button", name="Edit block 2:").click()
    while not held:  # block 2's panel is on its way, and held there
        page.wait_for_timeout(50)
    page.locator("#prop-level").select_option("3")
    status = page.locator("#save-status")
    expect(status).to_have_text("Saving…")
    held[0].continue_()
    expect(status).to_have_text("Not saved")
    expect(page.locator("#save-problem")).to_have_text(REPLACED)
    expect(page.locator("#save-retry")).to_be_hidden()  # sending it again would hit block 2
    expect(page.locator("#prop-target")).to_have_value("block:1")
    screenshot(page, f"save-bar-replaced-{width}", area="designer", full_page=False)
    expect(page.locator(".doc-heading--3")).to_have_count(0)  # block 1 kept its level
    # the next change saves, and clears both
    page.get_by_role("button", name="Edit block 1:").click()
    settled(page)
    page.locator("#prop-level").select_option("3")
    expect(status).to_have_text("All changes saved")
    expect(page.locator("#save-problem")).to_be_hidden()
    expect(page.locator(".doc-heading--3")).to_have_count(1)
