"""Settings -> Brand: the current logo is shown on a checkerboard, not on a white box, so
an author sees which parts of a transparent logo are transparent (and a white logo at all).

Set FORMSEAL_SCREENSHOTS=<folder> to keep screenshots at 1280 and 375 px.
"""

import io
import os
import uuid
from pathlib import Path

import pytest
from PIL import Image, ImageDraw
from playwright.sync_api import Browser, expect

from tests.browser.conftest import LiveServer
from tests.browser.designer_pages import sign_in

pytestmark = pytest.mark.browser
PASSWORD = "a long browser passphrase"


def _transparent_logo() -> bytes:
    """A dark-blue bar with a white word-like bar on a transparent canvas."""
    logo = Image.new("RGBA", (240, 80), (0, 0, 0, 0))
    draw = ImageDraw.Draw(logo)
    draw.rectangle((0, 20, 70, 60), fill=(20, 40, 110, 255))
    draw.rectangle((90, 30, 230, 50), fill=(255, 255, 255, 255))
    out = io.BytesIO()
    logo.save(out, "PNG")
    return out.getvalue()


def test_a_transparent_logo_shows_on_a_checkerboard(
    browser: Browser, live_server: LiveServer
) -> None:
    email = f"logo-{uuid.uuid4().hex[:6]}@example.com"
    live_server.create_user(email, f"Logo org {uuid.uuid4().hex[:6]}", PASSWORD)
    page = sign_in(browser, live_server.base_url, email, PASSWORD)
    try:
        page.goto(f"{live_server.base_url}/designer/settings/brand")
        page.locator("#brand-logo").set_input_files(
            {"name": "logo.png", "mimeType": "image/png", "buffer": _transparent_logo()}
        )
        page.get_by_role("button", name="Save brand").click()
        expect(page.get_by_role("status")).to_contain_text("The brand was saved")
        thumbnail = page.get_by_role("img", name="Current logo")
        expect(thumbnail).to_have_js_property("complete", True)

        shot = Image.open(io.BytesIO(thumbnail.screenshot())).convert("RGB")
        width, height = shot.size
        # the transparent corner (left of the blue bar's top) shows two squares' colours,
        # not one white box; the white "word" stays visible against them
        corner = {shot.getpixel((x, y)) for x in range(5, 25) for y in range(5, 12)}
        assert len(corner) >= 2 and (255, 255, 255) not in corner, corner
        assert any(shot.getpixel((x, height // 2)) == (255, 255, 255) for x in range(width))

        folder = os.environ.get("FORMSEAL_SCREENSHOTS")
        if folder:
            Path(folder).mkdir(parents=True, exist_ok=True)
            for size in (1280, 375):
                page.set_viewport_size({"width": size, "height": 900})
                thumbnail.scroll_into_view_if_needed()
                page.screenshot(path=str(Path(folder) / f"brand-logo-{size}.png"))
    finally:
        page.context.close()
