"""Text direction of a signer's answer or an authored clause, for WeasyPrint, which does
not know dir="auto"."""

from __future__ import annotations

import html
import re
import unicodedata

#: languages written right to left (their base code: "ar", "ar-EG" -> "ar")
RTL_LANGUAGES = frozenset(
    {"ar", "arc", "ckb", "dv", "fa", "he", "iw", "ps", "sd", "ug", "ur", "yi"}
)
_TAG = re.compile(r"<[^>]*>")


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


def html_direction(markup: str) -> str:
    """The direction of an authored clause's HTML, from its text (tags and their
    attributes left out, entities read as the characters they stand for)."""
    return text_direction(html.unescape(_TAG.sub(" ", markup)))


def language_direction(language: str) -> str:
    """ "rtl" for a language written right to left (Arabic, Hebrew, Persian, Urdu…)."""
    base = language.replace("_", "-").split("-", 1)[0].lower()
    return "rtl" if base in RTL_LANGUAGES else "ltr"
