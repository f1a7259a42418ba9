"""Checking and re-encoding a brand logo, as stamps are (runtime/stamps/images.py): PNG or
JPEG decided by the bytes, SVG refused (scripts, external references), decoded by Pillow
and written out as a fresh PNG of at most MAX_SIDE pixels, without metadata."""

import math

from runtime.stamps.images import reencode_png, sniff

#: "1 MB": a MB of 1,000,000 bytes, as every size the designer names
MAX_UPLOAD_BYTES = 1_000_000
MAX_SIDE = 600
"""A logo is shown at most a few centimetres wide (page header, mail, PDF)."""
MIN_SIDE = 16
MAX_RATIO = 10
"""A logo is shown at a fixed height (40 px on pages, 36 px in mails, 12 mm in the PDF): one
more than 10 times as wide as it is tall is a sliver there, and ran off the mail and the PDF's
page; one 10 times as tall as it is wide is a few pixels wide."""
KIND = "brand_logo"


class LogoError(ValueError):
    """The upload is not a usable logo; the message says why, for the uploader."""


def clean_logo(data: bytes) -> bytes:
    """The upload re-encoded as PNG; raises LogoError."""
    if not data:
        raise LogoError("Choose a PNG or JPEG image for the logo.")
    if len(data) > MAX_UPLOAD_BYTES:
        figure = math.ceil(len(data) / 10**5) / 10  # rounded up: never "1.0 MB" over 1 MB
        raise LogoError(  # as designer.js says it in the browser
            f"This file is {figure:g} MB: choose a logo of at most {MAX_UPLOAD_BYTES // 10**6} MB."
        )
    kind = sniff(data)
    if kind == "svg":
        raise LogoError(
            "SVG logos are not accepted (they can contain scripts); upload a PNG or JPEG."
        )
    if kind is None:
        raise LogoError("The file is not a PNG or JPEG image.")
    png, width, height = reencode_png(data, max_side=MAX_SIDE, min_side=MIN_SIDE, error=LogoError)
    if max(width, height) > MAX_RATIO * min(width, height):
        shape = "wide as it is tall" if width > height else "tall as it is wide"
        times = max(width, height) / min(width, height)
        raise LogoError(
            f"The image is {times:.3g} times as {shape}; a logo may be at most "
            f"{MAX_RATIO} times (it is shown at a fixed height). Crop the empty space "
            "around it, or use a squarer version of the logo."
        )
    return png
