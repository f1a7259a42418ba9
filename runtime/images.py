"""How many pixels an uploaded picture declares, read from its header (nothing is decoded).

A PNG of a few hundred KB can declare 176 million pixels, which take 1.4 GB to decode, and
Pillow's own limit only warns up to 179 million and raises past it. Every upload that Pillow
will decode (a signer's picture, a stamp, a brand logo) is measured here first.
"""

import base64
import binascii
import io
import warnings
from collections.abc import Callable
from typing import BinaryIO

#: Pictures are decoded whole for thumbnails, signatures and the sealed PDF. 50 megapixels
#: still takes any phone photo at its normal resolution (a 48-50 MP camera mode too).
MAX_IMAGE_PIXELS = 50_000_000


def image_pixels(data: bytes | BinaryIO) -> int:
    """How many pixels a picture declares in its header (nothing is decoded); 0 for anything
    Pillow cannot read, which the caller treats as it treats a damaged picture."""
    from PIL import Image, UnidentifiedImageError

    source = io.BytesIO(data) if isinstance(data, bytes | bytearray) else data
    position = source.tell()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(source) as image:
                width, height = image.size
    except Image.DecompressionBombError:  # over twice Pillow's own limit: surely too many
        return 2 * Image.MAX_IMAGE_PIXELS + 1 if Image.MAX_IMAGE_PIXELS else MAX_IMAGE_PIXELS + 1
    except (UnidentifiedImageError, OSError, ValueError):
        return 0
    finally:
        source.seek(position)
    return width * height


def too_many_pixels(data: bytes | BinaryIO, limit: int = MAX_IMAGE_PIXELS) -> bool:
    return image_pixels(data) > limit


def rewrite_data_uri(
    data_uri: str, prefixes: tuple[str, ...], transform: Callable[[bytes], bytes | None]
) -> str:
    """An inline picture (`data:image/...;base64,`) redrawn by `transform` as a PNG data URI;
    unchanged when it has none of `prefixes`, cannot be decoded, has too many pixels, or
    `transform` fails or returns None (the renderer then shows it, or not, as before)."""
    if not data_uri.startswith(prefixes):
        return data_uri
    try:
        data = base64.b64decode(data_uri.split(",", 1)[1], validate=True)
    except (binascii.Error, ValueError):
        return data_uri
    if not 0 < image_pixels(data) <= MAX_IMAGE_PIXELS:
        return data_uri
    try:
        png = transform(data)
    except Exception:  # noqa: BLE001 - Pillow raises many kinds for damaged pictures
        return data_uri
    return data_uri if png is None else "data:image/png;base64," + base64.b64encode(png).decode()
