"""What the author typed into a validation box is shown as it was saved once they leave
the box: "pdf, DOCX, *.png" in Accepted file types reads ".pdf, .docx, .png" at once, not
only after selecting the field again; the box being typed in is never rewritten."""

import uuid
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import LiveServer
from tests.browser.designer_pages import screenshot, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def form_tab(browser: Browser, live_server: LiveServer) -> Iterator[Page]:
    email, password = live_server.demo_author(f"Saved values {uuid.uuid4().hex[:6]}")
    page = sign_in(browser, live_server.base_url, email, password)
    page.get_by_role("link", name="Service agreement").first.click()
    expect(page.locator("#save-status")).to_have_text("All changes saved")
    yield page
    page.context.close()


@pytest.mark.timeout(180)
def test_file_types_read_as_saved_once_the_box_is_left(form_tab: Page) -> None:
    page = form_tab
    page.locator('.palette__item[data-component="attachment"] .palette__button').click()
    expect(page.locator("#prop-v-accept")).to_be_visible()
    accept = page.locator("#prop-v-accept")
    accept.fill("pdf, DOCX,  *.png")
    page.wait_for_timeout(1200)  # saved on the pause while typing: the box is left alone
    expect(page.locator("#save-status")).to_have_text("All changes saved")
    expect(accept).to_have_value("pdf, DOCX,  *.png")
    accept.press("Tab")
    expect(accept).to_have_value(".pdf, .docx, .png")
    expect(page.locator("#save-status")).to_have_text("All changes saved")
    screenshot(page, "file-types-saved", area="designer", full_page=False)
