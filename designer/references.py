"""Where a field key is used (conditions, formulas, merge fields, document blocks), and
renaming it everywhere at once, so changing a key never silently breaks a rule."""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from components.fields.multiselect import default_parts
from designer.document.names import block_names

MERGE_FIELD = re.compile(r"\{\{\s*([a-z][a-z0-9_]*)\s*\}\}")


def draft_field_keys(definition: dict[str, Any]) -> set[str]:
    """Every field key of a draft, valid or not, with the columns of repeating groups: what
    a rule or merge field may name without naming a question that is gone."""
    keys: set[str] = set()
    stack = [
        f
        for s in definition.get("sections") or []
        if isinstance(s, dict)
        for f in s.get("fields") or []
    ]
    while stack:
        field = stack.pop()
        if isinstance(field, dict):
            keys.add(str(field.get("key", "")))
            stack.extend(field.get("fields") or [])
    return keys


def _logic_nodes(definition: dict[str, Any]) -> Iterator[tuple[dict[str, Any], str]]:
    """Every (owner, attribute) that holds JSON Logic."""
    for role in definition.get("roles", []):
        yield role, "condition"
    for section in definition.get("sections", []):
        yield section, "visible_if"
        for field in section.get("fields", []):
            yield field, "visible_if"
            yield field, "expression"
    for block in definition.get("document", []):
        yield block, "visible_if"


def vars_in(logic: Any) -> set[str]:
    """Field keys named by `var` nodes (the first part of a dotted path)."""
    found: set[str] = set()
    stack = [logic]
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(node)
        elif isinstance(node, dict):
            for op, args in node.items():
                if op == "var":
                    name = args[0] if isinstance(args, list) and args else args
                    if isinstance(name, str) and name:
                        found.add(name.split(".")[0])
                else:
                    stack.append(args)
    return found


def _rename_vars(logic: Any, old: str, new: str) -> Any:
    if isinstance(logic, list):
        return [_rename_vars(item, old, new) for item in logic]
    if not isinstance(logic, dict):
        return logic
    out: dict[str, Any] = {}
    for op, args in logic.items():
        if op == "var":
            out[op] = _rename_var(args, old, new)
        else:
            out[op] = _rename_vars(args, old, new)
    return out


def _rename_var(args: Any, old: str, new: str) -> Any:
    def one(name: Any) -> Any:
        if isinstance(name, str) and (name == old or name.startswith(old + ".")):
            return new + name[len(old) :]
        return name

    if isinstance(args, list):
        return [one(args[0]), *args[1:]] if args else args
    return one(args)


def rename_field_everywhere(definition: dict[str, Any], old: str, new: str) -> None:
    """Point every condition, formula, merge field and block at the new key (in place)."""
    for owner, attribute in _logic_nodes(definition):
        if owner.get(attribute) is not None:
            owner[attribute] = _rename_vars(owner[attribute], old, new)
    pattern = re.compile(r"\{\{\s*" + re.escape(old) + r"\s*\}\}")
    for block in definition.get("document", []):
        kind = block.get("kind")
        if kind == "paragraph" and isinstance(block.get("html"), str):
            block["html"] = pattern.sub("{{ " + new + " }}", block["html"])
        elif kind == "fields" and block.get("fields"):
            block["fields"] = [new if k == old else k for k in block["fields"]]
        elif kind == "signature" and block.get("field") == old:
            block["field"] = new


@dataclass(frozen=True)
class Use:
    """A place that names a field: its words, and the editor selection that opens it
    ("" for the places the properties of the field itself show, such as a role's rule)."""

    words: str
    select: str = ""

    def __str__(self) -> str:
        return self.words

    @property
    def page(self) -> str:
        """The editor tab that shows it: `edit`, `document` or `roles`."""
        return {"block": "document", "role": "roles"}.get(self.select.partition(":")[0], "edit")


def uses_of(definition: dict[str, Any], key: str) -> list[Use]:
    """The places that name `key`, for the 'Used by' note: clauses by their number and
    first words (as the PDF numbers them), each with the selection that opens it."""
    names = block_names(definition)
    uses = []
    for owner, attribute in _logic_nodes(definition):
        if key in vars_in(owner.get(attribute)):
            select = _selection(definition, owner)
            if select.startswith("block:"):
                words = f"the rule of {names[int(select[6:])]}"
            else:
                words = describe_owner(owner, attribute)
            uses.append(Use(words[:1].upper() + words[1:], select))
    for i, block in enumerate(definition.get("document", [])):
        html = block.get("html") if isinstance(block.get("html"), str) else ""
        if (
            key in MERGE_FIELD.findall(html)
            or key in block.get("fields", [])
            or block.get("field") == key
        ):
            uses.append(Use(names[i][:1].upper() + names[i][1:], f"block:{i}"))
    return uses


def _selection(definition: dict[str, Any], owner: dict[str, Any]) -> str:
    for i, block in enumerate(definition.get("document", [])):
        if block is owner:
            return f"block:{i}"
    for section in definition.get("sections", []):
        if section is owner:
            return f"section:{section.get('key', '')}"
        if any(f is owner for f in section.get("fields", [])):
            return f"field:{owner.get('key', '')}"
    for role in definition.get("roles", []):
        if role is owner:
            return f"role:{role.get('key', '')}"
    return ""


def describe_owner(owner: dict[str, Any], attribute: str) -> str:
    if attribute == "condition":
        return f"the condition of role “{owner.get('name') or owner.get('key')}”"
    if attribute == "expression":
        return f"the formula of “{owner.get('label') or owner.get('key')}”"
    if "kind" in owner and "title" not in owner and "label" not in owner:
        return f"a {owner.get('kind', 'document')} block's condition"
    name = owner.get("title") or owner.get("label") or owner.get("key")
    return f"the condition of “{name}”"


def rename_option_values(definition: dict[str, Any], key: str, renamed: dict[str, str]) -> None:
    """Point the rules comparing field `key` with an option at its new value (in place):
    `{"==": [{"var": key}, "old"]}`, `{"in": ["old", {"var": key}]}`, `{"in": [{"var":
    key}, ["old", …]]}`; and the field's default answer. All values change at once, so
    two options swapping their values stay apart."""
    if not renamed:
        return
    for owner, attribute in _logic_nodes(definition):
        if owner.get(attribute) is not None:
            owner[attribute] = _rename_literals(owner[attribute], key, renamed)
    for section in definition.get("sections", []):
        for field in section.get("fields", []):
            if field.get("key") == key and "default" in field:
                field["default"] = _swap_default(field["default"], renamed)


def _names(node: Any, key: str) -> bool:
    if not isinstance(node, dict) or list(node) != ["var"]:
        return False
    name = node["var"][0] if isinstance(node["var"], list) and node["var"] else node["var"]
    return name == key


def _swap_default(default: Any, renamed: dict[str, str]) -> Any:
    """A tick-box list's default may be typed as one text, "email, post" (the designer's
    box): each value in it is renamed, read the way the wizard reads it."""
    if isinstance(default, str) and default not in renamed and "," in default:
        parts = default_parts(default)
        if any(p in renamed for p in parts):
            return ", ".join(renamed.get(p, p) for p in parts)
    return _swap(default, renamed)


def _swap(literal: Any, renamed: dict[str, str]) -> Any:
    if isinstance(literal, str):
        return renamed.get(literal, literal)
    if isinstance(literal, list):
        return [renamed.get(x, x) if isinstance(x, str) else x for x in literal]
    return literal


def _rename_literals(logic: Any, key: str, renamed: dict[str, str]) -> Any:
    if isinstance(logic, list):
        return [_rename_literals(item, key, renamed) for item in logic]
    if not isinstance(logic, dict):
        return logic
    out: dict[str, Any] = {}
    for op, args in logic.items():
        if op != "var" and isinstance(args, list) and any(_names(a, key) for a in args):
            out[op] = [
                _rename_literals(a, key, renamed) if isinstance(a, dict) else _swap(a, renamed)
                for a in args
            ]
        else:
            out[op] = _rename_literals(args, key, renamed) if op != "var" else args
    return out
