"""Leaving the editor while a rule was refused asks first, in chromium. A condition left
without its value is refused ("Enter the value to compare …", the bar says *Not saved*),
and the rule as the author built it lives only in the panel: following a link (Templates)
or reloading then lost it without a word, where a refused box of the properties asks.
Finishing the rule saves it, and leaving no longer asks."""

import json
import uuid
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Dialog, Page, expect

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
def refused_rule(request, browser: Browser, live_server: LiveServer, tmp_path) -> Iterator[Page]:
    """The referral form's Notes field with a condition on Full name refused (no value)."""
    email = f"rule-leave-{uuid.uuid4().hex[:6]}@example.com"
    live_server.create_user(email, f"Rule leave org {uuid.uuid4().hex[:6]}", PASSWORD)
    page = sign_in(browser, live_server.base_url, email, PASSWORD, width=request.param)
    upload = tmp_path / "referral.json"
    upload.write_text(json.dumps(REFERRAL))
    page.locator("#json-file").set_input_files(str(upload))
    follow(page.get_by_role("button", name="Import .json"))
    page.locator("#select-field-notes").click()
    settled(page)
    page.locator("#rb-add").click()
    saved(page)
    page.locator("#rb-0-value").press("Enter")
    expect(page.locator("#rule-builder .rule-builder__message")).to_have_text(
        "Enter the value to compare “Full name” with."
    )
    expect(page.locator("#save-status")).to_have_text("Not saved")
    yield page
    page.context.close()


def test_leaving_with_a_refused_rule_asks_first(refused_rule: Page) -> None:
    page = refused_rule
    asked: list[str] = []

    def stay(dialog: Dialog) -> None:
        asked.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", stay)
    page.get_by_role("link", name="Templates", exact=True).first.click()
    page.wait_for_timeout(300)
    assert asked == ["beforeunload"]
    assert page.url.endswith("/edit")  # still in the editor, the rule as it was left
    page.locator("#rule-builder").scroll_into_view_if_needed()
    shot(page, f"rule-refused-stay-{page.viewport_size['width'] if page.viewport_size else 0}")
    page.locator("#rb-0-value").fill("Alex")
    page.locator("#rb-0-value").press("Enter")
    expect(page.locator("#rb-sentence")).to_have_text("Show this field when “Full name” is Alex")
    saved(page)
    follow(page.get_by_role("link", name="Templates", exact=True).first)
    assert asked == ["beforeunload"]  # not asked again: nothing is lost
