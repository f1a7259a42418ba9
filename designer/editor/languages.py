"""The template's language, chosen by name from the languages formseal speaks.

The definition stores a code ("vi"); authors pick "Vietnamese — Tiếng Việt". A definition
imported with another code ("ja") keeps it: it is shown in the list and saves unchanged.
"""

from functools import cache

from babel import Locale, UnknownLocaleError

from runtime.errors import Invalid
from runtime.i18n import LANGUAGES


@cache
def english_name(code: str) -> str:
    """ "Chinese (Simplified)" for zh-CN; the code itself when babel does not know it."""
    babel_code = LANGUAGES[code][0] if code in LANGUAGES else code.replace("-", "_")
    try:
        found = Locale.parse(babel_code)
    except (ValueError, UnknownLocaleError):
        return code
    name = found.get_language_name("en") or code
    if found.script:  # the script tells simplified from traditional Chinese
        name = f"{name} ({found.get_script_name('en')})"
    return name


def choices(current: str) -> list[tuple[str, str]]:
    """(code, label) for the Language list, by English name; `current` is kept in it."""
    listed = [
        (code, english_name(code) if code == "en" else f"{english_name(code)} — {own}")
        for code, (_, own) in LANGUAGES.items()
    ]
    if current not in LANGUAGES:
        listed.append((current, f"{english_name(current)} ({current})"))
    return sorted(listed, key=lambda item: item[1].casefold())


def chosen(posted: str, current: str) -> str:
    """The posted code when it is one of the list's (a supported one, or the stored one)."""
    code = posted.strip() or "en"
    if code not in LANGUAGES and code != current:
        raise Invalid("Choose one of the languages in the list.")
    return code
