"""The small pieces every field macro repeats (label, hint, error, aria-describedby),
written in Python and registered as Jinja globals.

They were macros in partials/_fields.html; a signer step calls them three times per field,
and a Jinja macro call costs several times a function call (arguments checked, a new
frame and context per call). The markup is the same; a theme that overrides
partials/_fields.html may keep calling these or write its own."""

from typing import Any

from markupsafe import Markup

from runtime.i18n import gettext as _

_EMPTY = Markup("")


def field_label(field: Any, for_id: str) -> Markup:
    """The field's label for `for_id`, then its hint (id `hint-<key>`) when it has one."""
    html = Markup('<label class="label" for="{}">{}</label>').format(for_id, field.label)
    if field.help:
        html += Markup('<div class="hint" id="hint-{}">{}</div>').format(field.key, field.help)
    return html


def field_error(error: str | None, key: str) -> Markup:
    """The error under a field's label (id `error-<key>`), or nothing."""
    if not error:
        return _EMPTY
    return Markup(
        '<p class="field-error" id="error-{}"><span class="visually-hidden">{}</span> {}</p>'
    ).format(key, _("Error:"), error)


def described_by(field: Any, error: str | None) -> Markup:
    """` aria-describedby="…"` naming the hint and the error that are shown, or nothing."""
    ids = []
    if field.help:
        ids.append(f"hint-{field.key}")
    if error:
        ids.append(f"error-{field.key}")
    if not ids:
        return _EMPTY
    return Markup(' aria-describedby="{}"').format(" ".join(ids))


GLOBALS = {"field_label": field_label, "field_error": field_error, "described_by": described_by}
