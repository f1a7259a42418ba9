"""What signer.js says when autosave cannot simply save: the same link open in a second
tab that saved meanwhile (keep these answers, or show theirs), the server out of reach
(Not saved — retry; Continue says the person seems offline and keeps what was typed), and
a double click on Sign and finish (one request). The server's side of each is tested in
tests/integration/test_signer_two_windows.py."""

import pytest
from playwright.sync_api import Browser, expect

from tests.browser.conftest import LiveServer
from tests.browser.signer_helpers import agree, customer_form, new_envelope, shot

pytestmark = pytest.mark.browser

ABOUT = {
    "key": "about",
    "title": "About you",
    "role": "customer",
    "fields": [
        {"key": "full_name", "component": "text", "label": "Full name", "required": True},
        {"key": "story", "component": "textarea", "label": "Tell us more"},
    ],
}


@pytest.mark.timeout(120)
def test_second_tab_offline_and_double_click(browser: Browser, live_server: LiveServer) -> None:
    link = new_envelope(live_server, customer_form("Two tabs", ABOUT))
    context = browser.new_context(viewport={"width": 375, "height": 800})
    context.set_default_timeout(10_000)
    try:
        first = context.new_page()
        first.goto(link)
        agree(first)
        second = context.new_page()
        second.goto(link)
        status_a, status_b = first.locator("#autosave-status"), second.locator("#autosave-status")

        first.get_by_label("Tell us more").fill("written in the first tab")
        expect(status_a).to_have_text("Saved")
        first.get_by_label("Full name").fill("Alice")  # its own saves never conflict
        expect(status_a).to_have_text("Saved")
        second.get_by_label("Full name").fill("Bob")
        expect(status_b).to_contain_text("changed in another window")
        second.get_by_role("button", name="Show the answers saved in the other window").click()
        expect(second.get_by_label("Full name")).to_have_value("Alice")
        expect(second.get_by_label("Tell us more")).to_have_value("written in the first tab")
        second.get_by_label("Full name").fill("Bob")  # now it has seen them: saves
        expect(status_b).to_have_text("Saved")
        first.get_by_label("Full name").fill("Alicia")  # the first tab is the stale one now
        expect(status_a).to_contain_text("changed in another window")
        first.get_by_role("button", name="Keep the answers on this page").click()
        expect(status_a).to_have_text("Saved")

        # a 10,000-character paste into a box for 5,000 says so before Continue refuses it
        count = first.locator("#count-story")
        expect(count).to_be_hidden()
        first.get_by_label("Tell us more").fill("x" * 10_000)
        expect(count).to_have_text("Too many characters: 5,000")
        first.get_by_label("Tell us more").fill("Hello. " * 671 + "Hi!")
        expect(count).to_have_text("Characters left: 300")

        # the server out of reach: the status says so, Continue keeps the page and says why
        first.route("**/draft", lambda route: route.abort())
        first.get_by_label("Tell us more").fill("typed while offline")
        expect(status_a).to_have_text("Not saved — retry")
        first.get_by_role("button", name="Continue").click()
        expect(status_a).to_contain_text("You seem to be offline")
        shot(first, "signer-offline-continue")
        assert first.url.endswith("/step/1")
        expect(first.get_by_label("Tell us more")).to_have_value("typed while offline")
        first.unroute("**/draft")
        first.get_by_role("button", name="Continue").click()
        expect(first.get_by_role("heading", level=1)).to_have_text("Sign")

        first.get_by_role("radio", name="Type").check()
        first.get_by_label("Type your full name to sign").fill("Alicia")
        first.get_by_role("button", name="Continue").click()
        finishes: list[str] = []
        first.on("request", lambda r: finishes.append(r.url) if r.url.endswith("/finish") else None)
        first.get_by_role("button", name="Sign and finish").dblclick()
        expect(first.get_by_role("heading", level=1)).to_have_text("Signed")
        assert len(finishes) == 1, finishes
    finally:
        context.close()


PROOF = {
    "key": "docs",
    "title": "Documents",
    "role": "customer",
    "fields": [
        {
            "key": "proof",
            "component": "attachment",
            "label": "Proof of address",
            "validation": {"accept": [".pdf"], "max_size": 4_194_304, "max_files": 2},
        }
    ],
}


@pytest.mark.timeout(90)
def test_a_slow_upload_can_be_cancelled(browser: Browser, live_server: LiveServer) -> None:
    """On a slow connection the wrong file can be stopped halfway: Cancel ends the upload,
    and nothing of it is kept (the list stays empty, after a reload too)."""
    link = new_envelope(live_server, customer_form("Slow upload", PROOF))
    context = browser.new_context(viewport={"width": 375, "height": 800})
    context.set_default_timeout(10_000)
    try:
        page = context.new_page()
        page.goto(link)
        agree(page)
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send(  # about 100 KB/s up: a 2 MB file takes 20 s
            "Network.emulateNetworkConditions",
            {"offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": 100_000},
        )
        pdf = b"%PDF-1.4\n" + b"0" * 2_000_000
        page.get_by_label("Proof of address").set_input_files(
            {"name": "wrong-file.pdf", "mimeType": "application/pdf", "buffer": pdf}
        )
        progress = page.locator("[data-upload-progress]")
        expect(progress).to_contain_text("Uploading wrong-file.pdf")
        expect(page.locator("progress")).not_to_have_attribute("value", "0")  # under way
        shot(page, "signer-upload-cancel")
        page.get_by_role("button", name="Cancel").click()
        expect(progress).to_be_hidden()
        expect(page.get_by_label("Proof of address")).to_be_focused()
        cdp.send(
            "Network.emulateNetworkConditions",
            {"offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1},
        )
        page.reload()
        expect(page.locator(".file-list__name")).to_have_count(0)
    finally:
        context.close()
