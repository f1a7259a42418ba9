"""Writing on after a merge field that ends a paragraph, in chromium. Once saved, the
paragraph "… reached at [Email address]": a click on the chip put the caret inside it, so
the full stop an author typed next was dropped without a word, and a merge field chosen
there went inside the chip and was lost on saving, with the words around it."""

import copy
import json
import uuid
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from tests.browser.conftest import LiveServer
from tests.browser.designer_editing import saved, settled
from tests.browser.designer_pages import follow, sign_in
from tests.integration.designer.helpers import SIGNED_FORM

pytestmark = pytest.mark.browser
PASSWORD = "correct horse battery staple"


@pytest.mark.timeout(120)
def test_typing_after_a_last_merge_field_goes_after_it(
    browser: Browser, live_server: LiveServer, tmp_path: Path
) -> None:
    email = f"chipcaret-{uuid.uuid4().hex[:6]}@example.com"
    live_server.create_user(email, f"Chip caret {uuid.uuid4().hex[:6]}", PASSWORD)
    page = sign_in(browser, live_server.base_url, email, PASSWORD)
    definition = copy.deepcopy(SIGNED_FORM)
    definition["document"][1]["html"] = "<p>Made with {{ full_name }}</p>"
    upload = tmp_path / "ends-with-a-chip.json"
    upload.write_text(json.dumps(definition))
    page.locator("#json-file").set_input_files(str(upload))
    follow(page.get_by_role("button", name="Import .json"))
    expect(page.locator(".canvas-section__title")).to_have_count(3)
    follow(page.get_by_role("link", name="Document", exact=True))
    page.get_by_role("button", name="Edit block 2:").click()
    settled(page)
    area = page.locator("#rte-area")
    area.locator(".merge-field").click()  # on the chip, to write on after it
    page.keyboard.type(", a ")
    page.locator("#rte-merge").select_option("client_type")
    page.keyboard.type(".")
    saved(page)
    expect(page.locator("#rte-html")).to_have_value(
        "<p>Made with {{ full_name }}, a {{ client_type }}.</p>"
    )
    expect(area.locator(".merge-field .merge-field")).to_have_count(0)  # no chip in a chip
    page.reload()
    expect(page.locator(".doc-block").nth(1)).to_contain_text("Made with Full name, a Client type.")
    # after a click on a chip, Ctrl+A selects the paragraph (it selected the whole page, and
    # what was typed then went nowhere)
    page.get_by_role("button", name="Edit block 2:").click()
    settled(page)
    page.locator("#rte-area .merge-field").first.click()
    page.keyboard.press("Control+A")
    page.keyboard.type("Made anew.")
    saved(page)
    expect(page.locator("#rte-html")).to_have_value("<p>Made anew.</p>")
