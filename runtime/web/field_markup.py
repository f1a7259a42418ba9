"""The small pieces every field macro repeats (label, hint, error, aria-describedby, the
locked-field hint),
written in Python and registered as Jinja globals. f-strings with escape(): Markup.format
runs Python's string.Formatter, several times slower.

They were macros in partials/_fields.html; a signer step calls them three times per field,
and a Jinja macro call costs several times a function call (arguments checked, a new
frame and context per call). The markup is the same; a theme that overrides
partials/_fields.html may keep calling these or write its own."""

import re
from collections.abc import Iterable, Mapping
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


#: between the lines of an error of several lines (`one_per_line`)
_LINE = "\n"


def one_per_line(messages: Iterable[str]) -> str:
    """Several problems of one field as one error, each on its own line beside the field
    and in the error summary: each file a step refused, named ("The selected file must be
    smaller than 10 MB (a.pdf)", then "(b.pdf)"), where one line named only the last."""
    return _LINE.join(messages)


def error_lines(error: str) -> list[str]:
    """The lines of an error (`one_per_line`); most errors have one."""
    return [line for line in error.split(_LINE) if line]


def field_error(error: str | None, key: str) -> Markup:
    """The error under a field's label (id `error-<key>`), or nothing; an error of several
    lines with a line break between them."""
    if not error:
        return _EMPTY
    lines = "<br>".join(str(escape(line)) for line in error_lines(error))
    return Markup(  # noqa: S704 (every value is escaped)
        f'<p class="field-error" id="error-{escape(key)}">'
        f'<span class="visually-hidden">{escape(_("Error:"))}</span> {lines}</p>'
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


#: an error of a repeating group's row, by path: `directors[1].name` or the row `directors[1]`
_ROW_ERROR = re.compile(r"^([a-z][a-z0-9_]*)\[(\d+)\](?:\.(.+))?$")


def has_row_errors(errors: Mapping[str, Any], key: str) -> bool:
    """The group `key` has problems in its rows: those are shown by each row's inputs, so
    the group's own summary of them ("Director 2: Enter Name; …") is not shown again."""
    return any(k.startswith(key + "[") for k in errors)


def error_links(errors: Mapping[str, str]) -> list[tuple[str, str]]:
    """The error summary's lines as (target id, message). A group's row problems link to
    the input they are about (`field-<group>__<row>__<sub-field>`, as the rows name them),
    and replace the group's own summary of them. An error of several lines
    (`one_per_line`) is one line of the summary each, all linking to its field."""
    links: list[tuple[str, str]] = []
    for key, message in errors.items():
        row = _ROW_ERROR.match(key)
        if row is None:
            if not has_row_errors(errors, key):
                links.extend((f"field-{key}", line) for line in error_lines(message))
        elif row[3]:
            links.append((f"field-{row[1]}__{row[2]}__{row[3]}", message))
        else:
            links.append((f"row-{row[1]}-{int(row[2]) + 1}", message))
    return links


GLOBALS = {
    "error_links": error_links,
    "has_row_errors": has_row_errors,
    "field_label": field_label,
    "field_error": field_error,
    "described_by": described_by,
    "locked_hint": locked_hint,
}
