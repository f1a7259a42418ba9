"""Text direction of a signer's answer, for WeasyPrint, which does not know dir="auto"."""

from __future__ import annotations

import unicodedata


def text_direction(text: str) -> str:
    """ "rtl" when the first letter with a strong direction is Arabic, Hebrew…, else "ltr":
    what a browser's dir="auto" decides."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return "rtl"
        if kind == "L":
            return "ltr"
    return "ltr"
