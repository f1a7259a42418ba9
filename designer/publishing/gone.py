"""Questions a draft no longer has, named as the author knew them.

A clause quoting a deleted question, or a rule asking about one, read on the publish check
as "Merge field '{{ field_9 }}' names a field that does not exist": the key, which a legal
author never chose or saw. The label is found where the question last was: the live
version, or the draft's own saved revisions (what Undo walks through), newest first.
"""

import re
import uuid
from collections.abc import Iterator, Mapping
from typing import Any

from designer.references import MERGE_FIELD, draft_field_keys, vars_in
from designer.tables import DraftRevision

#: the engine's words for them (components/lint.py, components/lint_types.py)
_MERGE = re.compile(
    r"^merge field '\{\{ ([a-z][a-z0-9_]*) \}\}' names a field that does not exist$"
)
_READS = re.compile(r"^refers to field '([^']*)', which does not exist$")

#: how many revisions are read at a time while looking for a label
_BATCH = 20


def labels_in(definition: Any) -> dict[str, str]:
    """key -> label of every question of a definition (columns of groups too)."""
    return {key: str(field["label"]) for key, field in fields_in(definition).items()}


def fields_in(definition: Any) -> dict[str, dict[str, Any]]:
    """key -> every question of a definition as written (columns of groups too), for its
    label and, for a rule's sentence, its options' words."""
    found: dict[str, dict[str, Any]] = {}
    stack = [
        f
        for s in (definition or {}).get("sections") or []
        if isinstance(s, dict)
        for f in s.get("fields") or []
    ]
    while stack:
        field = stack.pop()
        if isinstance(field, dict):
            if field.get("key") and field.get("label"):
                found.setdefault(str(field["key"]), field)
            stack.extend(field.get("fields") or [])
    return found


def named_but_missing(definition: dict[str, Any]) -> set[str]:
    """Keys that merge fields and rules name but that are no question of the draft."""
    named: set[str] = set()
    for block in definition.get("document") or []:
        if isinstance(block, dict):
            html = block.get("html")
            named.update(MERGE_FIELD.findall(html) if isinstance(html, str) else ())
    for owner, attribute in _rules(definition):
        named |= vars_in(owner.get(attribute))
    return named - draft_field_keys(definition)


def _rules(definition: dict[str, Any]) -> Iterator[tuple[dict[str, Any], str]]:
    for role in definition.get("roles") or []:
        if isinstance(role, dict):
            yield role, "condition"
    for section in definition.get("sections") or []:
        if isinstance(section, dict):
            yield section, "visible_if"
            for field in section.get("fields") or []:
                if isinstance(field, dict):
                    yield field, "visible_if"
                    yield field, "expression"
    for block in definition.get("document") or []:
        if isinstance(block, dict):
            yield block, "visible_if"


async def former_labels(
    draft_id: uuid.UUID, definition: dict[str, Any], published: dict[str, Any] | None
) -> dict[str, str]:
    """The label each missing key last had: in the live version, else in the newest saved
    revision of the draft that still held it. Keys never found are left out."""
    found = await former_fields(draft_id, definition, published)
    return {key: str(field["label"]) for key, field in found.items()}


async def former_fields(
    draft_id: uuid.UUID, definition: dict[str, Any], published: dict[str, Any] | None
) -> dict[str, dict[str, Any]]:
    """Each missing key's question as it last was (see `former_labels`)."""
    missing = named_but_missing(definition)
    found = {k: v for k, v in fields_in(published).items() if k in missing}
    offset = 0
    while missing - set(found):
        rows = (
            await DraftRevision.select(DraftRevision.definition)
            .where(DraftRevision.draft == draft_id)
            .order_by(DraftRevision.revision, ascending=False)
            .limit(_BATCH)
            .offset(offset)
            .output(load_json=True)
        )
        for row in rows:
            for key, field in fields_in(row["definition"]).items():
                if key in missing:
                    found.setdefault(key, field)
        if len(rows) < _BATCH:
            break
        offset += _BATCH
    return found


def reworded(path: str, message: str, former: Mapping[str, str]) -> str:
    """The engine's message about a missing question in an author's words; any other
    message as it was."""
    merge = _MERGE.match(message)
    if merge:
        return quotes_missing(merge.group(1), former)
    reads = _READS.match(message)
    if reads:
        return reads_missing(path, reads.group(1).split(".")[0], former)
    return message


def quotes_missing(key: str, former: Mapping[str, str]) -> str:
    """A clause's merge field naming no question."""
    gap = "so the signed PDF would have a gap there: take it out of the text, or quote "
    if key in former:
        return f"It quotes the answer to “{former[key]}”, a question that was deleted, {gap}another question."
    return (
        f"It quotes {{{{ {key} }}}}, which is no question of this form (a deleted question, "
        f"or a misspelt name), {gap}a question from the list."
    )


def reads_missing(path: str, key: str, former: Mapping[str, str]) -> str:
    """A rule or formula naming no question."""
    what = "the formula" if path.endswith(".expression") else "the rule"
    fix = (
        "change the formula"
        if what == "the formula"
        else "choose another question, or remove the rule"
    )
    if key in former:
        return f"It asks about “{former[key]}”, a question that was deleted: {fix}."
    return f"It asks about “{key}”, which is no question of this form (it may have been deleted): {fix}."
