"""Which item stays selected when undo or redo changes the draft under the selection."""

from typing import Any

from designer.editor import operations as ops


def _keys(d: dict[str, Any], kind: str) -> set[str]:
    if kind == "field":
        return ops.field_keys(d)
    if kind == "section":
        return {str(s.get("key", "")) for s in ops.sections(d)}
    if kind == "role":
        return {str(r.get("key", "")) for r in d.get("roles", []) if isinstance(r, dict)}
    return set()


def follow(before: dict[str, Any], after: dict[str, Any], select: str) -> str:
    """The selection in `after`. Undoing a rename gives the question back its old key
    ("field:company_name" -> "field:name"), so the key selected is gone; when exactly that
    one key of its kind went and exactly one came, the new one is the same item renamed
    back, and stays selected instead of falling back to the template's settings."""
    kind, _, key = select.partition(":")
    old, new = _keys(before, kind), _keys(after, kind)
    if key in new or key not in old:
        return select
    gone, came = old - new, new - old
    if gone == {key} and len(came) == 1:
        return f"{kind}:{came.pop()}"
    return select
