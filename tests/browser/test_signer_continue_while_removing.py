"""Continue selected while a file's Remove is still on its way: the step is sent once the
Remove has answered, so the removed file is not among the answers. Sent at once, the page
left and the Remove was cut off (or reached the server after the step), and the file the
signer had just removed was kept (signer-uploads.js, signer-windows.js)."""

from pathlib import Path

import pytest
from playwright.sync_api import Browser, Route, expect

from tests.browser.conftest import LiveServer
from tests.browser.signer_helpers import PNG, RECEIPTS_FORM, agree, new_envelope, shot

pytestmark = pytest.mark.browser


@pytest.mark.timeout(60)
@pytest.mark.parametrize("width", [1280, 375])
def test_continue_waits_for_the_file_being_removed(
    browser: Browser, live_server: LiveServer, tmp_path: Path, width: int
) -> None:
    kept, wrong = tmp_path / "kept.png", tmp_path / "wrong.png"
    kept.write_bytes(PNG)
    wrong.write_bytes(PNG)
    context = browser.new_context(viewport={"width": width, "height": 800})
    context.set_default_timeout(10_000)
    try:
        page = context.new_page()
        page.goto(new_envelope(live_server, RECEIPTS_FORM))
        agree(page)
        page.locator("[data-upload-input]").set_input_files([kept, wrong])
        expect(page.get_by_role("link", name="wrong.png")).to_be_visible()
        expect(page.get_by_role("link", name="kept.png")).to_be_visible()

        # the Remove is held on its way (a slow connection)
        held: list[Route] = []
        page.route("**/files/receipts/*/remove", lambda route: held.append(route))
        page.get_by_role("button", name="Remove wrong.png").click()
        for _ in range(50):
            if held:
                break
            page.wait_for_timeout(100)
        assert held, "the Remove was not sent"

        page.get_by_role("button", name="Continue").click()
        page.wait_for_timeout(300)
        assert page.url.endswith("/step/1"), "Continue left before the Remove was answered"
        held[0].continue_()

        expect(page.get_by_role("heading", level=1)).to_have_text("Sign")
        page.go_back()
        expect(page.get_by_role("link", name="kept.png")).to_be_visible()
        expect(page.get_by_role("link", name="wrong.png")).to_have_count(0)
    finally:
        context.close()


@pytest.mark.timeout(60)
def test_a_failed_remove_says_so_and_holds_nothing_back(
    browser: Browser, live_server: LiveServer, tmp_path: Path
) -> None:
    """A Remove the server could not do says 'The file could not be removed.' in the page's
    language (it said 'The file could not be uploaded.'), and Continue then goes on."""
    kept = tmp_path / "kept.png"
    kept.write_bytes(PNG)
    context = browser.new_context(viewport={"width": 375, "height": 800})
    context.set_default_timeout(10_000)
    try:
        page = context.new_page()
        page.goto(new_envelope(live_server, RECEIPTS_FORM))
        agree(page)
        page.select_option("#language-choice", "fr")
        page.locator(".language-switcher__button").click()
        expect(page.locator(".language-switcher__button")).to_have_text("Changer de langue")
        page.locator("[data-upload-input]").set_input_files(kept)
        expect(page.get_by_role("link", name="kept.png")).to_be_visible()

        page.route("**/files/receipts/*/remove", lambda route: route.fulfill(status=500))
        page.get_by_role("button", name="Supprimer kept.png").click()
        expect(page.locator("[data-upload-error]")).to_have_text(
            "Le fichier n’a pas pu être supprimé."
        )
        expect(page.get_by_role("link", name="kept.png")).to_be_visible()
        shot(page, "signer-remove-failed-fr")

        page.get_by_role("button", name="Continuer").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Sign")
    finally:
        context.close()
