"""What changed since the last published version, in plain words for the publish screen."""

from difflib import SequenceMatcher
from typing import Any

from designer.document.names import clause_numbers, plain, snippet, with_labels
from designer.editor import palette
from designer.editor.languages import english_name as language_name
from designer.logic.sentences import describe

_FIELD_PROPS = {
    "help": "help text",
    "placeholder": "placeholder",
    "default": "default answer",
    "validation": "validation",
    "options": "options",
    "expression": "formula",
    "prefill": "prefill",
    "fields": "columns",
}


def _name(item: dict[str, Any], *keys: str) -> str:
    for key in keys:
        if item.get(key):
            return f"“{item[key]}”"
    return "“(untitled)”"


def _by_key(items: list[Any]) -> dict[str, dict[str, Any]]:
    return {str(i.get("key")): i for i in items if isinstance(i, dict)}


def describe_changes(old: dict[str, Any] | None, new: dict[str, Any]) -> list[str]:
    """Sentences such as 'Added the field “Company name” to step “Your details”'."""
    if old is None:
        return [_first(new)]
    changes: list[str] = []
    if old.get("name") != new.get("name"):
        changes.append(f"Renamed the template from {_name(old, 'name')} to {_name(new, 'name')}.")
    if old.get("description") != new.get("description"):
        changes.append("Changed the template’s description.")
    if old.get("language", "en") != new.get("language", "en"):
        changes.append(
            f"The template is now written in {language_name(new.get('language', 'en'))} "
            f"(was {language_name(old.get('language', 'en'))})."
        )
    if old.get("settings") != new.get("settings"):
        changes.append("Changed the template’s signing settings.")
    changes += _roles(old, new)
    changes += _sections(old, new)
    changes += _fields(old, new)
    changes += _document(old.get("document") or [], new.get("document") or [], new)
    return changes or ["Nothing changed since the last version."]


def _first(new: dict[str, Any]) -> str:
    sections = new.get("sections", [])
    fields = sum(len(s.get("fields", [])) for s in sections)
    roles = ", ".join(str(r.get("name") or r.get("key")) for r in new.get("roles", []))
    document = _contents(new.get("document") or [])
    return (
        f"First version: {len(sections)} step{'s' if len(sections) != 1 else ''} with "
        f"{fields} field{'s' if fields != 1 else ''}, the roles {roles}, and {document}."
    )


def _contents(blocks: list[Any]) -> str:
    """“a document of 2 sections and 6 clauses”: counted as the PDF numbers them, since an
    author thinks in clauses, not in the designer's blocks."""
    if not blocks:
        return "the standard document layout"
    numbers = clause_numbers(blocks)
    sections = sum(1 for b, n in zip(blocks, numbers, strict=True) if n and _is_heading(b))
    clauses = sum(1 for b in blocks if isinstance(b, dict) and b.get("kind") == "paragraph")
    parts = [_count(sections, "section")] if sections else []
    parts += [_count(clauses, "clause")] if clauses else []
    return f"a document of {' and '.join(parts)}" if parts else "a document without clauses yet"


def _is_heading(block: Any) -> bool:
    return isinstance(block, dict) and block.get("kind") == "heading"


#: what a role does, in the words of the preview's tabs (not "cc", "approver")
_ACTS = {"signer": "signs", "approver": "approves", "cc": "receives a copy"}
#: an organisation role (docs/stamps.md) is signed by nobody in person
_STAMPED = "signed by the organisation with its company stamp"


def _added(role: dict[str, Any]) -> str:
    if role.get("organisation"):
        return f"Added the role {_name(role, 'name', 'key')}, {_STAMPED}."
    return f"Added the role {_name(role, 'name', 'key')}, who {_ACTS.get(role.get('kind', 'signer'), 'signs')}."


def _roles(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    before, after = _by_key(old.get("roles", [])), _by_key(new.get("roles", []))
    out = [_added(r) for k, r in after.items() if k not in before]
    out += [
        f"Removed the role {_name(r, 'name', 'key')}." for k, r in before.items() if k not in after
    ]
    for key in before.keys() & after.keys():
        a, b = before[key], after[key]
        if a.get("name") != b.get("name"):
            out.append(f"Renamed the role {_name(a, 'name')} to {_name(b, 'name')}.")
        if a.get("kind", "signer") != b.get("kind", "signer"):
            now, was = (_ACTS.get(r.get("kind", "signer"), "signs") for r in (b, a))
            out.append(f"The role {_name(b, 'name')} now {now} (before: {was}).")
        if bool(a.get("organisation")) != bool(b.get("organisation")):
            now = "is now" if b.get("organisation") else "is no longer"
            out.append(f"The role {_name(b, 'name')} {now} {_STAMPED}.")
        if a.get("stage", 1) != b.get("stage", 1):
            out.append(f"The role {_name(b, 'name')} now acts in stage {b.get('stage', 1)}.")
        if a.get("condition") != b.get("condition"):
            out.append(
                f"The role {_name(b, 'name')} is now included {_when(b.get('condition'), new)}."
            )
        if a.get("identity") != b.get("identity"):
            out.append(f"Changed the identity check of the role {_name(b, 'name')}.")
    return out


def _when(logic: Any, definition: dict[str, Any]) -> str:
    return "always" if logic is None else f"when {describe(logic, definition)}"


def _sections(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    before, after = _by_key(old.get("sections", [])), _by_key(new.get("sections", []))
    out = [f"Added the step {_name(s, 'title')}." for k, s in after.items() if k not in before]
    out += [f"Removed the step {_name(s, 'title')}." for k, s in before.items() if k not in after]
    kept_old = [k for k in before if k in after]
    kept_new = [k for k in after if k in before]
    if kept_old != kept_new:
        out.append("Changed the order of the steps.")
    for key in kept_new:
        a, b = before[key], after[key]
        if a.get("title") != b.get("title"):
            out.append(f"Renamed the step {_name(a, 'title')} to {_name(b, 'title')}.")
        if a.get("description") != b.get("description"):
            out.append(f"Changed the introduction of the step {_name(b, 'title')}.")
        if a.get("role") != b.get("role"):
            out.append(f"The step {_name(b, 'title')} is now filled in by “{b.get('role')}”.")
        if a.get("visible_if") != b.get("visible_if"):
            out.append(
                f"The step {_name(b, 'title')} is now shown {_when(b.get('visible_if'), new)}."
            )
    return out


def _all_fields(d: dict[str, Any]) -> dict[str, tuple[dict[str, Any], dict[str, Any]]]:
    return {
        str(f.get("key")): (s, f)
        for s in d.get("sections", [])
        for f in s.get("fields", [])
        if isinstance(f, dict)
    }


def _fields(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    before, after = _all_fields(old), _all_fields(new)
    out = [
        f"Added the field {_name(f, 'label')} to the step {_name(s, 'title')}."
        for k, (s, f) in after.items()
        if k not in before
    ]
    out += [
        f"Removed the field {_name(f, 'label')}." for k, (_, f) in before.items() if k not in after
    ]
    moved = False
    for key in before.keys() & after.keys():
        (sa, a), (sb, b) = before[key], after[key]
        name = _name(b, "label")
        if a.get("label") != b.get("label"):
            out.append(f"Reworded the question {_name(a, 'label')} to {name}.")
        if sa.get("key") != sb.get("key"):
            out.append(f"Moved the field {name} to the step {_name(sb, 'title')}.")
        if a.get("component") != b.get("component"):
            now, was = (palette.item(str(f.get("component"))).label for f in (b, a))
            out.append(f"The field {name} is now asked as “{now}” (was “{was}”).")
        if bool(a.get("required")) != bool(b.get("required")):
            out.append(
                f"The field {name} is now {'required' if b.get('required') else 'optional'}."
            )
        if a.get("visible_if") != b.get("visible_if"):
            out.append(f"The field {name} is now shown {_when(b.get('visible_if'), new)}.")
        changed = [label for prop, label in _FIELD_PROPS.items() if a.get(prop) != b.get(prop)]
        if changed:
            out.append(f"Changed the {', '.join(changed)} of the field {name}.")
        moved = moved or _position(old, key) != _position(new, key)
    if moved and not any(c.startswith("Moved the field") for c in out):
        out.append("Changed the order of fields.")
    return sorted(set(out), key=out.index)


def _position(d: dict[str, Any], key: str) -> tuple[str, int] | None:
    for s in d.get("sections", []):
        keys = [f.get("key") for f in s.get("fields", [])]
        if key in keys:
            return str(s.get("key")), keys.index(key)
    return None


MAX_BLOCK_SENTENCES = 6


def _document(old: list[Any], new: list[Any], definition: dict[str, Any]) -> list[str]:
    """Which blocks were added, removed or edited, named by their text, so a lawyer sees
    which clause changed; many changes at once are counted instead."""
    if old == new:
        return []
    key = repr
    if sorted(map(key, old)) == sorted(map(key, new)):
        return ["Reordered the headings and clauses of the document."]
    done: list[tuple[str, Any, str]] = []
    matcher = SequenceMatcher(a=list(map(key, old)), b=list(map(key, new)), autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            done += _replaced(old[i1:i2], new[j1:j2], definition)
    if len(done) <= MAX_BLOCK_SENTENCES:
        return [sentence for _, _, sentence in done]
    parts = [
        f"{verb} {_things([b for v, b, _ in done if v == verb])}"
        for verb in ("added", "removed", "edited")
        if any(v == verb for v, _, _ in done)
    ]
    return [f"Changed the document: {', '.join(parts)}."]


#: what a block is, counted as an author names it (not "blocks", the designer's word)
_THINGS = {
    "heading": ("heading", "headings"),
    "paragraph": ("clause", "clauses"),
    "signature": ("signature block", "signature blocks"),
    "fields": ("table of answers", "tables of answers"),
    "page_break": ("page break", "page breaks"),
}


def _things(blocks: list[Any]) -> str:
    """“3 clauses and 1 heading”: the blocks counted by what they are, most first."""
    counts: dict[str, int] = {}
    for block in blocks:
        kind = block.get("kind") if isinstance(block, dict) else None
        counts[str(kind)] = counts.get(str(kind), 0) + 1
    words = [
        f"{n} {_THINGS.get(kind, ('part', 'parts'))[n != 1]}"
        for kind, n in sorted(counts.items(), key=lambda item: -item[1])
    ]
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


def _replaced(
    before: list[Any], after: list[Any], definition: dict[str, Any]
) -> list[tuple[str, Any, str]]:
    """Pair each old block with the next new block of its kind (an edit); the rest were
    removed or added. Each as (what was done, the block, the sentence saying so)."""
    out: list[tuple[str, Any, str]] = []
    start = 0
    kinds = [b.get("kind") if isinstance(b, dict) else None for b in after]

    def added(blocks: list[Any]) -> list[tuple[str, Any, str]]:
        return [("added", b, f"Added {_block(b, definition)} to the document.") for b in blocks]

    for block in before:
        kind = block.get("kind") if isinstance(block, dict) else None
        match = next((j for j in range(start, len(after)) if kinds[j] == kind), None)
        if match is None:
            out.append(
                ("removed", block, f"Removed {_block(block, definition)} from the document.")
            )
            continue
        out += added(after[start:match])
        out.append(("edited", after[match], _edited(block, after[match], definition)))
        start = match + 1
    return out + added(after[start:])


def _edited(a: Any, b: Any, definition: dict[str, Any]) -> str:
    if not isinstance(a, dict) or not isinstance(b, dict) or a.get("kind") != b.get("kind"):
        return f"Replaced {_block(a, definition)} with {_block(b, definition)} in the document."
    if {**a, "visible_if": None} == {**b, "visible_if": None}:
        block = _block(b, definition)
        return (
            f"{block[0].upper()}{block[1:]} is now shown {_when(b.get('visible_if'), definition)}."
        )
    if b.get("kind") == "heading" and a.get("text") != b.get("text"):
        return f"Renamed {_block(a, definition)} to “{snippet(str(b.get('text', '')))}”."
    return f"Edited {_block(b, definition)}."


def _block(block: Any, definition: dict[str, Any]) -> str:
    """“the heading “Fees””, “the paragraph “The Customer pays …””: a block by its words."""
    if not isinstance(block, dict):
        return "a block"
    kind = block.get("kind")
    if kind == "heading":
        return f"the heading “{snippet(str(block.get('text', '')))}”"
    if kind == "paragraph":
        words = snippet(with_labels(plain(str(block.get("html", ""))), definition))
        return f"the paragraph “{words}”"
    if kind == "signature":
        key = block.get("role", "")
        names = {r.get("key"): r.get("name") for r in definition.get("roles", [])}
        return f"the signature block of “{names.get(key) or key}”"
    if kind == "fields":
        return "the table of answers"
    return "a page break"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'s' if n != 1 else ''}"
