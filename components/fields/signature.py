"""A signature: a drawn PNG (data URL from signature_pad) or a typed full name.

The drawn image is checked to be a small PNG; a typed name is the no-JavaScript fallback,
allowed unless the template's policy requires a handwritten signature.
"""

import base64
import binascii
import struct
from collections.abc import Mapping
from typing import Any

from components.errors import FieldError
from components.registry import Component, register
from components.wording import word, worded

PNG_PREFIX = "data:image/png;base64,"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
MAX_IMAGE_BYTES = 512 * 1024
#: The drawing pad's canvas is a few million pixels even on a wide high-density screen; the
#: PDF renderer decodes the drawing whole, and 512 KB of PNG can declare 176 million pixels
#: (1.4 GB to decode in the seal worker).
MAX_IMAGE_PIXELS = 16_000_000


class SignatureComponent(Component):
    prefillable = False
    name = "signature"
    macro = "signature"
    value_type = "object"
    #: the longest typed name accepted
    max_typed = 120

    def read(self, form: Mapping[str, Any], key: str) -> Any:
        return {"image": form.get(key) or "", "typed": form.get(f"{key}__typed") or ""}

    def clean(self, raw: Any, field: Any) -> Any:
        if isinstance(raw, str):
            raw = {"image": raw} if raw.startswith("data:") else {"typed": raw}
        if not isinstance(raw, Mapping):
            return None
        if raw.get("kind") in ("drawn", "typed"):  # an already-normalised value
            raw = {"image": raw.get("image"), "typed": raw.get("text")}
        image = str(raw.get("image") or "").strip()
        typed = " ".join(str(raw.get("typed") or "").split())
        if image:
            return {"kind": "drawn", "image": _check_png(image)}
        if typed:
            if len(typed) > self.max_typed:
                raise FieldError(self.too_long_message())
            return {"kind": "typed", "text": typed}
        return None

    def too_long_message(self) -> str:
        return f"Type your full name in {self.max_typed} characters or fewer"

    def missing_message(self, field: Any) -> str:
        return "Sign in the box, or type your full name"

    def display(self, value: Any, field: Any = None) -> str:
        if not value:
            return ""
        if value.get("kind") == "drawn":
            return word("Signed (drawn)")
        return worded("Signed: %(name)s", name=str(value["text"]))


def _check_png(image: str) -> str:
    if not image.startswith(PNG_PREFIX):
        raise FieldError("The signature must be a PNG image")
    try:
        data = base64.b64decode(image[len(PNG_PREFIX) :], validate=True)
    except (binascii.Error, ValueError):
        raise FieldError("The signature image could not be read; clear it and sign again") from None
    if len(data) > MAX_IMAGE_BYTES:
        raise FieldError("The signature image is too large; clear it and sign again")
    if not data.startswith(PNG_MAGIC):
        raise FieldError("The signature must be a PNG image")
    if _declared_pixels(data) > MAX_IMAGE_PIXELS:
        raise FieldError("The signature image is too large; clear it and sign again")
    return image


def _declared_pixels(png: bytes) -> int:
    """Width x height from the IHDR chunk, which a PNG always starts with (nothing decoded);
    0 without one (such a file cannot be decoded at all, so it costs nothing)."""
    if png[12:16] != b"IHDR" or len(png) < 24:
        return 0
    width, height = struct.unpack(">II", png[16:24])
    return int(width) * int(height)


signature = register(SignatureComponent())
