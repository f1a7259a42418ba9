"""Moving steps, fields and clauses with the keyboard keeps the focus on what was moved, in
chromium. A move button's press redrew the workspace and left the focus on the page: Tab
started again from the top of the page, and a second press (to move a field two places)
needed some forty Tabs. Alt+↓ on a clause kept the focus on the clause now in its old
place (htmx restores it by id, and a block's id is its place): a second Alt+↓ moved that
other clause."""

import json
import uuid
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import LiveServer
from tests.browser.designer_editing import saved
from tests.browser.designer_pages import follow, shot, sign_in
from tests.browser.keyboard import focused, tab_to

pytestmark = pytest.mark.browser

PASSWORD = "a long browser passphrase"

AGREEMENT = {
    "name": "Keyboard moves",
    "roles": [{"key": "client", "name": "Client", "kind": "signer", "stage": 1}],
    "sections": [
        {
            "key": "parties",
            "title": "Parties",
            "role": "client",
            "fields": [
                {"key": "full_name", "component": "text", "label": "Full name"},
                {"key": "email", "component": "email", "label": "Email"},
                {"key": "phone", "component": "phone", "label": "Phone"},
            ],
        },
        {
            "key": "terms",
            "title": "Terms",
            "role": "client",
            "fields": [{"key": "signature", "component": "signature", "label": "Signature"}],
        },
    ],
    "document": [
        {"kind": "paragraph", "html": "<p>First clause.</p>"},
        {"kind": "paragraph", "html": "<p>Second clause.</p>"},
        {"kind": "paragraph", "html": "<p>Third clause.</p>"},
    ],
}


@pytest.fixture(params=[1280, 375], ids=["1280px", "375px"])
def editor(request, browser: Browser, live_server: LiveServer, tmp_path) -> Iterator[Page]:
    email = f"moves-{uuid.uuid4().hex[:6]}@example.com"
    live_server.create_user(email, f"Moves org {uuid.uuid4().hex[:6]}", PASSWORD)
    page = sign_in(browser, live_server.base_url, email, PASSWORD, width=request.param)
    upload = tmp_path / "moves.json"
    upload.write_text(json.dumps(AGREEMENT))
    page.locator("#json-file").set_input_files(str(upload))
    follow(page.get_by_role("button", name="Import .json"))
    yield page
    page.context.close()


def keys(page: Page, selector: str) -> list[str]:
    return page.eval_on_selector_all(selector, "els => els.map(e => e.dataset.key)")


def test_a_move_button_keeps_the_focus_on_itself(editor: Page) -> None:
    page = editor
    width = page.viewport_size["width"] if page.viewport_size else 0
    up = 'button[data-move="up"][hx-post$="/fields/phone/move"]'
    tab_to(page, up)
    page.keyboard.press("Enter")
    saved(page)
    expect(page.locator(".canvas-field")).to_have_count(4)
    assert keys(page, ".canvas-field") == ["full_name", "phone", "email", "signature"]
    page.wait_for_function(f"() => document.activeElement?.matches('{up}')")
    page.keyboard.press("Enter")  # again, without tabbing back from the top of the page
    saved(page)
    assert keys(page, ".canvas-field") == ["phone", "full_name", "email", "signature"]
    page.wait_for_function(f"() => document.activeElement?.matches('{up}')")
    shot(page, f"keyboard-move-field-{width}")
    # a step: up to the top, where its up button is greyed out, so the step itself
    step_up = 'button[data-move="up"][hx-post$="/sections/terms/move"]'
    tab_to(page, step_up)
    page.keyboard.press("Space")
    saved(page)
    assert keys(page, ".canvas-section") == ["terms", "parties"]
    page.wait_for_function("() => document.activeElement?.id === 'select-section-terms'")
    assert focused(page, "#select-section-terms")


def test_alt_down_on_a_clause_keeps_the_focus_on_that_clause(editor: Page) -> None:
    page = editor
    follow(page.locator('.editor-tabs a[href$="/document"]'))
    tab_to(page, "#select-block-0")
    page.keyboard.press("Alt+ArrowDown")
    saved(page)
    expect(page.locator(".doc-block").nth(1)).to_contain_text("First clause")
    page.wait_for_function("() => document.activeElement?.id === 'select-block-1'")
    page.keyboard.press("Alt+ArrowDown")
    saved(page)
    expect(page.locator(".doc-block").nth(2)).to_contain_text("First clause")
    expect(page.locator(".doc-block").nth(0)).to_contain_text("Second clause")
