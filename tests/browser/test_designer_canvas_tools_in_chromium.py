"""What an author met building a template on a desktop and on a phone (session 18), in
chromium: a selected field's tools (move, duplicate, delete) covered its question."""

import uuid
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import LiveServer
from tests.browser.designer_editing import enter, settled
from tests.browser.designer_pages import follow, screenshot, sign_in

pytestmark = pytest.mark.browser

# the boxes of the question's words, and of the tools, in the selected field
OVERLAP = """() => {
  const field = document.querySelector('.canvas-field.is-selected');
  const range = document.createRange();
  range.selectNodeContents(field.querySelector('.preview > :first-child'));
  const tools = field.querySelector('.item-tools').getBoundingClientRect();
  return [...range.getClientRects()].filter(r => r.width > 0 && r.right > tools.left
    && r.left < tools.right && r.bottom > tools.top && r.top < tools.bottom).length;
}"""


@pytest.fixture
def form_tab(browser: Browser, live_server: LiveServer) -> Iterator[Page]:
    email, password = live_server.demo_author(f"Tools {uuid.uuid4().hex[:6]}")
    page = sign_in(browser, live_server.base_url, email, password)
    follow(page.get_by_role("link", name="Service agreement").first)
    yield page
    page.context.close()


@pytest.mark.timeout(120)
@pytest.mark.parametrize("width", [1280, 375])
def test_a_selected_fields_tools_leave_its_question_readable(form_tab: Page, width: int) -> None:
    """At 375 px the tools lay over the second half of "Do you bring your own equipment?";
    a long question did the same at 1280. They stand beside the question's first line now
    (it leaves them room), and under the field's badges on a phone."""
    page = form_tab
    page.set_viewport_size({"width": width, "height": 900})
    page.locator("#select-field-company").click()
    settled(page)
    enter(page, "#prop-label", "Name of the company you sign for, if you are not signing alone")
    field = page.locator(".canvas-field.is-selected")
    expect(field.locator(".preview")).to_contain_text("if you are not signing alone")
    expect(field.locator(".item-tools")).to_be_visible()
    field.scroll_into_view_if_needed()
    screenshot(page, f"canvas-tools-{width}", area="designer", full_page=False)
    assert page.evaluate(OVERLAP) == 0, "the tools cover the question"
    # the tools still work where they stand
    field.get_by_role("button", name="Move “Name of the company").first.click()
    expect(page.locator(".canvas-field").nth(1)).to_have_attribute("data-key", "company")
