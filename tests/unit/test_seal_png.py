"""runtime/sealing/png.py: the PNG the seal draws its QR code and sample signature with
reads back as the pixels it was given."""

from io import BytesIO

from PIL import Image

from runtime.sealing.png import png


def test_a_bilevel_png_reads_back_as_its_pixels() -> None:
    # two rows of 9 pixels, 1 bit each: a row takes two bytes after its filter byte
    scanlines = bytes([0, 0b10101010, 0b10000000, 0, 0b01010101, 0b00000000])
    image = Image.open(BytesIO(png(9, 2, scanlines, bit_depth=1, colour_type=0, level=9)))
    assert (image.size, image.mode) == ((9, 2), "1")
    first = [image.getpixel((x, 0)) for x in range(9)]
    second = [image.getpixel((x, 1)) for x in range(9)]
    assert [bool(p) for p in first] == [True, False] * 4 + [True]
    assert [bool(p) for p in second] == [False, True] * 4 + [False]


def test_an_rgba_png_reads_back_as_its_pixels() -> None:
    scanlines = bytes([0, 16, 32, 74, 255, 0, 0, 0, 0])
    image = Image.open(BytesIO(png(2, 1, scanlines, bit_depth=8, colour_type=6)))
    assert image.mode == "RGBA"
    assert [image.getpixel((x, 0)) for x in range(2)] == [(16, 32, 74, 255), (0, 0, 0, 0)]
