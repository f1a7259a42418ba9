"""What a legal author met building an equipment loan agreement from scratch in chromium: a
step shown "when Equipment includes any of Laptop" that never showed (the label was typed
where the rule needed the value `laptop`), and a step whose key stayed `new_step` whatever
it was called. The rule now offers the options as tick boxes, and the key follows the
title: fields added from the palette right after renaming land in that step."""

import json
import uuid
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import LiveServer
from tests.browser.designer_editing import saved, settled
from tests.browser.designer_pages import follow, sign_in

pytestmark = pytest.mark.browser

PASSWORD = "a long browser passphrase"

LOAN = {
    "name": "Employee equipment loan",
    "roles": [{"key": "employee", "name": "Employee", "kind": "signer", "stage": 1}],
    "sections": [
        {
            "key": "details",
            "title": "Your details",
            "role": "employee",
            "fields": [
                {
                    "key": "equipment",
                    "component": "multiselect",
                    "label": "Equipment you borrow",
                    "options": [
                        {"value": "laptop", "label": "Laptop"},
                        {"value": "mobile_phone", "label": "Mobile phone"},
                        {"value": "monitor", "label": "Monitor"},
                    ],
                },
                {"key": "signature", "component": "signature", "label": "Signature"},
            ],
        },
    ],
    "document": [{"kind": "heading", "text": "Equipment loan", "level": 1}],
}


@pytest.fixture
def editor(browser: Browser, live_server: LiveServer, tmp_path) -> Iterator[Page]:
    """A fresh author's imported loan form, open in the form editor at 1440 px."""
    email = f"loan-{uuid.uuid4().hex[:6]}@example.com"
    live_server.create_user(email, f"Loan org {uuid.uuid4().hex[:6]}", PASSWORD)
    page = sign_in(browser, live_server.base_url, email, PASSWORD, width=1440)
    upload = tmp_path / "loan.json"
    upload.write_text(json.dumps(LOAN))
    page.locator("#json-file").set_input_files(str(upload))
    follow(page.get_by_role("button", name="Import .json"))
    expect(page.locator(".canvas-section__title")).to_have_count(1)
    yield page
    page.context.close()


def test_a_new_step_is_named_shown_for_a_ticked_option_and_filled(editor: Page) -> None:
    page = editor
    page.get_by_role("button", name="Add a step").click()
    saved(page)
    settled(page)
    page.keyboard.type("Laptop")  # the made-up "New step" is selected: typing replaces it
    page.keyboard.press("Tab")
    saved(page)
    expect(page.locator('.canvas-section[data-key="laptop"]')).to_have_count(1)

    # a field clicked in the palette right away lands in the renamed step
    page.locator('.palette__button[hx-vals*="\\"text\\""]').click()
    saved(page)
    settled(page)
    expect(page.locator('.canvas-section[data-key="laptop"] .canvas-field')).to_have_count(1)

    page.locator("#select-section-laptop").click()
    settled(page)
    page.locator("#rb-add").click()
    saved(page)
    page.locator("#rb-0-field").select_option("equipment")
    saved(page)
    expect(page.locator("#rb-0-value input[type=checkbox]")).to_have_count(3)
    expect(page.locator("#rb-sentence")).to_have_text("Always shown")
    page.get_by_label("Laptop", exact=True).check()
    saved(page)
    expect(page.locator("#rb-sentence")).to_have_text(
        "Show this step when “Equipment you borrow” includes any of Laptop"
    )
    expect(page.get_by_label("Laptop", exact=True)).to_be_focused()  # the next tick is a Tab away
    expect(page.locator(".canvas-section[data-key='laptop'] .rule-chip")).to_contain_text(
        "includes any of Laptop"
    )
