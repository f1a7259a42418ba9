"""JSON paths in plain words: `$.sections[0].fields[1].key` -> Step 1 “Your details”,
field “Full name”, and the editor selection that opens it."""

import re
from typing import Any

from designer.document.names import block_name

_PART = re.compile(r"\.?([a-z_]+)(?:\[(\d+)\])?")


def place(definition: dict[str, Any], path: str) -> tuple[str, str]:
    """(words, selection) for a path; the selection opens the item in the editor."""
    parts = [(m[1], int(m[2]) if m[2] else None) for m in _PART.finditer(path.lstrip("$"))]
    words: list[str] = []
    select = "template"
    node: Any = definition
    prior = ""
    for name, index in parts:
        node = node.get(name) if isinstance(node, dict) else None
        if index is not None:
            node = node[index] if isinstance(node, list) and index < len(node) else None
            word, select = _item(definition, name, index, node, select)
            words.append(word)
        elif prior == "validation":  # the box's name: "Largest file (MB)"
            words.append(_setting_label(name))
        elif name not in ("sections", "roles", "document", "fields"):
            words.append(_ATTRIBUTES.get(name, name.replace("_", " ")))
        prior = name
    text = ", ".join(w for w in words if w) or "the template"
    return text[:1].upper() + text[1:], select


def _item(
    definition: dict[str, Any], name: str, index: int, node: Any, select: str
) -> tuple[str, str]:
    """An item of a list in the path (a step, a field, a role, a block) in words, and the
    selection that opens it; ("", `select`) for any other list (an option, a column)."""
    item = node if isinstance(node, dict) else None
    if name == "sections":
        title = item.get("title", "") if item is not None else ""
        words = f"Step {index + 1} “{title}”" if title else f"Step {index + 1}"
        return words, f"section:{item.get('key', '')}" if item is not None else select
    if name == "fields" and item is not None:
        return f"field “{item.get('label') or item.get('key', '')}”", f"field:{item.get('key', '')}"
    if name == "roles":
        role = item.get("name") or item.get("key") if item is not None else ""
        words = f"role “{role}”" if role else f"role {index + 1}"
        return words, f"role:{item.get('key', '')}" if item is not None else select
    if name == "document":
        return block_name(definition, index), f"block:{index}"
    return "", select


# what the end of a path names, in an author's words ("" when the item says it all: the
# text of a clause, the `var` inside a rule)
_ATTRIBUTES = {"visible_if": "its rule", "condition": "its rule", "html": "", "var": ""}
_ATTRIBUTES["validation"] = ""  # the setting after it says which box


def _setting_label(key: str) -> str:
    """A validation setting by the label of its box in the properties pane ("max_size" ->
    "Largest file (MB)"), as the author knows it, not by its key ("max size")."""
    from designer.editor.properties import SETTINGS  # the editor imports the publish check

    setting = SETTINGS.get(key)
    return setting.label if setting else key.replace("_", " ")


def tab_for(select: str) -> str:
    kind = select.partition(":")[0]
    return {"role": "roles", "block": "document"}.get(kind, "form")


# the box in the properties pane that holds the part of an item a path names
_BOXES = {
    "label": "prop-label",
    "help": "prop-help",
    "options": "prop-options",
    "expression": "prop-formula",
    "default": "prop-default",
    "prefill": "prop-prefill",
    "visible_if": "rule-builder",
    "condition": "rule-builder",
    "title": "prop-title",
    "name": "prop-name",
}


def box_for(path: str) -> str:
    """The id of the properties box to fix a problem in: `…fields[2].validation.currency`
    -> prop-v-currency; "" when the item itself is the place (a missing field, a key)."""
    tail = re.sub(r"^.*\]", "", path).lstrip(".")
    first, _, rest = tail.partition(".")
    if first == "validation" and rest:
        return "prop-v-" + rest.split(".")[0]
    return _BOXES.get(first, "")
