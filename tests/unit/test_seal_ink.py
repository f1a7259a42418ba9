"""Signatures and company stamps in the sealed PDF are ink only: their paper never hides
the signature line or the words beneath (runtime/sealing/ink.py, pdf.css)."""

from __future__ import annotations

import base64
import io
import subprocess
from dataclasses import replace
from pathlib import Path

from PIL import Image, ImageDraw

from runtime.sealing.document import assets_dir, build_document_html, prepare_blocks
from runtime.sealing.ink import ink_only
from runtime.sealing.render import render_pdf
from runtime.sealing.sample import sample_seal_input

THEMES = Path(__file__).resolve().parents[2] / "themes"


def _uri(image: Image.Image, kind: str = "PNG") -> str:
    out = io.BytesIO()
    image.save(out, kind)
    return f"data:image/{kind.lower()};base64," + base64.b64encode(out.getvalue()).decode()


def _alpha(image: Image.Image, x: int, y: int) -> int:
    pixel = image.getpixel((x, y))
    assert isinstance(pixel, tuple)
    return int(pixel[3])


def _decode(uri: str) -> Image.Image:
    return Image.open(io.BytesIO(base64.b64decode(uri.split(",", 1)[1]))).convert("RGBA")


def _old_drawing() -> Image.Image:
    """A signature as the pad saved it before: dark ink on an opaque white canvas."""
    image = Image.new("RGB", (300, 100), "white")
    ImageDraw.Draw(image).line(
        [(10, 80), (80, 20), (150, 85), (290, 30)], fill=(10, 20, 60), width=5
    )
    return image


def test_a_white_canvas_drawing_keeps_its_ink_and_loses_its_paper() -> None:
    for kind in ("PNG", "JPEG"):
        ink = _decode(ink_only(_uri(_old_drawing(), kind)))
        assert _alpha(ink, 2, 2) == 0  # the white canvas: transparent
        assert _alpha(ink, 80, 20) == 255  # the stroke: opaque, its colour kept
        pixel = ink.getpixel((80, 20))
        assert isinstance(pixel, tuple) and pixel[2] < 90


def test_a_drawing_with_transparency_keeps_its_ink_and_its_transparency() -> None:
    image = Image.new("RGBA", (300, 100), (0, 0, 0, 0))  # the pad's transparent black
    draw = ImageDraw.Draw(image)
    draw.line([(10, 80), (290, 30)], fill=(10, 20, 60, 255), width=5)
    draw.point((150, 10), fill=(10, 20, 60, 128))  # a soft edge of a stroke
    draw.rectangle((200, 70, 240, 95), fill=(255, 255, 255, 255))  # an old draft's white
    ink = _decode(ink_only(_uri(image)))
    assert list(ink.getchannel("A").tobytes()[:100]) == [0] * 100
    assert _alpha(ink, 10, 80) == 255 and _alpha(ink, 150, 10) == 128
    assert _alpha(ink, 220, 90) == 0
    assert ink_only("data:image/png;base64,not a picture") == "data:image/png;base64,not a picture"


def test_stored_signatures_and_stamps_are_drawn_ink_only() -> None:
    """Old signatures stay as stored (the document hash reads the blocks); only the
    picture the PDF draws loses its paper."""
    old = _uri(_old_drawing())
    blocks = [
        {"kind": "signature", "role": "A", "name": "Ann", "image": old, "signed_at": None},
        {"kind": "signature", "role": "B", "name": "Bo", "stamp": old, "signed_at": None},
    ]
    drawn, stamped = prepare_blocks(blocks)[0]["signatures"]
    assert _alpha(_decode(drawn["image"]), 2, 2) == 0
    assert _alpha(_decode(stamped["stamp"]), 2, 2) == 0
    assert blocks[0]["image"] == old


def _longest_dark_run(png: Path, left: int) -> int:
    """The longest horizontal run of dark pixels right of `left` on the page."""
    page = Image.open(png).convert("L")
    width, height = page.size
    pixels = page.tobytes()
    best = 0
    for y in range(height):
        run = 0
        for x in range(left, width):
            run = run + 1 if pixels[y * width + x] < 128 else 0
            best = max(best, run)
    return best


def test_an_opaque_scanned_stamp_leaves_the_signature_line_whole(tmp_path: Path) -> None:
    """A JPEG stamp on off-white paper, laid over the line as an inked stamp is: the whole
    line (and the name under it) still shows."""
    stamp = Image.new("RGB", (400, 400), (246, 244, 238))
    ImageDraw.Draw(stamp).ellipse((20, 20, 380, 380), outline=(30, 60, 160), width=14)
    seal_input = sample_seal_input(language="en")
    seal_input = replace(
        seal_input,
        blocks=[
            {"kind": "paragraph", "html": "<p>Agreed.</p>"},
            {"kind": "signature", "role": "Client", "name": "Ann", "image": None,
             "typed": "Ann", "signed_at": "2026-11-23T14:05:12Z"},
            {"kind": "signature", "role": "Company", "name": "Acme Ltd", "image": None,
             "typed": None, "stamp": _uri(stamp, "JPEG"), "signed_at": "2026-11-23T15:40:00Z"},
        ],
    )  # fmt: skip
    html = build_document_html(seal_input, themes_dir=THEMES)
    pdf = tmp_path / "doc.pdf"
    pdf.write_bytes(render_pdf(html, assets_dir=assets_dir(seal_input, themes_dir=THEMES)))
    subprocess.run(
        ["pdftoppm", "-png", "-r", "72", "-gray", "-singlefile", "-f", "1", "-l", "1", str(pdf),
         str(tmp_path / "page")],
        check=True, timeout=60,
    )  # fmt: skip
    # A4 at 72 dpi is 595 px wide; the second signature's line starts right of the middle
    # and runs 47% of the 166 mm text width (about 220 px), the stamp covering its first 45 mm.
    assert _longest_dark_run(tmp_path / "page.png", 300) > 200


def test_an_uploaded_photo_of_a_signature_is_stored_without_its_paper() -> None:
    from runtime.signing.uploads import _signature_png

    out = io.BytesIO()
    _old_drawing().save(out, "JPEG")
    stored = Image.open(io.BytesIO(_signature_png(out.getvalue()))).convert("RGBA")
    assert _alpha(stored, 2, 2) == 0 and _alpha(stored, 80, 20) == 255


PALE_RED = (240, 150, 150)
PALE_BLUE = (170, 200, 245)


def _pale_stamp() -> Image.Image:
    """A stamp in pale ink on white: a red ring round a blue disc."""
    stamp = Image.new("RGB", (400, 400), "white")
    draw = ImageDraw.Draw(stamp)
    draw.ellipse((20, 20, 380, 380), outline=PALE_RED, width=30)
    draw.ellipse((140, 140, 260, 260), fill=PALE_BLUE)
    return stamp


def _near(pixel: object, colour: tuple[int, int, int], within: int) -> bool:
    assert isinstance(pixel, tuple)
    return all(abs(int(a) - b) <= within for a, b in zip(pixel[:3], colour, strict=True))


def test_a_pale_stamp_keeps_its_colour_and_loses_only_its_paper() -> None:
    """Only the paper goes: on white the ink looks as it was, not paler (the colour is
    unmixed from the paper, so what stays transparent is paper, not part of the ink)."""
    ink = _decode(ink_only(_uri(_pale_stamp())))
    assert _alpha(ink, 2, 2) == 0
    on_white = Image.new("RGBA", ink.size, "white")
    on_white.alpha_composite(ink)
    assert _near(on_white.getpixel((35, 200)), PALE_RED, 1)
    assert _near(on_white.getpixel((200, 200)), PALE_BLUE, 1)


def test_a_pale_stamp_prints_in_its_own_colour(tmp_path: Path) -> None:
    """In the sealed PDF the stamp's pale red and blue are the colours uploaded."""
    seal_input = replace(
        sample_seal_input(language="en"),
        blocks=[
            {"kind": "signature", "role": "Company", "name": "Acme Ltd", "image": None,
             "typed": None, "stamp": _uri(_pale_stamp()), "signed_at": "2026-11-23T15:40:00Z"},
        ],
    )  # fmt: skip
    html = build_document_html(seal_input, themes_dir=THEMES)
    pdf = tmp_path / "doc.pdf"
    pdf.write_bytes(render_pdf(html, assets_dir=assets_dir(seal_input, themes_dir=THEMES)))
    subprocess.run(
        ["pdftoppm", "-png", "-r", "96", "-singlefile", "-f", "1", "-l", "1", str(pdf),
         str(tmp_path / "page")],
        check=True, timeout=60,
    )  # fmt: skip
    page = Image.open(tmp_path / "page.png").convert("RGB")
    colours = page.getcolors(maxcolors=1 << 20) or []
    for colour in (PALE_RED, PALE_BLUE):
        matching = sum(count for count, pixel in colours if _near(pixel, colour, 6))
        assert matching > 100, colour  # before: a paler (248, 204, 204) and (224, 235, 250)
