"""Settings -> Brand in a real browser: typing a colour updates the live preview (htmx,
debounced) and the contrast check beside the field; saving keeps it.

Set FORMSEAL_SCREENSHOTS=<folder> to keep a screenshot.
"""

import os
import re
import uuid
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from tests.browser.conftest import LiveServer

pytestmark = pytest.mark.browser
PASSWORD = "a long browser passphrase"


def test_live_preview_follows_the_colour_and_refuses_low_contrast(
    browser: Browser, live_server: LiveServer
) -> None:
    email = f"brand-{uuid.uuid4().hex[:6]}@example.com"
    live_server.create_user(email, f"Brand org {uuid.uuid4().hex[:6]}", PASSWORD)
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        page.goto(f"{live_server.base_url}/designer/login")
        page.get_by_label("Email address").fill(email)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.get_by_role("link", name="Settings", exact=True).click()
        page.get_by_role("link", name="Brand", exact=True).click()
        expect(page.get_by_role("heading", name="Brand", level=1)).to_be_visible()
        page.wait_for_load_state("load")  # htmx wires the form's triggers once the page loaded

        colour = page.get_by_label("Primary colour")
        colour.fill("#ffd700")
        expect(page.locator("#brand-contrast")).to_contain_text("it cannot be saved")
        colour.fill("#7a1f5c")
        expect(page.locator("#brand-contrast")).to_contain_text("passes WCAG AA")
        page.get_by_label("Footer text").fill("Registered office: 1 Market Street")
        signer = page.frame_locator("iframe[title='Preview of a signer page']")
        expect(signer.locator(".site-header")).to_have_css("background-color", "rgb(122, 31, 92)")
        expect(signer.locator(".site-footer")).to_contain_text("1 Market Street")
        # the sample page and mail show whole, the button and footers in the brand's look:
        # the frames ended at the top of the Continue button, the footer texts out of sight
        frame = page.locator("iframe[title='Preview of a signer page']").bounding_box()
        footer = signer.locator(".site-footer__brand").bounding_box()
        button = signer.get_by_role("button", name="Continue").bounding_box()
        assert frame and footer and button
        assert footer["y"] + footer["height"] <= frame["y"] + frame["height"], (footer, frame)
        assert button["y"] + button["height"] <= frame["y"] + frame["height"]
        mail = page.frame_locator("iframe[title='Preview of the invitation mail']")
        frame = page.locator("iframe[title='Preview of the invitation mail']").bounding_box()
        footer = mail.get_by_text("1 Market Street").bounding_box()
        assert frame and footer
        assert footer["y"] + footer["height"] <= frame["y"] + frame["height"], (footer, frame)
        expect(mail.get_by_role("link", name="Review and sign")).to_have_css(
            "background-color", "rgb(122, 31, 92)"
        )
        expect(page.locator(".brand-preview__pdf")).to_have_attribute(
            "src", re.compile("colour=%237a1f5c")
        )
        expect(page.locator(".brand-preview__pdf")).to_have_js_property("complete", True)
        assert page.locator(".brand-preview__pdf").evaluate("img => img.naturalWidth") > 100

        folder = os.environ.get("FORMSEAL_SCREENSHOTS")
        if folder:
            Path(folder).mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(Path(folder) / "brand-settings.png"), full_page=True)

        page.get_by_role("button", name="Save brand").click()
        expect(page.get_by_role("status")).to_contain_text("The brand was saved")
        expect(colour).to_have_value("#7a1f5c")
    finally:
        context.close()
