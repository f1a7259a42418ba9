"""A refused change in the designer, in chromium: the bar says in a few words what was not
done ("Not imported", not "Not saved" for a Word file that was never an edit), and why goes
on a line of its own under the bar, so a long message neither wraps the bar nor moves its
buttons, at 1280 px and at 375 px."""

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import LiveServer
from tests.browser.designer_pages import follow, screenshot, sign_in

pytestmark = pytest.mark.browser
PASSWORD = "correct horse battery staple"
WHY = "This is not a Word document (.docx); save it as .docx and try again."


@pytest.fixture
def document_tab(browser: Browser, live_server: LiveServer) -> Iterator[Page]:
    organisation = f"Refusals {uuid.uuid4().hex[:6]}"
    email, password = live_server.demo_author(organisation)
    page = sign_in(browser, live_server.base_url, email, password)
    follow(page.get_by_role("link", name="Service agreement").first)
    follow(page.get_by_role("link", name="Document", exact=True))
    expect(page.locator("#save-status")).to_have_text("All changes saved")
    yield page
    page.context.close()


def _buttons(page: Page) -> list[dict]:
    return page.locator(".editor-bar__actions > :not([hidden])").evaluate_all(
        "els => els.map(e => { const r = e.getBoundingClientRect();"
        " return {top: Math.round(r.top), left: Math.round(r.left)}; })"
    )


@pytest.mark.timeout(180)
@pytest.mark.parametrize("width", [1280, 375])
def test_a_refused_import_says_not_imported_and_why_under_the_bar(
    document_tab: Page, tmp_path: Path, width: int
) -> None:
    page = document_tab
    page.set_viewport_size({"width": width, "height": 900})
    before = _buttons(page)
    bad = tmp_path / "contract.docx"
    bad.write_text("not a Word file")
    page.locator("#docx-upload").set_input_files(str(bad))
    page.get_by_role("button", name="Import .docx").click()
    status = page.locator("#save-status")
    expect(status).to_have_text("Not imported")
    expect(page.locator("#save-problem")).to_be_visible()
    expect(page.locator("#save-problem")).to_have_text(WHY)
    screenshot(page, f"import-refused-{width}", area="designer", full_page=False)
    # the status stays one line and the buttons stay where they were
    height = status.evaluate("e => e.getBoundingClientRect().height")
    line = status.evaluate("e => parseFloat(getComputedStyle(e).lineHeight)")
    assert height < line * 1.5, (height, line)
    assert _buttons(page)[1:] == before[1:]  # Undo, Redo, Preview, Publish… (after the status)
    # the next change that saves clears both
    page.get_by_role("button", name="Edit block 1:").click()
    page.locator("#prop-text").fill("Service agreement 2027")
    page.locator("#prop-text").press("Tab")
    expect(status).to_have_text("All changes saved")
    expect(page.locator("#save-problem")).to_be_hidden()


@pytest.mark.timeout(180)
def test_restoring_over_a_changed_draft_asks_in_a_dialog_first(document_tab: Page) -> None:
    page = document_tab
    page.get_by_role("button", name="Edit block 1:").click()
    page.locator("#prop-text").fill("Service agreement 2027")
    page.locator("#prop-text").press("Tab")
    expect(page.locator("#save-status")).to_have_text("All changes saved")
    follow(page.get_by_role("link", name="Versions", exact=True))
    restore = page.get_by_role("button", name="Restore as draft")
    restore.click()
    dialog = page.get_by_role("dialog", name="Replace your draft with version 1?")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("“Service agreement 2027”")  # what would be replaced
    expect(dialog.get_by_role("button", name="Keep my draft")).to_be_focused()
    screenshot(page, "restore-dialog", area="designer", full_page=False)
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(restore).to_be_focused()
    restore.click()
    dialog.get_by_role("button", name="Replace the draft with version 1").click()
    expect(page.get_by_text("The draft is now a copy of version 1")).to_be_visible()
