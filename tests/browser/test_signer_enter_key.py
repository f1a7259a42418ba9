"""In chromium, with and without JavaScript: Enter in a field of a step continues, as it
does on any web form. The form's first submit button is the one Enter presses; on a step
with a repeating group it was "Remove director 1" (or, with one row, "Add another
director"), and after an upload a file's "Remove", so Enter threw away what was typed."""

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, expect

from tests.board_form import board_resolution, signature
from tests.browser.conftest import LiveServer
from tests.browser.signer_helpers import agree, new_envelope, shot

pytestmark = pytest.mark.browser

BOARD = board_resolution(
    {"key": "minutes", "component": "attachment", "label": "Minutes"},
    {"key": "reference", "component": "text", "label": "Reference"},
    steps=(
        {
            "key": "sign",
            "title": "Sign",
            "role": "customer",
            "fields": [signature("Sign")],
        },
    ),
    document=False,
)


@pytest.fixture
def context(browser: Browser, scripted: bool) -> Iterator[BrowserContext]:
    ctx = browser.new_context(viewport={"width": 1100, "height": 900}, java_script_enabled=scripted)
    ctx.set_default_timeout(10_000)
    yield ctx
    ctx.close()


@pytest.mark.timeout(90)
@pytest.mark.parametrize("scripted", [True, False], ids=["javascript", "no-javascript"])
def test_enter_in_a_field_continues_and_keeps_the_rows_and_files(
    context: BrowserContext, live_server: LiveServer, scripted: bool, tmp_path: Path
) -> None:
    page = context.new_page()
    page.goto(new_envelope(live_server, BOARD))
    agree(page)
    # one row: Enter in it continued by "Add another director"
    page.locator("#input-directors__0__name").fill("Dana Director")
    page.locator("#input-directors__0__name").press("Enter")
    expect(page).to_have_url(re.compile(r"/step/2$"))

    page.get_by_role("link", name="Back").click()
    page.get_by_role("button", name="Add another director").click()
    expect(page.get_by_role("heading", name="Director 2")).to_be_visible()
    page.locator("#input-directors__1__name").fill("Eve Second")
    if scripted:  # without JavaScript the file goes with the step's form
        minutes = tmp_path / "minutes.pdf"
        minutes.write_bytes(b"%PDF-1.4\n%%EOF\n")
        page.locator("[data-upload-input]").set_input_files(minutes)
        expect(page.locator(".file-list__name")).to_have_text(["minutes.pdf"])
    page.get_by_label("Reference").fill("BR-7")
    page.get_by_label("Reference").press("Enter")  # was: "Remove director 1"
    expect(page).to_have_url(re.compile(r"/step/2$"))

    page.get_by_role("link", name="Back").click()
    expect(page.locator("#input-directors__0__name")).to_have_value("Dana Director")
    expect(page.locator("#input-directors__1__name")).to_have_value("Eve Second")
    expect(page.get_by_label("Reference")).to_have_value("BR-7")
    if scripted:
        expect(page.locator(".file-list__name")).to_have_text(["minutes.pdf"])
    # the button Enter presses is neither seen nor reached with Tab
    hidden = page.locator("[data-enter-continues]")
    expect(hidden).to_have_class("visually-hidden")
    expect(hidden).to_have_attribute("tabindex", "-1")
    expect(hidden).to_have_attribute("aria-hidden", "true")
    shot(page, f"enter-continues-{'js' if scripted else 'nojs'}")
