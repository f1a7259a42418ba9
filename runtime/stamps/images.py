"""Checking and re-encoding a stamp image before it is stored.

The type is decided by the bytes, never the file name: PNG and JPEG only (SVG can carry
scripts and external references, so it is refused outright). Pillow decodes the image and
writes a fresh PNG, which drops metadata, trailing data and anything smuggled in chunks.
"""

import hashlib
import io
import math
import warnings
from dataclasses import dataclass

from PIL import Image, UnidentifiedImageError

from runtime.images import too_many_pixels

#: 2 MB of 1,000,000 bytes, as every size formseal names (it was 2 MiB, read "2 MB")
MAX_UPLOAD_BYTES = 2_000_000
"""The largest upload accepted, before decoding."""
MAX_PIXELS_SIDE = 5000
MAX_PIXELS = MAX_PIXELS_SIDE * MAX_PIXELS_SIDE
"""Refused before decoding, by the size the header declares: a small file can claim a huge
canvas (a decompression bomb). Stricter than a signer's pictures: a stamp or logo is small."""
TOO_MANY_PIXELS = "The image has more than 25 million pixels; use at most 5000×5000."
MAX_SIDE = 1200
"""Larger images are scaled down: a stamp prints at a few centimetres."""
MIN_SIDE = 16

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
JPEG_MAGIC = b"\xff\xd8\xff"


class StampImageError(ValueError):
    """The upload is not a usable stamp image; the message says why, for the uploader."""


@dataclass(frozen=True)
class StampImage:
    """A re-encoded stamp: always a PNG."""

    data: bytes
    width: int
    height: int

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    content_type = "image/png"


def sniff(data: bytes) -> str | None:
    """'png', 'jpeg', 'svg' or None, from the first bytes."""
    if data.startswith(PNG_MAGIC):
        return "png"
    if data.startswith(JPEG_MAGIC):
        return "jpeg"
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<svg", b"<?xml", b"<!doctype svg")) or b"<svg" in head:
        return "svg"
    return None


def clean_stamp_image(data: bytes) -> StampImage:
    """Check an upload and return it re-encoded as PNG; raises StampImageError."""
    if not data:
        raise StampImageError("Choose an image file for the stamp.")
    if len(data) > MAX_UPLOAD_BYTES:
        raise StampImageError(
            f"The image is {math.ceil(len(data) / 10**5) / 10:g} MB; stamps may be at most "
            f"{MAX_UPLOAD_BYTES // 10**6} MB."
        )
    kind = sniff(data)
    if kind == "svg":
        raise StampImageError(
            "SVG images are not accepted for stamps (they can contain scripts); "
            "upload a PNG or JPEG."
        )
    if kind is None:
        raise StampImageError("The file is not a PNG or JPEG image.")
    png, width, height = reencode_png(data, max_side=MAX_SIDE, error=StampImageError)
    return StampImage(png, width, height)


def reencode_png(
    data: bytes, *, max_side: int, error: type[ValueError], min_side: int = MIN_SIDE
) -> tuple[bytes, int, int]:
    """Decode a sniffed PNG or JPEG with Pillow (decompression bombs refused) and write it
    out as a fresh PNG of at most `max_side` pixels, without metadata: (png, width, height).
    Shared by stamps and brand logos; problems are raised as `error` for the uploader."""
    # Measured before Pillow's own bomb check, which answered a 176-million-pixel PNG with
    # "could not be read (DecompressionBombWarning)" and one over 179 million with a 500.
    if too_many_pixels(data, MAX_PIXELS):
        raise error(TOO_MANY_PIXELS)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=["PNG", "JPEG"]) as image:
                width, height = image.size
                if width * height > MAX_PIXELS:  # measured above; kept should Pillow differ
                    raise error(TOO_MANY_PIXELS)
                image.load()
                if min(width, height) < min_side:
                    raise error(
                        f"The image is too small; use at least {min_side}×{min_side} pixels."
                    )
                has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
                clean = image.convert("RGBA" if has_alpha else "RGB")
                clean.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
                out = io.BytesIO()
                clean.save(out, format="PNG", optimize=True)  # no pnginfo, no exif
                return out.getvalue(), clean.width, clean.height
    except error:
        raise
    except (
        UnidentifiedImageError,
        Image.DecompressionBombError,
        OSError,
        SyntaxError,
        ValueError,
        Warning,
    ) as exc:
        raise error(f"The image could not be read ({type(exc).__name__}).") from None
