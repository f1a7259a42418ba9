"""In chromium: after a refused upload the step's status line said "✓ Saved", which read as
if the file had been taken. It now says "Not uploaded: <why>" (no tick), as the field's
error does, for a file refused in the page (too large) and by the server (wrong type); a
file taken afterwards brings back "Saved", and so does a change to another answer."""

from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from tests.browser.conftest import LiveServer
from tests.browser.signer_helpers import (
    PNG,
    agree,
    customer_form,
    evidence_step,
    new_envelope,
    shot,
)

pytestmark = pytest.mark.browser

FORM = customer_form(
    "Claim with a note",
    evidence_step(
        {"key": "note", "component": "text", "label": "Note"},
        {
            "key": "receipts",
            "component": "attachment",
            "label": "Receipts",
            "validation": {"accept": [".pdf", ".png"], "max_size": 2048, "max_files": 3},
        },
    ),
)


@pytest.mark.timeout(90)
@pytest.mark.parametrize("width", [1280, 375])
def test_a_refused_upload_is_not_said_saved(
    browser: Browser, live_server: LiveServer, tmp_path: Path, width: int
) -> None:
    big, wrong, good = tmp_path / "big.pdf", tmp_path / "page.pdf", tmp_path / "receipt.png"
    big.write_bytes(b"%PDF-1.4\n" + b"0" * 4000)
    wrong.write_bytes(b"<!doctype html><p>not a PDF</p>")
    good.write_bytes(PNG)
    context = browser.new_context(viewport={"width": width, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.goto(new_envelope(live_server, FORM))
    agree(page)
    status = page.locator("#autosave-status")
    page.get_by_label("Note").fill("Taxi to the airport")
    page.get_by_label("Note").blur()
    expect(status).to_have_text("Saved")

    chooser = page.locator("[data-upload-input]")
    chooser.set_input_files([big])  # refused in the page, nothing sent
    expect(page.locator("[data-upload-error] .field-error")).to_have_text(
        ["The selected file must be smaller than 2 KB (big.pdf)"]
    )
    expect(status).to_have_text(
        "Not uploaded: The selected file must be smaller than 2 KB (big.pdf)"
    )
    assert "Saved" not in status.inner_text()
    assert status.evaluate("e => getComputedStyle(e, '::before').content") in ("none", "normal")

    drafts: list[str] = []
    page.on("request", lambda request: drafts.append(request.url))
    chooser.set_input_files([wrong])  # refused by the server
    expect(page.locator("[data-upload-error] .field-error")).to_have_text(
        ["The selected file must be a PDF or PNG (page.pdf)"]
    )
    expect(status).to_have_text("Not uploaded: The selected file must be a PDF or PNG (page.pdf)")
    # a refused file changed nothing: no autosave is sent to say "Saved" after it
    assert not [r for r in drafts if "/draft" in r], drafts
    shot(page, f"signer-refused-upload-status-{width}")

    page.get_by_label("Note").fill("Taxi to the airport and back")  # another answer changes
    page.get_by_label("Note").blur()
    expect(status).to_have_text("Saved")

    chooser.set_input_files([big])
    expect(status).to_have_text(
        "Not uploaded: The selected file must be smaller than 2 KB (big.pdf)"
    )
    chooser.set_input_files([good])  # a new choice: the refusal goes, the file is taken
    expect(page.locator(".file-list__name")).to_have_text(["receipt.png"])
    expect(page.locator("[data-upload-error]")).to_have_count(0)
    expect(status).to_have_text("Saved")
    context.close()


@pytest.mark.timeout(60)
def test_the_status_is_in_the_pages_language(
    browser: Browser, live_server: LiveServer, tmp_path: Path
) -> None:
    big = tmp_path / "gros.pdf"
    big.write_bytes(b"%PDF-1.4\n" + b"0" * 4000)
    context = browser.new_context(viewport={"width": 375, "height": 900}, locale="fr-FR")
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.goto(new_envelope(live_server, FORM))
    page.locator("#consent-yes").check()
    # the step page's load, once its scripts are bound (not the consent page's, already loaded)
    with page.expect_navigation():
        page.locator("#consent-yes").evaluate("e => e.form.requestSubmit()")
    page.locator("[data-upload-input]").set_input_files([big])
    status = page.locator("#autosave-status")
    expect(status).to_contain_text("Non téléversé\u00a0: ")
    expect(status).to_contain_text("(gros.pdf)")
    shot(page, "signer-refused-upload-status-fr")
    context.close()
