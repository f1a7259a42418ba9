"""Jinja2's i18n extension wired to formseal's catalogs and the request's language."""

from decimal import Decimal
from typing import Any

from jinja2 import Environment, pass_eval_context
from jinja2.nodes import EvalContext
from markupsafe import Markup

from runtime import i18n
from runtime.i18n.dates import format_date, format_datetime, format_datetime_minutes


def install_gettext(env: Environment) -> None:
    """`_()`, `gettext()`, `ngettext()` and `{% trans %}` in every template, plus the
    language helpers the signer pages use. Parameters are escaped by autoescaping."""
    env.add_extension("jinja2.ext.i18n")
    env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=i18n.raw_gettext, ngettext=i18n.raw_ngettext, newstyle=True
    )
    # The same behaviour as the extension's newstyle callables, in one call instead of three
    # (`_` -> `gettext` -> the catalog, each through Jinja's Context.call): a signer page
    # translates about twenty strings per render.
    env.globals.update(_=_gettext, gettext=_gettext, ngettext=_ngettext)
    helpers: dict[str, Any] = {
        "current_language": i18n.current,
        "html_lang": i18n.html_lang,
        "language_choices": i18n.language_choices,
        "language_options": i18n.language_options,
        "format_date": format_date,
        "format_datetime": format_datetime,
        # signer pages: "29 November 2026, 12:11 UTC", the day as answers and mails write it
        "format_moment": format_datetime_minutes,
        "file_size": file_size,
        "limit_size": limit_size,
        "attachment_rules": _attachment_rules,
    }
    env.globals.update(helpers)


@pass_eval_context
def _gettext(eval_ctx: EvalContext, message: str, /, **variables: Any) -> str:
    """Like jinja2.ext's newstyle gettext: the translation is trusted markup when
    autoescaping, the parameters are escaped, and it is always a format string."""
    text: str = i18n.raw_gettext(message)
    if eval_ctx.autoescape:
        text = Markup(text)  # noqa: S704 (translations are ours; parameters are escaped by %)
    if not variables and "%" not in text:  # nothing to format: skip Markup's % (most calls)
        return text
    return text % variables


@pass_eval_context
def _ngettext(
    eval_ctx: EvalContext, singular: str, plural: str, num: int, /, **variables: Any
) -> str:
    variables.setdefault("num", num)
    text: str = i18n.raw_ngettext(singular, plural, num)
    if eval_ctx.autoescape:
        text = Markup(text)  # noqa: S704 (translations are ours; parameters are escaped by %)
    return text % variables


def _attachment_rules(field: Any) -> dict[str, Any]:
    """What an attachment request accepts (for pages rendered outside the signer's step)."""
    from runtime.signing.views import upload_rules

    return upload_rules(field)


def file_size(count: int, at_most: bool = False) -> str:
    """1536 -> "1.5 KB", in MB of 1,000,000 bytes and KB of 1,000 as every limit
    (components/fields/file_limit.py size_figure; `at_most`: a limit, rounded down); in
    another language its number format and unit (CLDR, through babel): "1,5 ko" and
    "10 Mo" in French, "1,5 KB" in Vietnamese, "10 MB" in Chinese."""
    from components.fields.file_limit import size_figure

    amount, unit = size_figure(count, at_most)
    if unit != "bytes":
        return worded(amount, unit)
    # CLDR's short "byte" is "900 byte" in English and has no Malay or Vietnamese word
    return i18n.ngettext("%(num)s byte", "%(num)s bytes", count)


def limit_size(count: int) -> str:
    """A file field's limit as its author set it (components/fields/file_limit.py): the
    designer's box counts MB of 1,000,000 bytes, so 100,000 bytes reads "100 KB" (file_size:
    "97.7 KB") and 2,500,000 "2.5 MB"; limits set before in 1,024s read as they did
    (204,800 "200 KB", 5,242,880 "5 MB"). In another language its number format and unit."""
    from components.fields.file_limit import limit_figure

    amount, unit = limit_figure(count)
    if unit == "bytes":
        return file_size(count)
    return worded(amount, unit)


def worded(amount: Decimal, unit: str) -> str:
    """Decimal("2.5"), "MB" -> "2.5 MB"; "2,5 Mo" in French. CLDR writes "kB" in Malay,
    Vietnamese and Chinese: those take "KB", as English, the designer and components/
    write it, so one page never shows both."""
    from babel.units import format_unit

    from components.fields.file_limit import plain

    if i18n.current() == "en":
        return f"{plain(amount)} {unit}"
    unit_id = "digital-megabyte" if unit == "MB" else "digital-kilobyte"
    return format_unit(amount, unit_id, length="short", locale=i18n.locale()).replace("kB", "KB")
