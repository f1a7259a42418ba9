"""Settings -> Brand: the current logo is shown on a checkerboard, not on a white box, so
an author sees which parts of a transparent logo are transparent (and a white logo at all).
A refused logo marks its file box, not the "Remove our logo" checkbox.

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

        # a refused logo marks the file box in red, not "Remove our logo" beside it
        page.locator("#brand-logo").set_input_files(
            {"name": "logo.png", "mimeType": "image/png", "buffer": b"not a picture"}
        )
        page.get_by_role("button", name="Save brand").click()
        expect(page.locator("#brand-logo-error")).to_be_visible()
        red = page.evaluate("getComputedStyle(document.querySelector('#brand-logo')).borderColor")
        remove = page.get_by_label("Remove our logo")
        assert remove.evaluate("box => getComputedStyle(box).outlineStyle") == "none"
        assert red == "rgb(179, 38, 30)", red

        folder = os.environ.get("FORMSEAL_SCREENSHOTS")
        if folder:
            Path(folder).mkdir(parents=True, exist_ok=True)
            for size in (1280, 375):
                page.set_viewport_size({"width": size, "height": 900})
                thumbnail.scroll_into_view_if_needed()
                page.screenshot(path=str(Path(folder) / f"brand-logo-{size}.png"))
    finally:
        page.context.close()


def _wordmark() -> bytes:
    """A yellow ring (a circle, so squeezing shows) before a wide white word: 10 to 1."""
    logo = Image.new("RGBA", (800, 80), (0, 0, 0, 0))
    draw = ImageDraw.Draw(logo)
    draw.ellipse((4, 4, 76, 76), outline=(255, 200, 0, 255), width=8)
    draw.rectangle((100, 24, 790, 56), fill=(255, 255, 255, 255))
    out = io.BytesIO()
    logo.save(out, "PNG")
    return out.getvalue()


def _ring(picture: bytes) -> tuple[int, int]:
    """Width and height of the yellow ring in a screenshot."""
    shot = Image.open(io.BytesIO(picture)).convert("RGB")
    yellow = [
        (x, y)
        for x in range(shot.width)
        for y in range(shot.height)
        if (rgb := shot.getpixel((x, y)))[0] > 200 and 150 < rgb[1] < 230 and rgb[2] < 90
    ]
    xs, ys = [x for x, _ in yellow], [y for _, y in yellow]
    return max(xs) - min(xs) + 1, max(ys) - min(ys) + 1


def test_a_wordmark_keeps_its_shape_in_the_header_and_its_thumbnail_in_the_form(
    browser: Browser, live_server: LiveServer
) -> None:
    """A 10:1 wordmark was squeezed into the signer header's 12rem (its ring an upright oval),
    the document's name sat below the organisation's (the logo's bottom edge was the header's
    baseline), and on a phone the Brand screen's thumbnail, 48 px high, ran off the screen."""
    email = f"logo-{uuid.uuid4().hex[:6]}@example.com"
    live_server.create_user(email, f"Wordmark org {uuid.uuid4().hex[:6]}", PASSWORD)
    page = sign_in(browser, live_server.base_url, email, PASSWORD)
    try:
        page.goto(f"{live_server.base_url}/designer/settings/brand")
        page.locator("#brand-logo").set_input_files(
            {"name": "logo.png", "mimeType": "image/png", "buffer": _wordmark()}
        )
        page.get_by_role("button", name="Save brand").click()
        expect(page.get_by_role("status")).to_contain_text("The brand was saved")
        thumbnail = page.get_by_role("img", name="Current logo")
        expect(thumbnail).to_have_js_property("complete", True)

        signer = page.frame_locator("iframe[title='Preview of a signer page']")
        logo = signer.locator(".brand__logo")
        expect(logo).to_have_js_property("complete", True)
        width, height = _ring(logo.screenshot())
        assert abs(width - height) <= 2, (width, height)
        name = signer.locator(".brand__name").bounding_box()
        doc = signer.locator(".site-header__doc").bounding_box()
        assert name and doc
        middle = name["y"] + name["height"] / 2
        assert abs(doc["y"] + doc["height"] / 2 - middle) <= 3, (name, doc)

        page.set_viewport_size({"width": 375, "height": 900})
        box = thumbnail.bounding_box()
        assert box and box["x"] + box["width"] <= 375 - 16, box
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
    finally:
        page.context.close()
