"""Conditions read back to authors as sentences, worded by components.sentences (one
wording for the designer, lint and the docs).

A draft may not parse as a whole while an author works, so the fields a sentence names
are read one by one; a field that is not valid yet is simply named by its key.
"""

from typing import Any

import msgspec

from components.definition import Field
from components.sentences import phrase
from designer.document.names import GONE_FIELDS, GONE_LABELS
from designer.logic.labels import choice_labels
from designer.logic.rules import is_unset
from designer.references import draft_field_keys, vars_in


def scope(definition: dict[str, Any]) -> dict[str, Field]:
    """Every field of the draft that is valid on its own, by key, named as the pickers name
    it (a label several fields share is told apart)."""
    found: dict[str, Field] = {}
    names = choice_labels(definition)  # "Your signature — Manager": the roles' look alike
    for section in definition.get("sections", []) or []:
        for raw in section.get("fields", []) if isinstance(section, dict) else []:
            try:
                if isinstance(raw, dict) and raw.get("key") in names:
                    raw = {**raw, "label": names[raw["key"]]}
                field = msgspec.convert(raw, type=Field)
            except (msgspec.ValidationError, TypeError):
                continue
            found.setdefault(field.key, field)
    former = GONE_FIELDS.get()
    for key, label in GONE_LABELS.get().items():  # deleted: named by the label it had
        if key not in found:
            found[key] = _former(former.get(key), key, label)
    return found


def _former(raw: Any, key: str, label: str) -> Field:
    """A deleted question as it was, so its options read as signers read them ("A
    company"); a bare text question by its label when it cannot be read."""
    try:
        return msgspec.convert({**raw, "label": label, "visible_if": None}, type=Field)
    except (msgspec.ValidationError, TypeError):
        return Field(key=key, component="text", label=label)


def describe(logic: Any, definition: dict[str, Any]) -> str:
    """The condition's words, each question quoted by its label ("“Applicant type” is
    Company"): a label such as "Do you have a guarantor?" ran into the rule's own words.
    "always" without one."""
    if logic is None:
        return "always"
    return phrase(logic, scope(definition), quote=True)


def sentence(logic: Any, definition: dict[str, Any], subject: str = "Show this") -> str:
    """ "Show this step when …", or "Always shown". A rule naming a field that is gone
    (deleted after the rule was made) says so: it read like a working rule before."""
    if logic is None:
        return "Always included" if subject.startswith("Include") else "Always shown"
    if is_unset(logic):
        if subject in ("Included", "Include this block"):
            return "Choose when to show this clause: no rule is chosen yet"
        return "No rule is chosen yet: add a condition"
    words = f"{subject} when {describe(logic, definition)}"
    missing = sorted(vars_in(logic) - draft_field_keys(definition))
    if missing:
        former = GONE_LABELS.get()
        names = ", ".join(f"“{former.get(key, key)}”" for key in missing)
        verb = "exists" if len(missing) == 1 else "exist"
        words += f" (but {names} no longer {verb}: choose another field or remove the condition)"
    return words
