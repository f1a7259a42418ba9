"""Attachments and signatures in chromium: uploads with progress and thumbnails, remove and
replace, a typed signature by keyboard alone, initials, axe on every page, phone screens.
The upload-to-sealed test runs on SQLite and PostgreSQL (`engine_server`): files, drafts,
the signature and the seal job all go through the database."""

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.browser.conftest import LiveServer
from tests.browser.signer_helpers import WIZARD, agree, assert_accessible, new_envelope, shot

pytestmark = pytest.mark.browser


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    ctx = browser.new_context(viewport={"width": 1100, "height": 900})
    ctx.set_default_timeout(10_000)
    yield ctx
    ctx.close()


def files(tmp_path: Path) -> dict[str, Path]:
    from PIL import Image, ImageDraw

    photo = tmp_path / "bill photo.png"
    image = Image.new("RGB", (600, 800), "white")
    draw = ImageDraw.Draw(image)
    for y in range(80, 760, 40):
        draw.line((60, y, 540, y), fill=(40, 60, 120), width=6)
    image.save(photo)
    fake = tmp_path / "statement.pdf"
    fake.write_bytes(b"<!doctype html><script>alert(1)</script>")
    return {"photo": photo, "fake": fake}


def through_first_step(page: Page, link: str) -> None:
    page.goto(link)
    agree(page)
    page.get_by_label("Full name").fill("Sam Supplier")
    page.get_by_label("No, as a private person").check()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Documents")


@pytest.mark.timeout(150)
def test_uploads_signatures_and_the_review_by_keyboard(
    context: BrowserContext, engine_server: LiveServer, tmp_path: Path
) -> None:
    link = new_envelope(engine_server, WIZARD)
    page = context.new_page()
    made = files(tmp_path)
    through_first_step(page, link)
    upload = page.get_by_label("Proof of address")
    upload.set_input_files(str(made["fake"]))
    expect(page.locator("#field-proof [data-upload-error]")).to_contain_text(
        "must be a PDF, PNG or JPG"
    )
    upload.set_input_files(str(made["photo"]))
    item = page.locator(".file-list__item")
    expect(item).to_have_count(1)
    expect(item.locator(".file-list__name")).to_have_text("bill photo.png")
    page.wait_for_function(
        "() => { const i = document.querySelector('.file-list__thumb'); return i && i.complete && i.naturalWidth > 0; }"
    )
    assert_accessible(page, "documents step with a file")
    shot(page, "signer-attachments")
    # remove, then add it again
    item.get_by_role("button", name=re.compile("^Remove")).click()
    expect(page.locator(".file-list__item")).to_have_count(0)
    upload.set_input_files(str(made["photo"]))
    expect(page.locator(".file-list__item")).to_have_count(1)
    page.get_by_role("button", name="Continue").click()

    # Sign by keyboard only: initials and signature typed.
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign")
    assert_accessible(page, "sign step")
    page.get_by_role("radio", name="Type").first.focus()
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    page.keyboard.type("SS")
    typed_initials = page.get_by_label("Type your initials")
    expect(typed_initials).to_have_value("SS")
    page.get_by_role("group", name="Your signature").get_by_role("radio", name="Type").check()
    signature = page.get_by_label("Type your full name to sign")
    signature.focus()
    page.keyboard.type("Sam Supplier")
    font = signature.evaluate("el => getComputedStyle(el).fontFamily")
    assert "Dancing Script" in font
    page.wait_for_function("() => document.fonts.check('24px \"Dancing Script\"')")
    shot(page, "signer-signature-typed")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.outerHTML")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none", f"no visible focus on {focused}"
    page.get_by_role("button", name="Continue").focus()
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Check your answers before signing")
    expect(page.locator(".typed-signature").last).to_have_text("Sam Supplier")
    expect(page.locator(".summary-files")).to_contain_text("bill photo.png")
    assert_accessible(page, "check your answers")
    shot(page, "signer-review")
    page.get_by_role("button", name="Sign and finish").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Signed")
    # The page refreshes itself until the worker has sealed; a busy shared server may need a while.
    page.get_by_role("link", name="Download the sealed PDF").wait_for(timeout=90_000)
    assert_accessible(page, "confirmation")
    shot(page, "signer-done")


@pytest.mark.timeout(120)
def test_every_signer_page_fits_a_phone_and_passes_axe_in_every_language(
    browser: Browser, live_server: LiveServer, tmp_path: Path
) -> None:
    link = new_envelope(live_server, WIZARD)
    context = browser.new_context(
        viewport={"width": 375, "height": 667}, is_mobile=True, has_touch=True
    )
    context.set_default_timeout(10_000)

    def fits(page: Page, where: str) -> None:
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 375, f"{where}: the page is {width}px wide at 375px"
        for target in page.locator(
            ".button, .input, .select, .signature-modes__option, .language-switcher__button"
        ).all():
            if target.is_visible():
                box = target.bounding_box()
                assert box and box["height"] >= 44, f"{where}: a tap target is under 44px"

    try:
        page = context.new_page()
        page.goto(link)
        fits(page, "consent")
        shot(page, "signer-mobile-consent")
        agree(page)
        fits(page, "step 1")
        page.get_by_label("Yes, as a company").check()
        expect(page.get_by_label("Company name")).to_be_visible()
        page.get_by_role("button", name="Continue").click()
        expect(page.locator(".error-summary")).to_be_focused()
        fits(page, "step 1 with errors")
        assert_accessible(page, "phone: step 1 with errors")
        shot(page, "signer-mobile-errors")
        for language, continue_label in [
            ("fr", "Continuer"),
            ("zh-CN", "继续"),
            ("ms", "Teruskan"),
            ("vi", "Tiếp tục"),
        ]:
            page.select_option("#language-choice", language)
            page.locator(".language-switcher__button").click()
            # the page is left once what was typed is saved (signer.js): wait for the new one
            expect(page.locator("button[data-module=continue]")).to_have_text(continue_label)
            assert page.evaluate("document.documentElement.lang") in (language, "zh-Hans")
            fits(page, f"step 1 in {language}")
            assert_accessible(page, f"phone: step 1 in {language}")
            shot(page, f"signer-mobile-{language}")
        page.select_option("#language-choice", "en")
        page.locator(".language-switcher__button").click()
        expect(page.locator("button[data-module=continue]")).to_have_text("Continue")
        page.get_by_label("Full name").fill("Sam Supplier")
        page.get_by_label("Company name").fill("Northwind")
        page.get_by_role("button", name="Continue").click()
        page.get_by_label("VAT number").fill("GB123")
        page.get_by_role("button", name="Continue").click()
        # measure the next step once it is there, not the page being left
        expect(page.get_by_label("Proof of address")).to_be_attached()
        fits(page, "documents")
        page.get_by_label("Proof of address").set_input_files(str(files(tmp_path)["photo"]))
        expect(page.locator(".file-list__item")).to_have_count(1)
        fits(page, "documents with a file")
        shot(page, "signer-mobile-attachments")
        page.get_by_role("button", name="Continue").click()
        canvas = page.locator("canvas.signature-pad__canvas").last
        expect(canvas).to_be_visible()
        fits(page, "sign")
        box = canvas.bounding_box()
        assert box is not None
        page.touchscreen.tap(box["x"] + 40, box["y"] + 40)
        shot(page, "signer-mobile-sign")
    finally:
        context.close()
