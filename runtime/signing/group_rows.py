"""A repeating group's Add / Remove buttons: they post the whole step (with JavaScript or
without), which comes back with a row added or taken away."""

from typing import Any

from components.fields.group import DEFAULT_MAX_ROWS, row_defaults
from runtime.signing import service
from runtime.signing.service import SigningContext


def change_rows(ctx: SigningContext, index: int, form: Any) -> tuple[dict[str, Any], str] | None:
    """Handle a repeating group's Add / Remove buttons: the step's values with the row added
    or removed, and the anchor to show next (the new row, or the group); None when neither
    was pressed."""
    section = ctx.sections[index]
    for f in section.fields:
        if f.component != "group":
            continue
        add, remove = form.get(f"{f.key}__add"), form.get(f"{f.key}__remove")
        if add is None and remove is None:
            continue
        raw = service.read_section(ctx, section, form)
        rows = list(raw.get(f.key) or [])
        minimum = f.validation.get("min_rows", 0)
        shown = max(len(rows), minimum if isinstance(minimum, int) else 0, 1)
        # rows the page showed (with their defaults) that posted nothing, then the new row:
        # each starts with the sub-fields' default answers, as the page's first row does
        rows += [row_defaults(f) for _ in range(shown - len(rows))]
        anchor = f"field-{f.key}"
        most = f.validation.get("max_rows", DEFAULT_MAX_ROWS)
        if add is not None and not (isinstance(most, int) and len(rows) >= most):
            rows.append(row_defaults(f))
            anchor = f"row-{f.key}-{len(rows)}"
        elif str(remove).isdigit() and int(str(remove)) < len(rows):
            rows.pop(int(str(remove)))
        raw[f.key] = rows
        return raw, anchor
    return None
