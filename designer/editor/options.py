"""Choice options as authors write them: one label per line, no technical values.

The value stored in answers follows its label (`Company` -> `company`) while the option is
new since the last published version, the same rule as field keys. Once published it is
frozen: stored answers, rules, prefill links and API payloads name the option by it, so
renaming such an option changes only the words the signer reads.
"""

from collections.abc import Mapping, Sequence, Set
from difflib import SequenceMatcher
from typing import Any

from designer.editor.keys import derive_key, was_derived
from runtime.errors import Invalid

MAX_OPTIONS = 200
MAX_LABEL = 200
Option = dict[str, str]
# the options a new choice field starts with (designer/editor/operations.py: new_field)
STARTER_OPTIONS: tuple[Option, ...] = (
    {"value": "option_1", "label": "Option 1"},
    {"value": "option_2", "label": "Option 2"},
)
STARTER_VALUES = frozenset(o["value"] for o in STARTER_OPTIONS)


def label_of(option: Mapping[str, Any]) -> str:
    return str(option.get("label") or option.get("value") or "")


def options_text(field: Mapping[str, Any]) -> str:
    """The options textarea: the labels, one per line."""
    return "\n".join(label_of(o) for o in field.get("options", []))


def parse_labels(raw: str) -> list[str]:
    labels = [" ".join(line.split())[:MAX_LABEL] for line in raw.splitlines()]
    return [label for label in labels if label][:MAX_OPTIONS]


def refuse_twice(labels: Sequence[str], what: str) -> None:
    """A line written twice (whatever its capitals) would show signers two choices, or two
    columns, they cannot tell apart: refused beside the box, which keeps the author's text."""
    seen: set[str] = set()
    for label in labels:
        if label.casefold() in seen:
            raise Invalid(
                f"“{label}” is written twice: signers could not tell the two {what} apart. "
                "Delete one line, or word them differently."
            )
        seen.add(label.casefold())


def pair(old: Sequence[str], new: Sequence[str]) -> list[int | None]:
    """For each new line, the old option it continues (or None for a new one): unchanged
    lines, lines edited in place (paired in order), then lines moved elsewhere."""
    paired: list[int | None] = [None] * len(new)
    matcher = SequenceMatcher(None, list(old), list(new), autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag in ("equal", "replace"):
            for k in range(min(i2 - i1, j2 - j1)):
                paired[j1 + k] = i1 + k
    used = {i for i in paired if i is not None}
    for j, label in enumerate(new):
        if paired[j] is None:
            moved = next((i for i, o in enumerate(old) if o == label and i not in used), None)
            if moved is not None:
                paired[j] = moved
                used.add(moved)
    return paired


def _follows(option: Option, frozen: set[str]) -> bool:
    value = option.get("value", "")
    return value not in frozen and was_derived(value, label_of(option), "option")


def revise(
    current: Sequence[Option], raw: str, published: Sequence[Mapping[str, Any]] = ()
) -> tuple[list[Option], dict[str, str]]:
    """The options after the author's edit of the labels, and the values that changed
    ({old: new}) so rules naming them can follow. `published`: this field's options in
    the latest version, whose values stay."""
    labels = parse_labels(raw)
    refuse_twice(labels, "options")
    frozen = {str(o.get("value", "")) for o in published}
    paired = pair([label_of(o) for o in current], labels)
    values: list[str | None] = [None] * len(labels)
    for j, i in enumerate(paired):
        if i is None:
            continue
        option = current[i]
        if label_of(option) == labels[j] or not _follows(option, frozen):
            values[j] = option.get("value", "")
    kept = {v for v in values if v is not None}
    restorable = {label_of(o): str(o.get("value", "")) for o in reversed(published)}
    taken = kept | frozen
    for j, label in enumerate(labels):
        if values[j] is not None:
            continue
        again = restorable.get(label)
        values[j] = again if again and again not in kept else derive_key(label, taken, "option")
        kept.add(values[j] or "")
        taken.add(values[j] or "")
    options = [{"value": str(v), "label": label} for v, label in zip(values, labels, strict=True)]
    renamed = {
        current[i]["value"]: str(values[j])
        for j, i in enumerate(paired)
        if i is not None and current[i].get("value") and current[i]["value"] != values[j]
    }
    return options, renamed


def published_options(
    key: str,
    current: Sequence[Mapping[str, Any]],
    published: Mapping[str, Sequence[Mapping[str, Any]]],
    keys_now: Set[str],
) -> Sequence[Mapping[str, Any]]:
    """This field's options in the latest version, whose values stay. Found by its key; a
    published field whose key the author has changed since is found by its values (they
    stayed as published): the one whose key is gone and that shares most values with it.
    The values every new choice field starts with (`option_1`, `option_2`) are no evidence:
    a new field would otherwise take the frozen values of a deleted published one."""
    if key in published:
        return published[key]
    values = {str(o.get("value", "")) for o in current} - {""} - STARTER_VALUES
    best: Sequence[Mapping[str, Any]] = ()
    shared = 0
    for old_key, old in published.items():
        both = len(values & {str(o.get("value", "")) for o in old})
        if old_key not in keys_now and both > shared:
            best, shared = old, both
    return best
