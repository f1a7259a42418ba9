"""The small pieces every field macro repeats (label, hint, error, aria-describedby, the
locked-field hint),
written in Python and registered as Jinja globals. f-strings with escape(): Markup.format
runs Python's string.Formatter, several times slower.

They were macros in partials/_fields.html; a signer step calls them three times per field,
and a Jinja macro call costs several times a function call (arguments checked, a new
frame and context per call). The markup is the same; a theme that overrides
partials/_fields.html may keep calling these or write its own."""

from typing import Any

from markupsafe import Markup, escape

from runtime.i18n import gettext as _

_EMPTY = Markup("")


def field_label(field: Any, for_id: str) -> Markup:
    """The field's label for `for_id`, then its hint (id `hint-<key>`) when it has one."""
    html = f'<label class="label" for="{escape(for_id)}">{escape(field.label)}</label>'
    if field.help:
        html += f'<div class="hint" id="hint-{escape(field.key)}">{escape(field.help)}</div>'
    return Markup(html)  # noqa: S704 (every value above is escaped)


def field_error(error: str | None, key: str) -> Markup:
    """The error under a field's label (id `error-<key>`), or nothing."""
    if not error:
        return _EMPTY
    return Markup(  # noqa: S704 (every value is escaped)
        f'<p class="field-error" id="error-{escape(key)}">'
        f'<span class="visually-hidden">{escape(_("Error:"))}</span> {escape(error)}</p>'
    )


def described_by(field: Any, error: str | None) -> Markup:
    """` aria-describedby="…"` naming the hint and the error that are shown, or nothing."""
    ids = []
    if field.help:
        ids.append(f"hint-{field.key}")
    if error:
        ids.append(f"error-{field.key}")
    if not ids:
        return _EMPTY
    return Markup(f' aria-describedby="{escape(" ".join(ids))}"')  # noqa: S704 (escaped)


def locked_hint(locked: bool) -> Markup:
    """Under a field the signer cannot change (prefilled and locked): why."""
    if not locked:
        return _EMPTY
    text = escape(_("This value was filled in for you and cannot be changed."))
    return Markup(f'<div class="hint">{text}</div>')  # noqa: S704 (escaped)


GLOBALS = {
    "field_label": field_label,
    "field_error": field_error,
    "described_by": described_by,
    "locked_hint": locked_hint,
}
