"""An organisation's logo with a transparent background keeps it in the sealed PDF: the
page shows through around it (its alpha is the image's soft mask), never a white box."""

from __future__ import annotations

import base64
import io
import subprocess
import tempfile
from pathlib import Path

import pytest
from PIL import Image, ImageDraw
from pypdf import PdfReader

from runtime.branding.brand import Brand
from runtime.branding.logo import clean_logo
from runtime.sealing.document import assets_dir, build_document_html
from runtime.sealing.render import render_document
from runtime.sealing.sample import sample_seal_input

THEMES = Path(__file__).resolve().parents[2] / "themes"


def _transparent_logo() -> bytes:
    image = Image.new("RGBA", (300, 120), (0, 0, 0, 0))
    ImageDraw.Draw(image).ellipse((10, 10, 110, 110), fill=(200, 30, 30, 255))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def test_a_transparent_logo_keeps_its_transparency_in_the_pdf() -> None:
    logo = clean_logo(_transparent_logo())  # as uploaded on the brand screen
    uri = "data:image/png;base64," + base64.b64encode(logo).decode()
    brand = Brand(legal_name="Acme Ltd", colour="#0b5d3b", logo_data_uri=uri)
    seal_input = sample_seal_input(brand=brand, blocks=[{"kind": "heading", "text": "A"}])
    html = build_document_html(seal_input, themes_dir=THEMES)
    pdf = render_document(html, assets_dir=assets_dir(seal_input, themes_dir=THEMES)).write_pdf()
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    logos = [x for x in page["/Resources"]["/XObject"].values() if x.get_object()["/Width"] == 300]
    assert len(logos) == 1
    mask = logos[0].get_object()["/SMask"].get_object()
    alpha = Image.frombytes("L", (300, 120), mask.get_data())
    assert alpha.getpixel((250, 10)) == 0 and alpha.getpixel((60, 60)) == 255


def test_a_light_logo_has_no_dark_outline_in_the_pdf() -> None:
    """The transparent pixels round a white word carry white, not the black a PNG usually
    keeps there: a PDF viewer smooths colour and transparency apart and drew the word with
    a grey outline (runtime/sealing/edges.py). The stored logo is unchanged."""
    image = Image.new("RGBA", (300, 120), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rectangle((10, 30, 70, 90), fill=(20, 40, 110, 255))
    draw.rectangle((100, 50, 280, 70), fill=(255, 255, 255, 255))
    out = io.BytesIO()
    image.save(out, format="PNG")
    logo = clean_logo(out.getvalue())
    uri = "data:image/png;base64," + base64.b64encode(logo).decode()
    seal_input = sample_seal_input(
        brand=Brand(legal_name="Acme Ltd", logo_data_uri=uri),
        blocks=[{"kind": "heading", "text": "A"}],
    )
    html = build_document_html(seal_input, themes_dir=THEMES)
    pdf = render_document(html, assets_dir=assets_dir(seal_input, themes_dir=THEMES)).write_pdf()
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    (drawn,) = [
        x.get_object() for x in page["/Resources"]["/XObject"].values()
        if x.get_object()["/Width"] == 300
    ]  # fmt: skip
    colour = Image.frombytes("RGB", (300, 120), drawn.get_data())
    alpha = Image.frombytes("L", (300, 120), drawn["/SMask"].get_object().get_data())
    for x, y in ((98, 60), (190, 48), (190, 72), (282, 60)):  # just outside the white word
        assert alpha.getpixel((x, y)) == 0
        assert colour.getpixel((x, y)) == (255, 255, 255), (x, y)
    assert colour.getpixel((190, 60)) == (255, 255, 255) and alpha.getpixel((190, 60)) == 255
    assert colour.getpixel((40, 60)) == (20, 40, 110)  # the opaque parts as they were
    assert seal_input.brand is not None and seal_input.brand.logo_data_uri == uri  # as stored


def _page_one(brand: Brand) -> Image.Image:
    """Page 1 of a sample document with `brand`, at 50 dpi (about 2 pixels a millimetre)."""
    seal_input = sample_seal_input(brand=brand, blocks=[{"kind": "heading", "text": "A"}])
    html = build_document_html(seal_input, themes_dir=THEMES)
    pdf = render_document(html, assets_dir=assets_dir(seal_input, themes_dir=THEMES)).write_pdf()
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "page.pdf").write_bytes(pdf)
        subprocess.run(  # noqa: S603 - fixed program, our own file
            ["pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "1", "-singlefile",
             str(Path(folder) / "page.pdf"), str(Path(folder) / "page")],
            check=True, timeout=60,
        )  # fmt: skip
        return Image.open(Path(folder) / "page.png").convert("RGB")


@pytest.mark.parametrize(
    ("ink", "on_colour"),
    [((255, 255, 255, 255), True), ((20, 40, 110, 255), False)],
    ids=["white-logo-on-the-colour", "dark-logo-on-the-page"],
)
def test_a_light_logo_stands_on_the_brand_colour_in_the_pdf(
    ink: tuple[int, int, int, int], on_colour: bool
) -> None:
    """A white wordmark on a transparent ground, made (as docs/themes-and-brands.md advises)
    to read on the header's colour, was drawn on the PDF's white page, where it did not
    show at all. Now the PDF sets such a logo on the brand colour; a dark one stays as it is."""
    image = Image.new("RGBA", (300, 120), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((10, 10, 110, 110), outline=ink, width=14)
    draw.rectangle((130, 45, 290, 75), fill=ink)
    out = io.BytesIO()
    image.save(out, format="PNG")
    uri = "data:image/png;base64," + base64.b64encode(clean_logo(out.getvalue())).decode()
    page = _page_one(Brand(legal_name="Acme Ltd", colour="#0b5d3b", logo_data_uri=uri))
    # the logo's place: from the page's top-left margin (24 mm down, 22 mm in), 25 × 12 mm
    logo = page.crop((44, 48, 44 + 50, 48 + 24))
    green = sum(
        1
        for pixel in logo.get_flattened_data()
        if abs(pixel[0] - 0x0B) < 25 and abs(pixel[1] - 0x5D) < 25 and abs(pixel[2] - 0x3B) < 25
    )
    if on_colour:
        assert green > logo.width * logo.height // 3, green
        # the white logo shows on it
        assert any(min(pixel) > 230 for pixel in logo.get_flattened_data())
    else:
        assert green == 0, green
