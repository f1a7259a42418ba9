"""Languages of signer-facing text: pages, error messages and mails.

Messages are English source strings looked up in gettext catalogs (runtime/i18n/locales/
<code>/LC_MESSAGES/messages.po). The .po files are committed; they are compiled into .mo
form in memory the first time a language is used, so no build step is needed.

The language of the current request lives in a context variable, set by the signer pages
(`use_language`) and by the mail jobs; `gettext` and the Jinja2 `_()` read it.
"""

import contextvars
import io
import re
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from babel import Locale
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

from components.wording import use_label_case, use_wording

LOCALES_DIR = Path(__file__).resolve().parent / "locales"
DEFAULT = "en"
#: code used in URLs, `lang` attributes and the database -> (babel locale, own name)
LANGUAGES: dict[str, tuple[str, str]] = {
    "en": ("en_GB", "English"),
    "zh-CN": ("zh_Hans_CN", "简体中文"),
    "ms": ("ms_MY", "Bahasa Melayu"),
    "vi": ("vi_VN", "Tiếng Việt"),
    "fr": ("fr_FR", "Français"),
}
#: folder names of the catalogs
CATALOGS = {"zh-CN": "zh_CN", "ms": "ms", "vi": "vi", "fr": "fr"}

_current: contextvars.ContextVar[str] = contextvars.ContextVar("formseal_language", default=DEFAULT)


def supported(code: str | None) -> str | None:
    """The supported language code for `code` ("fr-CA" -> "fr", "zh-Hans" -> "zh-CN")."""
    if not code:
        return None
    code = code.strip().replace("_", "-")
    lower = code.lower()
    if lower.startswith("zh"):
        traditional = any(t in lower for t in ("hant", "-tw", "-hk", "-mo"))
        return None if traditional else "zh-CN"
    base = lower.split("-", 1)[0]
    return base if base in LANGUAGES else None


_ACCEPT_ITEM = re.compile(
    r"^\s*([A-Za-z]{1,8}(?:[-_][A-Za-z0-9]{1,8})*|\*)\s*(?:;\s*q\s*=\s*([0-9.]+))?\s*$"
)


@lru_cache(maxsize=512)
def negotiate(accept_language: str | None) -> str | None:
    """The best supported language in an Accept-Language header, or None. Browsers send a
    handful of distinct headers, each on every request: the answers are kept (a bounded,
    least-recently-used cache, so odd headers cannot grow it)."""
    ranked: list[tuple[float, int, str]] = []
    for position, item in enumerate((accept_language or "")[:1000].split(",")[:30]):
        match = _ACCEPT_ITEM.match(item)
        if not match:
            continue
        try:
            quality = float(match.group(2)) if match.group(2) else 1.0
        except ValueError:
            continue
        code = supported(match.group(1))
        if code and quality > 0:
            ranked.append((-quality, position, code))
    return sorted(ranked)[0][2] if ranked else None


def current() -> str:
    return _current.get()


def set_language(code: str | None) -> str:
    """Make `code` (or English) the language of the rest of this request or task."""
    chosen = supported(code) or DEFAULT
    _current.set(chosen)
    return chosen


@contextmanager
def use_language(code: str | None) -> Iterator[str]:
    token = _current.set(supported(code) or DEFAULT)
    try:
        yield _current.get()
    finally:
        _current.reset(token)


@cache
def translations(code: str) -> NullTranslations:
    """The compiled catalog for a language (compiled from its .po in memory, once)."""
    folder = CATALOGS.get(code)
    po = LOCALES_DIR / folder / "LC_MESSAGES" / "messages.po" if folder else None
    if po is None or not po.exists():
        return NullTranslations()
    with open(po, "rb") as handle:
        catalog = read_po(handle, locale=LANGUAGES[code][0])
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return Translations(buffer)


def locale() -> Locale:
    return Locale.parse(LANGUAGES[current()][0])


def or_list(items: list[str]) -> str:
    """["PDF", "PNG", "JPG"] -> "PDF, PNG or JPG" in the current language ("PDF, PNG ou
    JPG", "PDF、PNG或JPG"), from the locale data rather than an English "or"."""
    return _or_list(tuple(items), current())


@lru_cache(maxsize=256)
def _or_list(items: tuple[str, ...], code: str) -> str:
    """Kept per process: a step page words its attachments' types on every render."""
    from babel.lists import format_list

    return format_list(list(items), style="or", locale=LANGUAGES[code][0])


def raw_gettext(message: str) -> str:
    return translations(current()).ugettext(message)


def raw_ngettext(singular: str, plural: str, count: int) -> str:
    return translations(current()).ungettext(singular, plural, count)


def gettext(message: str, **params: Any) -> str:
    """The message in the current language, with `%(name)s` parameters filled in."""
    text = raw_gettext(message)
    return text % params if params else text


def ngettext(singular: str, plural: str, count: int, **params: Any) -> str:
    text = raw_ngettext(singular, plural, count)
    return text % {"num": count, **params}


_ = gettext


def N_(message: str) -> str:  # noqa: N802 (gettext convention)
    """Marks a message for extraction; it is translated where it is shown."""
    return message


def language_choices() -> list[tuple[str, str]]:
    return [(code, name) for code, (_, name) in LANGUAGES.items()]


def language_codes() -> str:
    """The codes ("en, zh-CN, ms, vi or fr") an API client may give, from LANGUAGES (the
    refusal named five codes by hand, and would have left out a language added later)."""
    *rest, last = LANGUAGES
    return f"{', '.join(rest)} or {last}" if rest else last


@cache
def _language_options(chosen: str) -> tuple[tuple[str, str, str, bool], ...]:
    return tuple(
        (code, name, html_lang(code), code == chosen) for code, (_, name) in LANGUAGES.items()
    )


def language_options() -> tuple[tuple[str, str, str, bool], ...]:
    """(code, own name, `lang` attribute, chosen) for the language switcher: one call per
    page instead of two template calls per language."""
    return _language_options(current())


def html_lang(code: str | None = None) -> str:
    return {"zh-CN": "zh-Hans"}.get(code or current(), code or current())


def _long_date(day: Any) -> str:
    from runtime.i18n.dates import format_date

    return format_date(day, "long")


#: languages whose sentences keep a label's first capital ("Enter Email" is not lowered):
#: Chinese has no capitals to lower (a Latin word stays as the author wrote it); a
#: language whose nouns keep their capital (German) belongs here too
KEEPS_LABEL_CASE = frozenset({"zh-CN"})


def _keeps_label_case(language: str | None) -> bool:
    """Labels written in `language` (the template's; when not known, the page's) keep their
    first capital inside a message."""
    return (supported(language) or current()) in KEEPS_LABEL_CASE


# Displayed answers ("Yes", dates) in the current language, and a label's capital inside
# a message by the language the label is written in (components/wording.py).
use_wording(raw_gettext, _long_date)
use_label_case(_keeps_label_case)
