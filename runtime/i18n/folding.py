"""Translations folded into compiled page templates, once per language.

A signer page says about twenty fixed things (`{{ _("Continue") }}`, `{{ _("Language") }}`):
each was a call at every render (Jinja's call machinery, the catalog lookup, Markup,
autoescape), ~10 % of a page. The pages environment therefore compiles each template once
per language (the language rides on the template name, `pages/signer/step.html#vi`, added
by ThemedEnvironment.get_template from the request's language), and this extension
replaces every `{{ _("literal") }}` with its translation as template text while compiling.

The result is the same text `_()` would have given at render time: `_()` marks our own
translations as safe markup and, without parameters, only formats away `%%`. Calls with
parameters, or inside larger expressions, stay calls.
"""

from collections.abc import Iterator

from jinja2.ext import Extension
from jinja2.lexer import Token, TokenStream

from runtime import i18n

LANGUAGE_MARK = "#"
"""Between a template's name and its language: `pages/signer/step.html#vi`."""

_PATTERN = ("variable_begin", "name", "lparen", "string", "rparen", "variable_end")


def with_language(name: str, language: str) -> str:
    """`name` compiled for `language` (a name that already has a language keeps it)."""
    return name if LANGUAGE_MARK in name else f"{name}{LANGUAGE_MARK}{language}"


def split_language(name: str) -> tuple[str, str | None]:
    """(template name, language) from a name made by with_language."""
    base, mark, language = name.rpartition(LANGUAGE_MARK)
    return (base, language) if mark else (name, None)


def translated(message: str, language: str) -> str | None:
    """What `{{ _(message) }}` outputs in `language`, or None to leave the call as it is."""
    text = i18n.translations(language).gettext(message)
    if "%" in text:
        try:
            text = text % {}  # as runtime/i18n/jinja.py's _() does: "%%" becomes "%"
        except (TypeError, ValueError, KeyError):
            return None
    return text


class FoldTranslations(Extension):
    """Replaces `{{ _("literal") }}` with its translation in templates named with a
    language (see the module's docstring); other templates are left alone."""

    def filter_stream(self, stream: TokenStream) -> Iterator[Token]:
        _name, language = split_language(stream.name or "")
        if language is None:
            yield from stream
            return
        window: list[Token] = []
        for token in stream:
            window.append(token)
            if not _matches(window):
                yield from window[:-1]
                window = [token] if _matches([token]) else []
                if not window:
                    yield token
                continue
            if len(window) == len(_PATTERN):
                text = translated(window[3].value, language)
                if text is None:
                    yield from window
                else:
                    yield Token(window[0].lineno, "data", text)
                window = []
        yield from window


def _matches(window: list[Token]) -> bool:
    """Whether `window` is a beginning of `{{ _("…") }}`."""
    for token, kind in zip(window, _PATTERN, strict=False):
        if token.type != kind or (kind == "name" and token.value != "_"):
            return False
    return True
