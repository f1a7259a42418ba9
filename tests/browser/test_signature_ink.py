"""A drawn signature is saved as ink only (a transparent PNG): in the sealed PDF it is
drawn over the signature line, which a white canvas used to hide."""

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.signer_helpers import (
    agree,
    continue_,
    draw_signature,
    expect_step,
    fill_step_one,
)

pytestmark = pytest.mark.browser

#: the alpha of a corner pixel and of the most opaque pixel of a data: URL's picture
ALPHA = """async (src) => {
  const image = new Image();
  image.src = src;
  await image.decode();
  const canvas = document.createElement("canvas");
  canvas.width = image.naturalWidth; canvas.height = image.naturalHeight;
  const context = canvas.getContext("2d");
  context.drawImage(image, 0, 0);
  const pixels = context.getImageData(0, 0, canvas.width, canvas.height).data;
  let most = 0;
  for (let i = 3; i < pixels.length; i += 4) { most = Math.max(most, pixels[i]); }
  return [pixels[3], most];
}"""


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


@pytest.mark.timeout(60)
def test_a_drawn_signature_is_saved_as_ink_on_a_transparent_background(
    page: Page, signing_link: str
) -> None:
    page.goto(signing_link)
    agree(page)
    fill_step_one(page)
    page.get_by_label("I have read and accept the terms of this service agreement").check()
    draw_signature(page)
    continue_(page)
    expect_step(page, 3, 3, "Check your answers before signing")
    drawn = page.get_by_role("img", name="Your drawn signature")
    expect(drawn).to_be_visible()
    corner, ink = page.evaluate(ALPHA, drawn.get_attribute("src"))
    assert corner == 0 and ink == 255
