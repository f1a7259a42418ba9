"""In chromium: choosing several files at once, the signer sees a line for each one that
was refused (too large, with the field's limit; or of the wrong type), naming the file,
while the good ones are listed."""

from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from tests.browser.conftest import LiveServer
from tests.browser.signer_helpers import CLAIM_FORM, PNG, agree, new_envelope, shot

pytestmark = pytest.mark.browser


@pytest.mark.timeout(60)
def test_each_refused_file_of_a_choice_is_named(
    browser: Browser, live_server: LiveServer, tmp_path: Path
) -> None:
    big, good, wrong = tmp_path / "big.pdf", tmp_path / "receipt.png", tmp_path / "page.pdf"
    big.write_bytes(b"%PDF-1.4\n" + b"0" * 4000)
    good.write_bytes(PNG)
    wrong.write_bytes(b"<!doctype html><p>not a PDF</p>")
    context = browser.new_context(viewport={"width": 375, "height": 800})
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.goto(new_envelope(live_server, CLAIM_FORM))
    agree(page)
    page.locator("[data-upload-input]").set_input_files([big, good, wrong])
    problems = page.locator("[data-upload-error] .field-error")
    expect(problems).to_have_text(
        [
            "The selected file must be smaller than 2 KB (big.pdf)",
            "The selected file must be a PDF or PNG (page.pdf)",
        ]
    )
    expect(page.locator(".file-list__name")).to_have_text(["receipt.png"])
    # the input is emptied after each upload: its "No file chosen" is not shown beside the
    # uploaded file; the page's own button stands in its place
    chooser = page.locator("[data-upload-input]")
    assert chooser.evaluate("e => getComputedStyle(e).opacity") == "0"
    expect(page.locator("[data-upload-choose]")).to_be_visible()
    shot(page, "signer-upload-problems")
    context.close()
