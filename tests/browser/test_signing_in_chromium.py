"""A signer in a real browser: the demo link, every step, a drawn signature, the sealed PDF.

Runs against a live `formseal serve` (see conftest.py), so the seal job, the download and
`formseal verify` are the real thing. Checks what a person would see, and then checks the
PDF with tools that know nothing about formseal (poppler's pdfsig, pdftotext, pdfimages).
"""

import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.browser.conftest import LiveServer
from tests.browser.signer_helpers import (
    FULL_NAME,
    agree,
    continue_,
    draw_signature,
    expect_step,
    fill_step_one,
    shot,
)

pytestmark = pytest.mark.browser

EMAIL = "alex@example.com"  # prefilled by `formseal demo`
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
SEAL_WAIT_MS = 30_000


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    ctx.set_default_timeout(10_000)
    yield ctx
    ctx.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()


INK = """() => {
  const canvas = document.querySelector("canvas.signature-pad__canvas");
  const pixels = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
  let dark = 0;
  for (let i = 0; i < pixels.length; i += 4) { if (pixels[i + 3] > 128 && pixels[i] < 128) dark++; }
  return dark;
}"""


def review_value(page: Page, label: str) -> str:
    row = page.locator(".summary-list__row").filter(
        has=page.locator(".summary-list__key", has_text=re.compile(f"^{re.escape(label)}$"))
    )
    expect(row).to_have_count(1)
    return row.locator(".summary-list__value").inner_text().strip()


def run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)


def images_on_page(pdf: Path, page_number: int) -> int:
    """Rows of `pdfimages -list` that are images (not soft masks) on the given page."""
    listing = run("pdfimages", "-list", str(pdf))
    assert listing.returncode == 0, listing.stderr
    rows = [line.split() for line in listing.stdout.splitlines()[2:]]
    return sum(1 for r in rows if len(r) > 2 and r[0] == str(page_number) and r[2] == "image")


@pytest.mark.timeout(90)
def test_signer_draws_signs_and_downloads_a_valid_sealed_pdf(
    page: Page, cli_signing_link: str, live_server: LiveServer, poppler: None, tmp_path: Path
) -> None:
    page.goto(cli_signing_link)
    agree(page)
    expect_step(page, 1, 3, "Your details")
    expect(page.get_by_label("Email address")).to_have_value(EMAIL)
    # The date box shows the browser's order (mm/dd/yyyy in en-US): the hint names the
    # example in words, so it cannot contradict the box.
    expect(page.locator("#hint-start_date")).to_have_text("For example, 27 March 2027.")
    shot(page, "signer-date-hint")

    # An empty step comes back with the summary at the top and each message by its field.
    continue_(page)
    expect_step(page, 1, 3, "Your details")
    summary = page.locator(".error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(summary.get_by_role("heading")).to_have_text("There is a problem")
    links = summary.locator("li a")
    expect(links).to_have_count(2)
    wanted = {"field-full_name": "full name", "field-start_date": "service start date"}
    for i in range(2):
        link = links.nth(i)
        message = link.inner_text().strip()
        target = (link.get_attribute("href") or "").lstrip("#")
        assert target in wanted, f"summary links to #{target}"
        assert wanted.pop(target) in message.lower()
        beside = page.locator(f"#{target} .field-error")
        expect(beside).to_be_visible()
        expect(beside).to_contain_text(message)
    assert page.title().startswith("Error:")
    expect(page.get_by_label("Email address")).to_have_value(EMAIL)

    fill_step_one(page)
    expect_step(page, 2, 3, "Agree and sign")
    page.get_by_label("I have read and accept the terms of this service agreement").check()
    draw_signature(page)
    continue_(page)

    expect_step(page, 3, 3, "Check your answers before signing")
    assert review_value(page, "Full name") == FULL_NAME
    assert review_value(page, "Email address") == EMAIL
    assert review_value(page, "Service start date") == "27 March 2027"
    assert review_value(page, "Company name (optional)") == "Not provided"
    assert review_value(page, "I have read and accept the terms of this service agreement") == "Yes"
    signature = page.get_by_role("img", name="Your drawn signature")
    expect(signature).to_be_visible()
    assert (signature.get_attribute("src") or "").startswith("data:image/png;base64,")
    assert signature.evaluate("img => img.complete && img.naturalWidth > 0")
    expect(page.get_by_role("link", name=re.compile(r"^Change"))).to_have_count(7)

    page.get_by_role("button", name="Sign and finish").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Signed")
    reference = page.locator(".panel .reference").inner_text().strip()
    assert UUID.match(reference), reference

    # The confirmation page refreshes itself every 2 s until the seal job is done.
    download_link = page.get_by_role("link", name="Download the sealed PDF")
    download_link.wait_for(state="visible", timeout=SEAL_WAIT_MS)
    with page.expect_download() as info:
        download_link.click()
    download = info.value
    assert download.suggested_filename == f"Service agreement – {reference[:8]}.pdf"
    pdf = tmp_path / download.suggested_filename
    download.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF-")

    pdfsig = run("pdfsig", str(pdf))
    assert "Signature is Valid." in pdfsig.stdout, pdfsig.stdout + pdfsig.stderr

    verify = live_server.formseal("verify", str(pdf), check=False)
    assert verify.returncode == 0, verify.stdout + verify.stderr
    assert verify.stdout.startswith("VALID") and reference in verify.stdout, verify.stdout

    text = run("pdftotext", "-layout", str(pdf), "-")
    assert text.returncode == 0, text.stderr
    assert FULL_NAME in " ".join(text.stdout.split())

    assert images_on_page(pdf, 1) >= 1, "the drawn signature is not on page 1 of the PDF"


def draw_signature_by_touch(page: Page) -> None:
    """Two strokes with a finger: real touch events through the DevTools protocol, as a
    phone's touchscreen sends them (signature_pad reads them as pointer events)."""
    canvas = page.locator("canvas.signature-pad__canvas")
    expect(canvas).to_be_visible()
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    assert box is not None
    x, y, w, h = box["x"], box["y"], box["width"], box["height"]
    touch = page.context.new_cdp_session(page)
    for stroke in ([(0.1, 0.7), (0.3, 0.2), (0.5, 0.7), (0.7, 0.3)], [(0.15, 0.85), (0.9, 0.8)]):
        points = [{"x": x + w * px, "y": y + h * py} for px, py in stroke]
        touch.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": points[:1]})
        for a, b in zip(points, points[1:], strict=False):
            for i in range(1, 7):
                step = {
                    "x": a["x"] + (b["x"] - a["x"]) * i / 6,
                    "y": a["y"] + (b["y"] - a["y"]) * i / 6,
                }
                touch.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [step]})
        touch.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    touch.detach()


@pytest.mark.timeout(60)
def test_a_signature_drawn_with_a_finger_on_a_phone_reaches_the_review(
    browser: Browser, signing_link: str
) -> None:
    context = browser.new_context(
        viewport={"width": 375, "height": 667}, is_mobile=True, has_touch=True
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    try:
        page.goto(signing_link)
        agree(page)
        fill_step_one(page)
        page.get_by_label("I have read and accept the terms of this service agreement").check()
        draw_signature_by_touch(page)
        page.wait_for_function(f"() => ({INK})() > 100")  # ink on the pad
        continue_(page)
        expect_step(page, 3, 3, "Check your answers before signing")
        signature = page.get_by_role("img", name="Your drawn signature")
        expect(signature).to_be_visible()
        assert signature.evaluate("img => img.complete && img.naturalWidth > 0")
        shot(page, "signer-mobile-touch-review")
    finally:
        context.close()


@pytest.mark.timeout(60)
def test_a_drawn_signature_stays_visible_after_going_back_and_resizing(
    page: Page, signing_link: str
) -> None:
    page.goto(signing_link)
    agree(page)
    fill_step_one(page)
    page.get_by_label("I have read and accept the terms of this service agreement").check()
    draw_signature(page)
    continue_(page)
    drawn = page.get_by_role("img", name="Your drawn signature").get_attribute("src")

    page.get_by_role("link", name="Change Your signature").click()
    expect_step(page, 2, 3, "Agree and sign")
    page.wait_for_function(f"() => ({INK})() > 100")  # the saved signature is drawn back in the box
    for width, height in [(375, 700), (375, 400)]:  # a narrower box; then a phone keyboard
        page.set_viewport_size({"width": width, "height": height})
        page.wait_for_timeout(150)  # let the resize event run
        page.wait_for_function(f"() => ({INK})() > 100", timeout=2_000)
    continue_(page)

    expect_step(page, 3, 3, "Check your answers before signing")
    assert page.get_by_role("img", name="Your drawn signature").get_attribute("src") == drawn


@pytest.mark.timeout(60)
def test_without_javascript_the_signer_types_their_name_and_finishes(
    browser: Browser, signing_link: str
) -> None:
    context = browser.new_context(java_script_enabled=False)
    context.set_default_timeout(10_000)
    try:
        page = context.new_page()
        page.goto(signing_link)
        agree(page)
        expect_step(page, 1, 3, "Your details")
        fill_step_one(page)

        expect_step(page, 2, 3, "Agree and sign")
        expect(page.locator("[data-signature-pad]")).to_be_hidden()
        page.get_by_label("I have read and accept the terms of this service agreement").check()
        page.get_by_label("Type your full name to sign").fill(FULL_NAME)
        continue_(page)

        expect_step(page, 3, 3, "Check your answers before signing")
        assert f"Signed: {FULL_NAME}" in review_value(page, "Your signature")
        page.get_by_role("button", name="Sign and finish").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Signed")
        expect(page.locator(".panel .reference")).to_have_text(UUID)
    finally:
        context.close()


@pytest.mark.timeout(60)
def test_step_pages_fit_a_375px_phone(browser: Browser, signing_link: str) -> None:
    context = browser.new_context(
        viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True
    )
    context.set_default_timeout(10_000)

    def fits(page: Page, where: str) -> None:
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 375, f"{where}: the page is {width}px wide at 375px"
        for target in page.locator(".button, .input, .textarea").all():
            if target.is_visible():
                box = target.bounding_box()
                assert box and box["height"] >= 44, f"{where}: a tap target is under 44px"

    try:
        page = context.new_page()
        page.goto(signing_link)
        agree(page)
        expect_step(page, 1, 3, "Your details")
        fits(page, "step 1")
        continue_(page)
        expect(page.locator(".error-summary")).to_be_visible()
        fits(page, "step 1 with errors")
        fill_step_one(page)
        expect_step(page, 2, 3, "Agree and sign")
        fits(page, "step 2")
        continue_(page)
        expect(page.locator(".error-summary")).to_be_visible()
        fits(page, "step 2 with errors")
        page.get_by_label("I have read and accept the terms of this service agreement").check()
        page.get_by_role("radio", name="Type").check()  # sign by typing instead of drawing
        page.get_by_label(re.compile("type your full name", re.I)).fill(FULL_NAME)
        continue_(page)
        expect_step(page, 3, 3, "Check your answers before signing")
        fits(page, "check your answers")
    finally:
        context.close()
