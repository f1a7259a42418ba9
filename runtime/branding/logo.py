"""Checking and re-encoding a brand logo, as stamps are (runtime/stamps/images.py): PNG or
JPEG decided by the bytes, SVG refused (scripts, external references), decoded by Pillow
and written out as a fresh PNG of at most MAX_SIDE pixels, without metadata."""

import io
import warnings

from PIL import Image, UnidentifiedImageError

from runtime.stamps.images import MAX_PIXELS, sniff

MAX_UPLOAD_BYTES = 1024 * 1024
MAX_SIDE = 600
"""A logo is shown at most a few centimetres wide (page header, mail, PDF)."""
MIN_SIDE = 16
KIND = "brand_logo"


class LogoError(ValueError):
    """The upload is not a usable logo; the message says why, for the uploader."""


def clean_logo(data: bytes) -> bytes:
    """The upload re-encoded as PNG; raises LogoError."""
    if not data:
        raise LogoError("Choose a PNG or JPEG image for the logo.")
    if len(data) > MAX_UPLOAD_BYTES:
        raise LogoError(
            f"The image is {len(data) / 1024 / 1024:.1f} MB; a logo may be at most "
            f"{MAX_UPLOAD_BYTES // 1024} KB."
        )
    kind = sniff(data)
    if kind == "svg":
        raise LogoError(
            "SVG logos are not accepted (they can contain scripts); upload a PNG or JPEG."
        )
    if kind is None:
        raise LogoError("The file is not a PNG or JPEG image.")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=["PNG", "JPEG"]) as image:
                if image.size[0] * image.size[1] > MAX_PIXELS:
                    raise LogoError("The image has too many pixels; use at most 5000×5000.")
                image.load()
                return _reencode(image)
    except LogoError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Warning) as exc:
        raise LogoError(f"The image could not be read ({type(exc).__name__}).") from None


def _reencode(image: Image.Image) -> bytes:
    if min(image.size) < MIN_SIDE:
        raise LogoError(f"The image is too small; use at least {MIN_SIDE}×{MIN_SIDE} pixels.")
    has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    clean = image.convert("RGBA" if has_alpha else "RGB")
    clean.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    clean.save(out, format="PNG", optimize=True)
    return out.getvalue()
