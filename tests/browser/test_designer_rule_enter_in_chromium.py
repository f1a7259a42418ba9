"""Enter right after typing in a box of the Logic panel saves the rule as it is, in chromium.
The browser sent the box's change first (an unfinished condition then reads as a grey
hint, "… The rule is saved once it is complete.") and the Enter's save after it, which
waited in the queue and was dropped with the panel the change's answer replaced: the author
saw the hint where the error belonged, and "Not saved" ("The panel was replaced …") over a
rule that was saved (designer-saving.js). Then the error was beside the condition while the
bar said "All changes saved": the rule refused is "Not saved", and why, until it is saved."""

import json
import uuid
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import LiveServer
from tests.browser.designer_editing import saved, settled
from tests.browser.designer_pages import follow, shot, sign_in

pytestmark = pytest.mark.browser

PASSWORD = "a long browser passphrase"

REFERRAL = {
    "name": "Referral",
    "roles": [{"key": "client", "name": "Client", "kind": "signer", "stage": 1}],
    "sections": [
        {
            "key": "you",
            "title": "About you",
            "role": "client",
            "fields": [
                {"key": "full_name", "component": "text", "label": "Full name"},
                {"key": "notes", "component": "textarea", "label": "Notes"},
                {"key": "signature", "component": "signature", "label": "Signature"},
            ],
        }
    ],
}


@pytest.fixture(params=[1280, 375], ids=["1280px", "375px"])
def notes_logic(request, browser: Browser, live_server: LiveServer, tmp_path) -> Iterator[Page]:
    """A fresh author's referral form in the editor, its Notes field's Logic with one
    condition added (on Full name, no value yet)."""
    email = f"rule-enter-{uuid.uuid4().hex[:6]}@example.com"
    live_server.create_user(email, f"Rule enter org {uuid.uuid4().hex[:6]}", PASSWORD)
    page = sign_in(browser, live_server.base_url, email, PASSWORD, width=request.param)
    upload = tmp_path / "referral.json"
    upload.write_text(json.dumps(REFERRAL))
    page.locator("#json-file").set_input_files(str(upload))
    follow(page.get_by_role("button", name="Import .json"))
    page.locator("#select-field-notes").click()
    settled(page)
    page.locator("#rb-add").click()
    saved(page)
    expect(page.locator("#rb-0-field")).to_have_value("full_name")
    yield page
    page.context.close()


def test_enter_after_typing_an_unfinished_value_shows_the_error(notes_logic: Page) -> None:
    page = notes_logic
    value = page.locator("#rb-0-value")
    value.press_sequentially("  ")  # nothing but spaces: still no value
    value.press("Enter")
    message = page.locator("#rule-builder .rule-builder__message")
    expect(message).to_have_text("Enter the value to compare “Full name” with.")
    expect(page.locator("#rule-builder .rule-builder__hint")).to_have_count(0)
    expect(page.locator("#rb-sentence")).to_have_text("Always shown")
    expect(page.locator("#save-status")).to_have_text("Not saved")
    problem = page.locator("#save-problem")
    expect(problem).to_have_text("Enter the value to compare “Full name” with.")
    expect(page.locator("#save-retry")).to_be_hidden()  # sent again, it is refused again
    page.locator("#rule-builder").scroll_into_view_if_needed()
    shot(page, f"rule-enter-error-{page.viewport_size['width']}")
    page.locator("#save-status").scroll_into_view_if_needed()
    shot(page, f"rule-enter-bar-{page.viewport_size['width']}")

    value.fill("Alex")  # finished: saved, and the bar says so
    value.press("Enter")
    expect(page.locator("#rb-sentence")).to_have_text("Show this field when “Full name” is Alex")
    saved(page)
    expect(problem).to_be_hidden()


def test_enter_after_typing_a_value_saves_the_rule(notes_logic: Page) -> None:
    page = notes_logic
    value = page.locator("#rb-0-value")
    value.press_sequentially("Alex")
    value.press("Enter")
    expect(page.locator("#rb-sentence")).to_have_text("Show this field when “Full name” is Alex")
    saved(page)  # not "Not saved: The panel was replaced before this change was sent"
    expect(page.locator("#rule-builder .rule-builder__message")).to_have_count(0)
    expect(page.locator("#rule-builder .rule-builder__hint")).to_have_count(0)
