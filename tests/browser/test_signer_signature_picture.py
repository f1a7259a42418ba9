"""In chromium: signing with "Upload a picture". The chosen picture shows without "Draw
your signature in the box with your mouse or finger." above it (it stood there, over a
picture nobody drew), the upload is labelled for what the field asks (initials said
"Or upload a picture of your handwritten signature", an "Or" after the signer had chosen
to upload), and Clear takes the picture away without leaving an empty drawing box."""

import struct
import zlib
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from tests.browser.conftest import LiveServer
from tests.browser.signer_helpers import agree, new_envelope, shot

pytestmark = pytest.mark.browser

FORM = {
    "name": "Picture signature",
    "roles": [{"key": "customer", "name": "Customer", "stage": 1}],
    "sections": [
        {
            "key": "sign",
            "title": "Sign",
            "role": "customer",
            "fields": [
                {"key": "initials", "component": "initials", "label": "Your initials"},
                {"key": "signature", "component": "signature", "label": "Your signature"},
            ],
        }
    ],
}


def white_png(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    rows = b"".join(b"\x00" + b"\xff" * 3 * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


@pytest.mark.timeout(60)
def test_an_uploaded_signature_picture_reads_as_one(
    browser: Browser, live_server: LiveServer, tmp_path: Path
) -> None:
    picture = tmp_path / "signature.png"
    picture.write_bytes(white_png(300, 100))
    context = browser.new_context(viewport={"width": 390, "height": 844})
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.goto(new_envelope(live_server, FORM))
    agree(page)
    initials, signature = page.locator("#field-initials"), page.locator("#field-signature")
    initials.get_by_role("radio", name="Upload a picture").check()
    expect(initials.get_by_label("Upload a picture of your handwritten initials")).to_be_visible()
    signature.get_by_role("radio", name="Upload a picture").check()
    upload = signature.get_by_label("Upload a picture of your handwritten signature")
    expect(upload).to_be_visible()
    expect(signature).to_contain_text("PNG or JPG, up to 5 MB.")
    expect(signature).not_to_contain_text("Or upload")

    upload.set_input_files(picture)
    expect(signature.locator("[data-signature-preview]")).to_be_visible()
    expect(signature.get_by_text("Draw your signature in the box")).to_be_hidden()
    expect(signature.locator("canvas")).to_be_hidden()
    shot(page, "signature-picture-uploaded")

    signature.get_by_role("button", name="Clear").click()
    expect(signature.locator("[data-signature-preview]")).to_be_hidden()
    expect(signature.locator("canvas")).to_be_hidden()  # no empty drawing box under "Upload"
    expect(upload).to_be_visible()

    signature.get_by_role("radio", name="Draw").check()
    expect(signature.get_by_text("Draw your signature in the box")).to_be_visible()
    expect(signature.locator("canvas")).to_be_visible()
    context.close()


@pytest.mark.timeout(60)
def test_a_picture_over_the_limit_is_refused_before_it_is_sent(
    browser: Browser, live_server: LiveServer, tmp_path: Path
) -> None:
    """A phone need not send 6 MB to learn it is too large: the page names the limit the
    hint gave, at once, and nothing reaches the server."""
    picture = tmp_path / "big.png"
    picture.write_bytes(white_png(2, 2) + b"\0" * (6 * 1024 * 1024))
    context = browser.new_context(viewport={"width": 375, "height": 800})
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.goto(new_envelope(live_server, FORM))
    agree(page)
    sent: list[str] = []
    page.on("request", lambda r: sent.append(r.url) if "/signature/" in r.url else None)
    signature = page.locator("#field-signature")
    signature.get_by_role("radio", name="Upload a picture").check()
    signature.get_by_label("Upload a picture of your handwritten signature").set_input_files(
        picture
    )
    error = signature.locator("[data-signature-upload-error]")
    expect(error).to_have_text("The picture of your signature must be smaller than 5 MB")
    expect(signature.locator("[data-signature-preview]")).to_be_hidden()
    shot(page, "signature-picture-too-large")
    assert sent == []
    context.close()


@pytest.mark.timeout(60)
def test_a_refused_picture_is_not_said_saved(
    browser: Browser, live_server: LiveServer, tmp_path: Path
) -> None:
    """docs/signer-help.md: after a file is refused the note beside Continue says
    "Not uploaded:" and why, not "Saved". A refused signature picture left the "✓ Saved"
    of the answers before it there, as if the picture had been taken."""
    wrong, good = tmp_path / "scan.png", tmp_path / "signature.png"
    wrong.write_bytes(b"not a picture at all")
    good.write_bytes(white_png(300, 100))
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.goto(new_envelope(live_server, FORM))
    agree(page)
    status = page.locator("#autosave-status")
    signature = page.locator("#field-signature")
    signature.get_by_role("radio", name="Upload a picture").check()
    expect(status).to_have_text("Saved")  # the way of signing is kept

    upload = signature.get_by_label("Upload a picture of your handwritten signature")
    upload.set_input_files(wrong)  # refused by the server: not a PNG or JPG
    refusal = "The picture of your signature must be a PNG or JPG image"
    expect(signature.locator("[data-signature-upload-error]")).to_have_text(refusal)
    expect(status).to_have_text(f"Not uploaded: {refusal}")
    shot(page, "signature-picture-refused-status")

    upload.set_input_files(good)  # a new choice, taken: the refusal goes
    expect(signature.locator("[data-signature-preview]")).to_be_visible()
    expect(status).to_have_text("Saved")
    context.close()


@pytest.mark.timeout(60)
def test_the_picture_button_speaks_the_pages_language(
    browser: Browser, live_server: LiveServer, tmp_path: Path
) -> None:
    """The signature picture's file button was the browser's own ("Choose File / No file
    chosen" on a French page of an English browser), unlike an attachment's: it is the
    page's button now, which opens the chooser; the keyboard still reaches the input."""
    picture = tmp_path / "signature.png"
    picture.write_bytes(white_png(300, 100))
    context = browser.new_context(viewport={"width": 375, "height": 800}, locale="en-GB")
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.goto(new_envelope(live_server, FORM))
    agree(page)
    page.locator(".language-switcher select").select_option("fr")
    page.locator(".language-switcher button").click()
    signature = page.locator("#field-signature")
    signature.get_by_role("radio", name="Téléverser une image").check()
    choose = signature.locator("[data-signature-choose]")
    expect(choose).to_have_text("Choisir un fichier")
    chooser = page.locator("#input-signature__upload")
    assert chooser.evaluate("e => getComputedStyle(e).opacity") == "0"
    shot(page, "signature-picture-button-fr")

    chooser.focus()  # by keyboard: the input takes the focus, and the button shows it
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "input-signature__upload"
    assert choose.evaluate("e => getComputedStyle(e).outlineStyle") == "solid"
    with page.expect_file_chooser() as chosen:
        choose.click()
    chosen.value.set_files(picture)
    expect(signature.locator("[data-signature-preview]")).to_be_visible()
    context.close()
