"""axe-core finds nothing on the template editor at 1280 and 375 px, in chromium: the Form
tab as opened, with a field selected, with its Logic panel holding a condition (and one
refused, its message beside it), the Roles tab with a role selected and the Document tab
with a clause selected. Run while the editor was reworked for keyboard users, so that a
later change to its panes is measured against the same rules."""

import json
import uuid
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import LiveServer
from tests.browser.designer_editing import saved, settled
from tests.browser.designer_pages import follow, shot, sign_in
from tests.browser.signer_helpers import assert_accessible

pytestmark = pytest.mark.browser

PASSWORD = "a long browser passphrase"

LEASE = {
    "name": "Lease",
    "roles": [
        {"key": "tenant", "name": "Tenant", "kind": "signer", "stage": 1},
        {"key": "landlord", "name": "Landlord", "kind": "signer", "stage": 2, "organisation": True},
    ],
    "sections": [
        {
            "key": "tenant",
            "title": "Tenant",
            "role": "tenant",
            "fields": [
                {"key": "company", "component": "checkbox", "label": "A company"},
                {"key": "full_name", "component": "text", "label": "Full name"},
                {"key": "signature", "component": "signature", "label": "Signature"},
            ],
        },
        {
            "key": "landlord",
            "title": "Landlord",
            "role": "landlord",
            "fields": [{"key": "stamp", "component": "stamp", "label": "Company stamp"}],
        },
    ],
    "document": [
        {"kind": "heading", "text": "Lease", "level": 1},
        {"kind": "paragraph", "html": "<p>The tenant {{ full_name }} rents the flat.</p>"},
    ],
}


@pytest.fixture(params=[1280, 375], ids=["1280px", "375px"])
def editor(request, browser: Browser, live_server: LiveServer, tmp_path) -> Iterator[Page]:
    email = f"editor-axe-{uuid.uuid4().hex[:6]}@example.com"
    live_server.create_user(email, f"Editor axe org {uuid.uuid4().hex[:6]}", PASSWORD)
    page = sign_in(browser, live_server.base_url, email, PASSWORD, width=request.param)
    upload = tmp_path / "lease.json"
    upload.write_text(json.dumps(LEASE))
    page.locator("#json-file").set_input_files(str(upload))
    follow(page.get_by_role("button", name="Import .json"))
    yield page
    page.context.close()


def test_the_editor_passes_axe(editor: Page) -> None:
    page = editor
    width = page.viewport_size["width"] if page.viewport_size else 0
    assert_accessible(page, f"the Form tab at {width} px")
    page.locator("#select-field-signature").click()
    settled(page)
    assert_accessible(page, f"a field selected at {width} px")
    page.locator("#rb-add").click()
    saved(page)
    expect(page.locator("#rb-0-field")).to_have_value("full_name")
    page.locator("#rule-builder").scroll_into_view_if_needed()
    shot(page, f"axe-logic-{width}")
    assert_accessible(page, f"the Logic panel with a condition at {width} px")
    page.locator("#rb-0-value").press("Enter")  # no value: refused, and why beside it
    expect(page.locator("#rule-builder .rule-builder__message")).to_be_visible()
    assert_accessible(page, f"the Logic panel with a rule refused at {width} px")
    page.locator("#rb-0-remove").click()  # so that leaving does not ask
    expect(page.locator("#rule-builder .rule-row")).to_have_count(0)
    saved(page)
    follow(page.locator('.editor-tabs a[href$="/roles"]'))
    page.locator("#select-role-landlord").click()
    settled(page)
    assert_accessible(page, f"the Roles tab, a role selected, at {width} px")
    follow(page.locator('.editor-tabs a[href$="/document"]'))
    page.locator("#select-block-1").click()
    settled(page)
    assert_accessible(page, f"the Document tab, a clause selected, at {width} px")
