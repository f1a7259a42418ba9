"""What a rule is attached to: a field, a step, a role or a document block."""

from dataclasses import dataclass
from typing import Any

from designer.editor import operations as ops
from runtime.errors import Invalid


@dataclass
class Target:
    owner: dict[str, Any]
    attribute: str  # visible_if or condition
    subject: str  # "Show this field", ...
    before: str | None  # rules may only test fields before this key


def resolve(d: dict[str, Any], target: str) -> Target:
    kind, _, key = target.partition(":")
    if kind == "field":
        _, _, field = ops.find_field(d, key)
        return Target(field, "visible_if", "Show this field", key)
    if kind == "section":
        section = ops.find_section(d, key)
        return Target(section, "visible_if", "Show this step", _first_from(d, section))
    if kind == "role":
        for role in d.get("roles", []):
            if role.get("key") == key:
                return Target(role, "condition", "Include this role", None)
        raise Invalid("That role no longer exists.")
    if kind == "block":
        blocks = d.get("document", [])
        if key.isdigit() and int(key) < len(blocks):
            return Target(blocks[int(key)], "visible_if", "Include this block", None)
        raise Invalid("That document block no longer exists.")
    raise Invalid("Choose what the rule is for.")


def _first_from(d: dict[str, Any], section: dict[str, Any]) -> str | None:
    """The first field of `section` or of a step after it: a step's rule tests only answers
    given in the steps before it (a field of this step or a later one is a publish warning,
    components/lint.py `_order`). An empty step has none of its own: the next step's first
    field; None when every field comes before it."""
    sections = ops.sections(d)
    at = next(i for i, s in enumerate(sections) if s is section)
    fields = [f for later in sections[at:] for f in later.get("fields") or []]
    return fields[0].get("key") if fields else None


def set_logic(target: Target, logic: dict[str, Any] | None) -> None:
    if logic is None:
        target.owner.pop(target.attribute, None)
    else:
        target.owner[target.attribute] = logic
