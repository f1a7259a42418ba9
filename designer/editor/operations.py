"""Pure edits of a draft definition (plain dicts): sections and fields.

Each function changes the dict in place and raises Invalid with a message an author
can act on. Keys are derived from labels and kept unique; a renamed key is renamed
everywhere it is used.
"""

from collections.abc import Set
from typing import Any

from components import get_component
from designer.editor.keys import derive_key, key_problem, was_derived
from designer.editor.options import STARTER_OPTIONS
from designer.editor.palette import label_for
from designer.references import rename_field_everywhere
from runtime.errors import Invalid

NEW_SECTION_TITLE = "New step"
DEFAULT_CURRENCY = "EUR"  # a new amount field's currency, changed under Validation


def sections(d: dict[str, Any]) -> list[dict[str, Any]]:
    value = d.setdefault("sections", [])
    if not isinstance(value, list):
        value = d["sections"] = []
    return value


def field_keys(d: dict[str, Any]) -> set[str]:
    return {f.get("key", "") for s in sections(d) for f in s.get("fields", [])}


def find_section(d: dict[str, Any], key: str) -> dict[str, Any]:
    for section in sections(d):
        if section.get("key") == key:
            return section
    raise Invalid("That step no longer exists; it may have been deleted.")


def find_field(d: dict[str, Any], key: str) -> tuple[dict[str, Any], int, dict[str, Any]]:
    for section in sections(d):
        for index, field in enumerate(section.get("fields", [])):
            if field.get("key") == key:
                return section, index, field
    raise Invalid("That field no longer exists; it may have been deleted.")


def default_role(d: dict[str, Any]) -> str:
    roles = d.get("roles") or []
    for kind in ("signer", "approver", "cc"):
        for role in roles:
            if role.get("kind", "signer") == kind:
                return str(role.get("key"))
    d["roles"] = [{"key": "signer", "name": "Signer", "kind": "signer", "stage": 1}]
    return "signer"


def add_section(
    d: dict[str, Any], title: str = "", role: str | None = None, at: int | None = None
) -> str:
    title = title.strip() or NEW_SECTION_TITLE
    key = derive_key(title, {s.get("key", "") for s in sections(d)}, fallback="step")
    section = {"key": key, "title": title, "role": role or default_role(d), "fields": []}
    items = sections(d)
    items.insert(len(items) if at is None else max(0, min(at, len(items))), section)
    return key


def update_section(
    d: dict[str, Any], key: str, values: dict[str, Any], published: Set[str] = frozenset()
) -> str:
    """Title, description, role and key of a step; returns its (possibly new) key. The key
    follows the title, as a field's follows its question (`new_step` becomes `laptop`),
    until the author changes it or a version with the step is published (`published`)."""
    section = find_section(d, key)
    old_title = str(section.get("title", ""))
    if "title" in values:
        title = " ".join(str(values["title"]).split())
        if not title:
            raise Invalid("Give the step a title, for example “Your details”.")
        section["title"] = title[:200]
    if "description" in values:
        _set(section, "description", str(values["description"]).strip()[:2000], "")
    if "role" in values:
        roles = {r.get("key") for r in d.get("roles", [])}
        if values["role"] not in roles:
            raise Invalid("Choose one of the roles of this template.")
        section["role"] = values["role"]
    new_key = str(values.get("key") or key).strip()
    title = str(section.get("title", ""))
    follows = key not in published and any(  # also a key made before keys followed titles
        was_derived(key, t, fallback="step") for t in (old_title, NEW_SECTION_TITLE)
    )
    if new_key == key and title != old_title and follows:
        taken = {s.get("key", "") for s in sections(d) if s is not section}
        new_key = derive_key(title, taken, fallback="step")
    if new_key != key:
        problem = key_problem(new_key)
        if problem:
            raise Invalid(problem)
        if new_key in {s.get("key") for s in sections(d)}:
            raise Invalid(f"Another step already uses the key {new_key}.")
        section["key"] = new_key
    return new_key


def delete_section(d: dict[str, Any], key: str) -> None:
    section = find_section(d, key)
    sections(d).remove(section)


def move_section(d: dict[str, Any], key: str, to: int) -> None:
    items = sections(d)
    section = find_section(d, key)
    items.remove(section)
    items.insert(max(0, min(to, len(items))), section)


def new_field(d: dict[str, Any], component: str) -> dict[str, Any]:
    comp = get_component(component)
    if comp is None:
        raise Invalid(f"There is no component called {component}.")
    label = label_for(component)
    field: dict[str, Any] = {
        "key": derive_key(label, field_keys(d)),
        "component": component,
        "label": label,
    }
    parts: frozenset[str] = getattr(comp, "field_parts", frozenset())
    if "options" in parts:
        field["options"] = [dict(o) for o in STARTER_OPTIONS]
    if "fields" in parts:
        field["fields"] = [{"key": "name", "component": "text", "label": "Name"}]
    if "expression" in parts:
        field["expression"] = {"+": [0, 0]}
    if component in {"signature", "initials"}:
        # a contract's signature (or initials acknowledging a clause) that may be left out
        # surprises everyone: it starts required
        field["required"] = True
    if component == "money":
        # an amount needs its currency: a new one starts complete, not as a publish error
        field["validation"] = {"currency": DEFAULT_CURRENCY}
    return field


def add_field(
    d: dict[str, Any], component: str, section_key: str | None = None, at: int | None = None
) -> str:
    """A new field at `at` in the step (the last step, or a new one, when none is named)."""
    field = new_field(d, component)
    if section_key:
        section = find_section(d, section_key)
    elif sections(d):
        section = sections(d)[-1]
    else:
        section = find_section(d, add_section(d, "Your details"))
    items = section.setdefault("fields", [])
    items.insert(len(items) if at is None else max(0, min(at, len(items))), field)
    return str(field["key"])


def duplicate_field(d: dict[str, Any], key: str) -> str:
    section, index, field = find_field(d, key)
    copy = {**field, "key": derive_key(field.get("label", ""), field_keys(d))}
    section["fields"].insert(index + 1, copy)
    return str(copy["key"])


def delete_field(d: dict[str, Any], key: str) -> None:
    section, index, _ = find_field(d, key)
    del section["fields"][index]
    for block in d.get("document", []):
        if block.get("kind") == "fields" and key in block.get("fields", []):
            block["fields"] = [k for k in block["fields"] if k != key]
        if block.get("kind") == "signature" and block.get("field") == key:
            block.pop("field", None)


def move_field(d: dict[str, Any], key: str, section_key: str, to: int) -> None:
    section, index, field = find_field(d, key)
    target = find_section(d, section_key)
    del section["fields"][index]
    items = target.setdefault("fields", [])
    items.insert(max(0, min(to, len(items))), field)


def rename_field(d: dict[str, Any], old: str, new: str) -> None:
    problem = key_problem(new)
    if problem:
        raise Invalid(problem)
    if new != old and new in field_keys(d):
        raise Invalid(f"Another field already uses the key {new}.")
    _, _, field = find_field(d, old)
    field["key"] = new
    rename_field_everywhere(d, old, new)


def _set(target: dict[str, Any], name: str, value: Any, default: Any) -> None:
    """Store a value, or drop it when it is the default (drafts stay canonical)."""
    if value == default or value is None:
        target.pop(name, None)
    else:
        target[name] = value


set_or_drop = _set
