"""The Logic panel and the properties from the keyboard, in chromium: removing a condition
left the focus on the page (the panel is drawn again without the pressed button), so Tab
started again from the top of the page; a step's *Key* disclosure showed the browser's
thin focus ring where every other control has the designer's thick one."""

import json
import uuid
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Dialog, Page, expect

from tests.browser.conftest import LiveServer
from tests.browser.designer_editing import saved, settled
from tests.browser.designer_pages import follow, shot, sign_in
from tests.browser.keyboard import focused, tab_to

pytestmark = pytest.mark.browser

PASSWORD = "a long browser passphrase"

SUPPLIER = {
    "name": "Supplier",
    "roles": [{"key": "client", "name": "Client", "kind": "signer", "stage": 1}],
    "sections": [
        {
            "key": "you",
            "title": "About you",
            "role": "client",
            "fields": [
                {"key": "company", "component": "checkbox", "label": "A company"},
                {"key": "full_name", "component": "text", "label": "Full name"},
                {"key": "notes", "component": "textarea", "label": "Notes"},
            ],
        }
    ],
}


@pytest.fixture(params=[1280, 375], ids=["1280px", "375px"])
def notes(request, browser: Browser, live_server: LiveServer, tmp_path) -> Iterator[Page]:
    """The supplier form's Notes field selected."""
    email = f"focus-{uuid.uuid4().hex[:6]}@example.com"
    live_server.create_user(email, f"Focus org {uuid.uuid4().hex[:6]}", PASSWORD)
    page = sign_in(browser, live_server.base_url, email, PASSWORD, width=request.param)
    upload = tmp_path / "supplier.json"
    upload.write_text(json.dumps(SUPPLIER))
    page.locator("#json-file").set_input_files(str(upload))
    follow(page.get_by_role("button", name="Import .json"))
    page.locator("#select-field-notes").click()
    settled(page)
    yield page
    page.context.close()


def width(page: Page) -> int:
    return page.viewport_size["width"] if page.viewport_size else 0


def test_removing_a_condition_keeps_the_focus_in_the_logic_panel(notes: Page) -> None:
    page = notes
    for rows in (1, 2):
        tab_to(page, "#rb-add")
        page.keyboard.press("Enter")
        expect(page.locator("#rule-builder .rule-row")).to_have_count(rows)
        settled(page)
    tab_to(page, "#rb-0-remove")
    page.keyboard.press("Space")
    expect(page.locator("#rule-builder .rule-row")).to_have_count(1)
    # the condition that took its place
    page.wait_for_function("() => document.activeElement?.id === 'rb-0-field'")
    tab_to(page, "#rb-0-remove")
    page.keyboard.press("Enter")
    expect(page.locator("#rule-builder .rule-row")).to_have_count(0)
    page.wait_for_function("() => document.activeElement?.id === 'rb-add'")
    shot(page, f"focus-condition-removed-{width(page)}")


def test_the_key_disclosure_shows_a_thick_focus_ring(notes: Page) -> None:
    page = notes
    tab_to(page, "#select-section-you", back=True)
    page.keyboard.press("Enter")
    expect(page.locator("#prop-title")).to_be_visible()
    settled(page)
    tab_to(page, "#properties summary")
    ring = page.evaluate(
        "() => { const s = getComputedStyle(document.activeElement);"
        " return [s.outlineStyle, s.outlineWidth, s.boxShadow]; }"
    )
    shot(page, f"focus-key-summary-{width(page)}")
    assert ring[:2] == ["solid", "3px"] and ring[2] != "none", ring


def test_duplicating_and_deleting_a_field_keep_the_focus_on_the_form(notes: Page) -> None:
    """Both redrew the workspace and left the focus on the page."""
    page = notes
    tab_to(page, 'button[hx-post$="/fields/full_name/duplicate"]')
    page.keyboard.press("Enter")
    expect(page.locator("#select-field-full_name_2")).to_be_attached()
    # the copy's question, as for a field just added
    page.wait_for_function(
        "() => document.activeElement?.id === 'prop-label'"
        " && document.activeElement.value === 'Full name'"
    )
    tab_to(page, 'button[hx-post$="/fields/full_name_2/delete"]', back=True)
    page.keyboard.press("Enter")
    expect(page.locator("#select-field-full_name_2")).to_have_count(0)
    page.wait_for_function(
        "() => !!document.activeElement?.matches('#workspace [data-move-group]')"
    )
    shot(page, f"focus-field-deleted-{width(page)}")


def test_a_cancelled_delete_does_not_move_the_focus_later(notes: Page) -> None:
    """Full name used by a rule: deleting it asks, and the author cancels. The next redraw
    (Undo, which takes the rule back) took the focus from Undo to the selected field. And
    the last Undo, greyed out, dropped the focus on the page: it goes to Redo (and back)."""
    page = notes
    tab_to(page, "#rb-add")
    page.keyboard.press("Enter")
    expect(page.locator("#rb-0-field")).to_have_value("full_name")
    settled(page)
    tab_to(page, "#rb-0-value")
    page.keyboard.type("Alex")
    page.keyboard.press("Enter")
    expect(page.locator("#rb-sentence")).to_contain_text("Alex")
    saved(page)
    asked: list[str] = []

    def cancel(dialog: Dialog) -> None:
        asked.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", cancel)
    # back to Full name, then forward into its tools: on a phone a field's tools row shows
    # once the keyboard is inside the field, so Shift+Tab alone passes it by
    tab_to(page, "#select-field-full_name", back=True)
    tab_to(page, 'button[hx-post$="/fields/full_name/delete"]')
    page.keyboard.press("Enter")
    page.wait_for_timeout(300)
    assert asked == ["confirm"]
    tab_to(page, "#undo", back=True)
    page.keyboard.press("Enter")
    expect(page.locator("#rb-sentence")).to_have_text("Always shown")
    saved(page)
    page.wait_for_timeout(300)
    # the only change undone: Undo greys out, and the focus goes to Redo, not the page
    expect(page.locator("#undo")).to_be_disabled()
    assert focused(page, "#redo"), page.evaluate("document.activeElement.outerHTML.slice(0, 80)")
    page.keyboard.press("Enter")
    expect(page.locator("#rb-sentence")).to_contain_text("Alex")
    saved(page)
    page.wait_for_timeout(300)
    assert focused(page, "#undo"), page.evaluate("document.activeElement.outerHTML.slice(0, 80)")
