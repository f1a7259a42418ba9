"""Keys derived from what authors type: "Company name" -> company_name, unique in its set."""

import re
import unicodedata
from collections.abc import Collection

KEY_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,62}$")
MAX_DERIVED = 40
_LETTERS = str.maketrans(
    {
        "đ": "d",
        "Đ": "D",
        "ß": "ss",
        "æ": "ae",
        "Æ": "AE",
        "ø": "o",
        "Ø": "O",
        "ł": "l",
        "Ł": "L",
        "œ": "oe",
        "Œ": "OE",
        "þ": "th",
        "Þ": "TH",
    }
)


def _fold(text: str) -> str:
    """ASCII letters for Latin letters with marks (Ngày -> Ngay, Địa -> Dia); any other
    character becomes a separator."""
    out = []
    for char in unicodedata.normalize("NFKD", text.translate(_LETTERS)):
        if char.isascii():
            out.append(char)
        elif not unicodedata.combining(char):
            out.append(" ")
    return "".join(out)


def slug_key(text: str, fallback: str = "field") -> str:
    """Lower-case ASCII letters, digits and underscores, starting with a letter."""
    key = re.sub(r"[^a-z0-9]+", "_", _fold(text).lower()).strip("_")[:MAX_DERIVED].strip("_")
    if not key:
        return fallback
    return key if key[0].isalpha() else f"{fallback}_{key}"[:MAX_DERIVED]


def unique_key(base: str, taken: Collection[str]) -> str:
    if base not in taken:
        return base
    n = 2
    while f"{base}_{n}" in taken:
        n += 1
    return f"{base}_{n}"


def derive_key(text: str, taken: Collection[str], fallback: str = "field") -> str:
    return unique_key(slug_key(text, fallback), taken)


def was_derived(key: str, label: str, fallback: str = "field") -> bool:
    """True when `key` still follows its label (`company_name`, `company_name_2`)."""
    base = slug_key(label, fallback)
    return key == base or bool(re.fullmatch(re.escape(base) + r"_\d+", key))


def key_problem(key: str) -> str | None:
    if not KEY_PATTERN.match(key):
        return (
            "Use lower-case letters, digits and underscores, starting with a letter "
            "(for example company_name)."
        )
    return None
