"""The "Board resolution" definition the signer tests share: one step, "The board", whose
repeating group of directors (a row a director, "Director 1", "Director 2", …) comes
first, with whatever else a test asks for after it."""

from typing import Any

Field = dict[str, Any]

NAME: Field = {"key": "name", "component": "text", "label": "Name"}


def directors(*fields: Field, required: bool = False) -> Field:
    """The group: its rows hold `fields` (a name alone when none are given)."""
    group: Field = {"key": "directors", "component": "group", "label": "Directors"}
    if required:
        group["required"] = True
    group["validation"] = {"row_label": "Director"}
    group["fields"] = [dict(field) for field in fields] or [dict(NAME)]
    return group


def signature(label: str = "Your signature", *, required: bool = False) -> Field:
    field: Field = {"key": "signature", "component": "signature", "label": label}
    if required:
        field["required"] = True
    return field


def board_resolution(
    *after: Field,
    group: Field | None = None,
    steps: tuple[dict[str, Any], ...] = (),
    document: bool = True,
) -> dict[str, Any]:
    """The definition: the step's `group` (plain `directors()` by default), then the
    fields `after` it; `steps` after the board's; the document (a "Resolution" heading
    over the answers) unless `document` is False."""
    definition: dict[str, Any] = {
        "name": "Board resolution",
        "roles": [{"key": "customer", "name": "Customer", "stage": 1}],
        "sections": [
            {
                "key": "board",
                "title": "The board",
                "role": "customer",
                "fields": [group or directors(), *after],
            },
            *steps,
        ],
    }
    if document:
        definition["document"] = [{"kind": "heading", "text": "Resolution"}, {"kind": "fields"}]
    return definition
