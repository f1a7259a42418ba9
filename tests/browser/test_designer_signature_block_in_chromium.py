"""A signature block offers only the signatures of its role, in chromium: the Finance
controller's block lists the Finance controller's signature; given to the Client, it lists
the Client's, and a signature of the old role gives way to "Every signature of this role"
instead of being refused."""

import copy
import json
import re
import uuid
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from tests.browser.conftest import LiveServer
from tests.browser.designer_pages import follow, screenshot, sign_in
from tests.integration.designer.helpers import SIGNED_FORM

pytestmark = pytest.mark.browser
PASSWORD = "correct horse battery staple"


def _two_signers() -> dict:
    d = copy.deepcopy(SIGNED_FORM)
    d["roles"].append(
        {"key": "finance", "name": "Finance controller", "kind": "signer", "stage": 2}
    )
    d["sections"].append(
        {
            "key": "finance_sign",
            "title": "Finance sign-off",
            "role": "finance",
            "fields": [
                {"key": "finance_signature", "component": "signature", "label": "Your signature"}
            ],
        }
    )
    d["document"].append({"kind": "signature", "role": "finance"})
    return d


@pytest.mark.timeout(180)
@pytest.mark.parametrize("width", [1280, 375])
def test_a_signature_block_lists_only_its_roles_signatures(
    browser: Browser, live_server: LiveServer, tmp_path: Path, width: int
) -> None:
    email = f"sigblock-{uuid.uuid4().hex[:6]}@example.com"
    live_server.create_user(email, f"Signature blocks {uuid.uuid4().hex[:6]}", PASSWORD)
    page = sign_in(browser, live_server.base_url, email, PASSWORD, width=width)
    upload = tmp_path / "two-signers.json"
    upload.write_text(json.dumps(_two_signers()))
    page.locator("#json-file").set_input_files(str(upload))
    follow(page.get_by_role("button", name="Import .json"))
    expect(page.locator(".canvas-section__title")).to_have_count(4)
    follow(page.get_by_role("link", name="Document", exact=True))
    page.get_by_role("button", name="Edit block 4:").click()
    field = page.locator("#prop-sigfield")
    offered = "s => [...s.options].filter(o => !o.hidden && !o.disabled).map(o => o.text)"
    expect(field).to_be_visible()
    assert field.evaluate(offered) == ["Every signature of this role", "Your signature"]
    field.select_option("finance_signature")
    expect(page.locator("#save-status")).to_have_text("All changes saved")
    screenshot(page, f"signature-block-{width}", area="designer", full_page=False)

    page.locator("#prop-role").select_option("client")
    expect(page.locator("#save-status")).to_have_text("All changes saved")
    assert field.evaluate(offered) == ["Every signature of this role", "Signature"]
    expect(field).to_have_value("")

    # the Finance controller now has no block: the publish check's link leads to the
    # document with its last block selected and the focus on "Signature block", so Enter
    # adds one at the end (it opened the template's settings, with nothing to click)
    follow(page.get_by_role("link", name="Publish…"))
    warning = page.locator("li", has_text="Finance controller signs but the document")
    follow(warning.get_by_role("link", name="the document"))
    expect(page.locator("#add-block-signature")).to_be_focused()
    expect(page.locator(".doc-block").last).to_have_class(re.compile(r"\bis-selected\b"))
    page.keyboard.press("Enter")
    expect(page.locator("#save-status")).to_have_text("All changes saved")
    page.locator("#prop-role").select_option("finance")
    expect(page.locator("#save-status")).to_have_text("All changes saved")
    follow(page.get_by_role("link", name="Publish…"))
    expect(page.locator("main")).not_to_contain_text("Finance controller signs but")
    page.context.close()
