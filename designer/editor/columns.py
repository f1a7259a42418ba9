"""The columns of a repeating group ("Previous employers": employer, from, to), written in
its properties one per line as `Label`, `Label | kind`, with a trailing `*` when the
signer must answer it. A column keeps its key (and its other settings) while its label
stays the same, so formulas such as `sum(employers, salary)` keep working."""

from typing import Any

from designer.editor.keys import derive_key
from designer.editor.operations import DEFAULT_CURRENCY
from designer.editor.options import refuse_twice
from runtime.errors import Invalid

MAX_COLUMNS = 30
# what an author may write after the bar -> the component; the first name of each is shown
_KINDS: dict[str, str] = {
    "short text": "text",
    "text": "text",
    "long text": "textarea",
    "textarea": "textarea",
    "number": "number",
    "amount": "money",
    "amount of money": "money",
    "money": "money",
    "date": "date",
    "email": "email",
    "email address": "email",
    "phone": "phone",
    "phone number": "phone",
    "tick box": "checkbox",
    "checkbox": "checkbox",
    "signature": "signature",
    "initials": "initials",
}
_SHOWN = {component: kind for kind, component in reversed(_KINDS.items())}
KIND_NAMES = list(dict.fromkeys(_SHOWN[c] for c in _KINDS.values()))


def columns_text(field: dict[str, Any]) -> str:
    """The group's columns as the author edits them."""
    lines = []
    for column in field.get("fields") or []:
        label = str(column.get("label") or column.get("key", ""))
        if column.get("required"):
            label += " *"
        component = str(column.get("component", "text"))
        kind = _SHOWN.get(component, component)
        lines.append(label if component == "text" else f"{label} | {kind}")
    return "\n".join(lines)


def parse_columns(raw: str, existing: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The columns written in `raw`, reusing each existing column whose label is unchanged."""
    unused = list(existing)
    columns: list[dict[str, Any]] = []
    taken: set[str] = set()
    for line in raw.splitlines():
        written, _, kind_text = (part.strip() for part in line.partition("|"))
        required = written.endswith("*")
        label = " ".join(written.rstrip("*").split())
        if not label:
            continue
        if len(columns) == MAX_COLUMNS:
            raise Invalid(f"A repeating group may have at most {MAX_COLUMNS} columns.")
        old = next((c for c in unused if c.get("label") == label), None)
        component = _component(kind_text, label, old)
        if old is not None:
            unused.remove(old)
        column = _column(label, component, old, taken)
        column.pop("required", None)
        if required:
            column["required"] = True
        taken.add(column["key"])
        columns.append(column)
    if not columns:
        raise Invalid("A repeating group needs at least one column: write one per line.")
    refuse_twice([str(c["label"]) for c in columns], "columns")
    return columns


def _component(kind_text: str, label: str, old: dict[str, Any] | None) -> str:
    kind = " ".join(kind_text.lower().split()) or "short text"
    if kind in _KINDS:
        return _KINDS[kind]
    if old is not None and kind == old.get("component"):
        return kind  # a kind set outside the designer (a list with options) stays
    raise Invalid(
        f"“{kind_text}” (column “{label}”) is not a kind of column: write "
        + ", ".join(KIND_NAMES)
        + "."
    )


def _column(
    label: str, component: str, old: dict[str, Any] | None, taken: set[str]
) -> dict[str, Any]:
    if old is not None and old.get("component") == component and old.get("key") not in taken:
        return dict(old)
    key = str(old["key"]) if old is not None and old.get("key") not in taken else ""
    column: dict[str, Any] = {
        "key": key or derive_key(label, taken),
        "component": component,
        "label": label,
    }
    if component == "money":
        column["validation"] = {"currency": DEFAULT_CURRENCY}
    return column
