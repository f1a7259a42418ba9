"""In chromium: what the page does by itself is said by the step's live region, and focus
stays somewhere useful — after Cancel on an upload ("Upload cancelled.", focus on the file
chooser) and after a repeating group's Remove ("Removed: Eve Director (was Director 2).", focus on the row
before's first input rather than on the page); without JavaScript, the focus on the error
summary of a step sent with problems."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Route, expect

from tests.browser.conftest import LiveServer
from tests.browser.signer_helpers import (
    BOARD,
    CLAIM_FORM,
    PNG,
    WIZARD,
    agree,
    new_envelope,
    shot,
)

pytestmark = pytest.mark.browser


@pytest.mark.timeout(60)
def test_cancelling_an_upload_is_announced(
    browser: Browser, live_server: LiveServer, tmp_path: Path
) -> None:
    receipt = tmp_path / "receipt.png"
    receipt.write_bytes(PNG)
    context = browser.new_context(viewport={"width": 375, "height": 800})
    context.set_default_timeout(10_000)
    page = context.new_page()
    held: list[Route] = []  # the upload never answers: a slow network
    page.route(re.compile(r"/files/receipts$"), lambda route: held.append(route))
    page.goto(new_envelope(live_server, CLAIM_FORM))
    agree(page)
    page.locator("[data-upload-input]").set_input_files(receipt)
    page.get_by_role("button", name="Cancel").click()
    expect(page.locator("#fields-announcer")).to_have_text("Upload cancelled.")
    expect(page.locator("[data-upload-input]")).to_be_focused()
    expect(page.locator("[data-upload-progress]")).to_be_hidden()
    shot(page, "signer-upload-cancelled")
    context.close()


@pytest.mark.timeout(60)
def test_removing_a_row_is_announced_and_focus_goes_to_the_row_before(
    browser: Browser, live_server: LiveServer
) -> None:
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.goto(new_envelope(live_server, BOARD))
    agree(page)
    page.locator("#input-directors__0__name").fill("Dana Director")
    page.get_by_role("button", name="Add another director").click()
    page.locator("#input-directors__1__name").fill("Eve Director")
    page.get_by_role("button", name="Remove director 2").click()
    expect(page).to_have_url(re.compile(r"/step/1\?removed=[\w-]+#field-directors$"))
    said = "Removed: Eve Director (was Director 2)."
    expect(page.locator("#fields-announcer")).to_have_text(said)
    expect(page.locator("#input-directors__0__name")).to_be_focused()
    expect(page.locator("#input-directors__1__name")).to_have_count(0)
    shot(page, "signer-row-removed")
    context.close()


@pytest.mark.timeout(60)
def test_without_javascript_the_error_summary_takes_the_focus(
    browser: Browser, live_server: LiveServer
) -> None:
    """UI.md: on a failed step the focus moves to the summary, so a screen reader reads the
    problems. Only signer.js moved it: without JavaScript the focus stayed at the top of the
    page and the summary, there at load, was not read out (the HTML autofocus does it)."""
    context = browser.new_context(viewport={"width": 375, "height": 800}, java_script_enabled=False)
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.goto(new_envelope(live_server, WIZARD))
    page.get_by_label("Yes, I agree").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Continue").click()  # the first step, unanswered
    summary = page.locator(".error-summary")
    expect(summary).to_contain_text("Enter full name")
    expect(summary).to_be_focused()
    context.close()
