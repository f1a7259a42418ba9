"""The sealed PDF of a link with an access code, opened in a browser that did not sign: the
confirmation page's download leads to the code page (which says why, and passes axe), a
right code brings the person back to the confirmation page and the download starts by
itself. Signed over HTTP first, so that only the new browser is Chromium's; the seal takes
about a second (and, with this file alone, the API key's `formseal` command a few more)."""

import time
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, expect

from tests.browser.conftest import LiveServer
from tests.browser.signer_helpers import assert_accessible, customer_form, new_envelope, shot

pytestmark = pytest.mark.browser


def sign_over_http(link: str, code: str) -> None:
    """Pass the code, agree, sign with a typed name and finish, as a browser without
    JavaScript would; then wait for the seal (about a second)."""
    with httpx.Client(follow_redirects=False, timeout=20) as http:
        assert http.get(link).headers["location"].endswith("/verify")
        assert http.post(f"{link}/verify", data={"code": code}).status_code == 303
        assert http.post(f"{link}/consent", data={"consent": "yes"}).status_code == 303
        step = http.post(f"{link}/step/1", data={"signature__typed": "Sam Supplier"})
        assert step.status_code == 303, step.text
        assert http.post(f"{link}/finish").status_code == 303
        deadline = time.monotonic() + 30
        while "Download the sealed PDF" not in http.get(f"{link}/done").text:
            assert time.monotonic() < deadline, "not sealed"
            time.sleep(0.3)


@pytest.mark.timeout(90)
def test_the_access_code_again_before_the_sealed_pdf(
    browser: Browser, live_server: LiveServer, tmp_path: Path
) -> None:
    definition = customer_form("Lease (code before the PDF)")
    definition["roles"][0]["identity"] = "access_code"
    link = new_envelope(live_server, definition, access_code="otter-1234")
    sign_over_http(link, "otter-1234")

    context = browser.new_context(viewport={"width": 1000, "height": 800}, accept_downloads=True)
    context.set_default_timeout(10_000)
    try:
        page = context.new_page()
        page.goto(link)
        expect(page.get_by_role("heading", level=1)).to_have_text("Signed")
        expect(page.get_by_text("we first ask you to confirm it is you")).to_be_visible()
        page.get_by_role("link", name="Download the sealed PDF").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Confirm it is you")
        expect(page.locator(".lead")).to_contain_text("confirm it is you again")
        assert_accessible(page, "identity again before the sealed PDF")
        shot(page, "signer-code-before-sealed-pdf")
        page.get_by_label("Access code").fill("Otter-1234")
        with page.expect_download() as started:
            page.get_by_role("button", name="Continue").click()
        saved = tmp_path / "sealed.pdf"
        started.value.save_as(saved)
        assert saved.read_bytes().startswith(b"%PDF")
        expect(page.get_by_role("heading", level=1)).to_have_text("Signed")
        expect(page.get_by_role("status")).to_contain_text("Your download has started")
    finally:
        context.close()
