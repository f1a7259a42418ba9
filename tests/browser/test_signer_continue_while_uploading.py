"""Continue selected while a chosen file is still uploading (its progress bar showing): the
step is sent once the upload has answered, so the file counts. Sent at once, the page left
and cut the upload off, and the step came back with "Upload receipts" for a file the signer
had just seen uploading (signer-uploads.js, signer-windows.js)."""

from pathlib import Path

import pytest
from playwright.sync_api import Browser, Route, expect

from tests.browser.conftest import LiveServer
from tests.browser.signer_helpers import PNG, RECEIPTS_FORM, agree, new_envelope

pytestmark = pytest.mark.browser


@pytest.mark.timeout(60)
@pytest.mark.parametrize("width", [1280, 375])
def test_continue_waits_for_the_file_being_uploaded(
    browser: Browser, live_server: LiveServer, tmp_path: Path, width: int
) -> None:
    receipt = tmp_path / "receipt.png"
    receipt.write_bytes(PNG)
    context = browser.new_context(viewport={"width": width, "height": 800})
    context.set_default_timeout(10_000)
    try:
        page = context.new_page()
        page.goto(new_envelope(live_server, RECEIPTS_FORM))
        agree(page)
        # the upload is held on its way (a slow connection)
        held: list[Route] = []
        page.route("**/files/receipts", lambda route: held.append(route))
        page.locator("[data-upload-input]").set_input_files(receipt)
        for _ in range(50):
            if held:
                break
            page.wait_for_timeout(100)
        assert held, "the file was not sent"
        expect(page.locator("[data-upload-progress]")).to_be_visible()

        page.get_by_role("button", name="Continue").click()
        page.wait_for_timeout(300)
        assert page.url.endswith("/step/1")  # waiting for the upload's answer
        expect(page.locator("[data-upload-progress]")).to_be_visible()
        held[0].continue_()

        expect(page.get_by_role("heading", level=1)).to_have_text("Sign")
        page.go_back()
        expect(page.get_by_role("link", name="receipt.png")).to_be_visible()
    finally:
        context.close()
