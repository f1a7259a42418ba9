"""The button that chooses files for an attachment request is in the page's language. It
was the browser's own file button, in the browser's language: a signer who switched the
page to French on an English browser read "Choose Files" among French words. With
JavaScript the page now shows its own button ("Choisir des fichiers", "Choose a file" for a
request of one file); the file input itself, hidden, stays reachable by keyboard (and
named by its question for screen readers), and its button shows the focus."""

from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from tests.browser.conftest import LiveServer
from tests.browser.signer_helpers import (
    PNG,
    agree,
    assert_accessible,
    customer_form,
    evidence_step,
    new_envelope,
    shot,
)

pytestmark = pytest.mark.browser


def _request(key: str, label: str, most: int) -> dict:
    return {
        "key": key,
        "component": "attachment",
        "label": label,
        "validation": {"accept": [".png"], "max_files": most},
    }


FORM = customer_form(
    "Claim in French",
    evidence_step(_request("receipts", "Receipts", 3), _request("photo", "Photo", 1)),
)


@pytest.mark.timeout(60)
@pytest.mark.parametrize("width", [1280, 375])
def test_the_file_button_speaks_the_pages_language(
    browser: Browser, live_server: LiveServer, tmp_path: Path, width: int
) -> None:
    receipt = tmp_path / "receipt.png"
    receipt.write_bytes(PNG)
    context = browser.new_context(viewport={"width": width, "height": 800}, locale="en-GB")
    context.set_default_timeout(10_000)
    try:
        page = context.new_page()
        link = new_envelope(live_server, FORM)
        page.goto(link)
        agree(page)
        expect(page.locator("#field-receipts [data-upload-choose]")).to_have_text("Choose files")
        expect(page.locator("#field-photo [data-upload-choose]")).to_have_text("Choose a file")

        page.locator(".language-switcher select").select_option("fr")
        page.locator(".language-switcher button").click()
        choose = page.locator("#field-receipts [data-upload-choose]")
        expect(choose).to_have_text("Choisir des fichiers")
        expect(page.locator("#field-photo [data-upload-choose]")).to_have_text("Choisir un fichier")
        # the browser's own button (its "Choose Files") is not shown
        chooser = page.locator("#input-receipts")
        assert chooser.evaluate("e => getComputedStyle(e).opacity") == "0"
        shot(page, f"signer-choose-files-fr-{width}")

        # the page's button opens the browser's file chooser
        with page.expect_file_chooser() as chosen:
            choose.click()
        chosen.value.set_files(receipt)
        expect(page.locator(".file-list__name")).to_have_text(["receipt.png"])

        # by keyboard: the input takes the focus, and its button shows it
        chooser.focus()
        page.keyboard.press("Shift+Tab")
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.id") == "input-receipts"
        assert choose.evaluate("e => getComputedStyle(e).outlineStyle") == "solid"
        assert_accessible(page, "a French step with its file buttons")
    finally:
        context.close()
