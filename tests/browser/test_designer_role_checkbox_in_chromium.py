"""The roles panel's "Signed by the organisation with its company stamp" box sits beside
the first line of its label, as GOV.UK's check boxes do, in chromium. On a phone the label
wraps onto two lines and the box sat in their middle, between the lines."""

import json
import uuid
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page

from tests.browser.conftest import LiveServer
from tests.browser.designer_editing import settled
from tests.browser.designer_pages import follow, shot, sign_in

pytestmark = pytest.mark.browser

PASSWORD = "a long browser passphrase"

LOAN = {
    "name": "Loan",
    "roles": [{"key": "borrower", "name": "Borrower", "kind": "signer", "stage": 1}],
    "sections": [
        {
            "key": "you",
            "title": "You",
            "role": "borrower",
            "fields": [{"key": "signature", "component": "signature", "label": "Signature"}],
        }
    ],
}


@pytest.fixture(params=[1280, 375], ids=["1280px", "375px"])
def role_panel(request, browser: Browser, live_server: LiveServer, tmp_path) -> Iterator[Page]:
    email = f"role-box-{uuid.uuid4().hex[:6]}@example.com"
    live_server.create_user(email, f"Role box org {uuid.uuid4().hex[:6]}", PASSWORD)
    page = sign_in(browser, live_server.base_url, email, PASSWORD, width=request.param)
    upload = tmp_path / "loan.json"
    upload.write_text(json.dumps(LOAN))
    page.locator("#json-file").set_input_files(str(upload))
    follow(page.get_by_role("button", name="Import .json"))
    follow(page.locator('.editor-tabs a[href$="/roles"]'))
    page.locator("#select-role-borrower").click()
    settled(page)
    yield page
    page.context.close()


def test_the_organisation_box_is_beside_the_first_line_of_its_label(role_panel: Page) -> None:
    page = role_panel
    box = page.locator("#prop-organisation")
    box.scroll_into_view_if_needed()
    where = page.evaluate(
        """() => {
          const box = document.querySelector('#prop-organisation');
          const label = box.closest('label');
          const range = document.createRange();
          range.selectNodeContents(label);
          const lines = [...range.getClientRects()].filter(r => r.width > 0 && r.left > box.getBoundingClientRect().right);
          const first = lines.reduce((a, r) => r.top < a.top ? r : a);
          const b = box.getBoundingClientRect();
          return {box: b.top + b.height / 2, line: first.top + first.height / 2,
                  lines: new Set(lines.map(r => Math.round(r.top))).size};
        }"""
    )
    width = page.viewport_size["width"] if page.viewport_size else 0
    shot(page, f"role-organisation-box-{width}")
    if width < 600:
        assert where["lines"] >= 2, where  # the case that matters: a label that wraps
    assert abs(where["box"] - where["line"]) <= 2, where
