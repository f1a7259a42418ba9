"""Lint for authors: errors block publishing, warnings are shown. Every problem says where
it is in words and links to the item in the editor.

A draft that parses is checked by components.lint (the same rules the API applies); one
that does not parse yet shows its parse errors plus the reference checks authors most
often need while building (rules and merge fields naming fields that do not exist).
"""

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from components import DefinitionError, get_component, parse_definition
from components.lint import lint as lint_definition
from designer.document.blocks import made_up_text
from designer.logic.rules import is_unset
from designer.publishing.lint_hidden import hidden_required_merge_fields
from designer.publishing.places import box_for, place, tab_for
from designer.references import MERGE_FIELD, vars_in


@dataclass(frozen=True)
class Problem:
    level: str  # "error" or "warning"
    message: str
    where: str
    select: str = "template"
    box: str = ""  # the properties box the link puts the cursor in (places.box_for)

    @property
    def tab(self) -> str:
        return tab_for(self.select)


def lint(definition: dict[str, Any]) -> list[Problem]:
    """Every problem, errors first, without duplicates."""
    found: list[Problem] = []
    try:
        parsed = parse_definition(definition)
    except DefinitionError as exc:
        found += [_at(definition, "error", e.path, e.message) for e in exc.errors]
        found += list(_references(definition))
    else:
        found += [
            _at(definition, "error" if f.severity == "error" else "warning", f.path, f.message)
            for f in lint_definition(parsed)
            if f.path not in _unset_rules(definition)  # "always true": said better below
        ]
    found += list(_shape(definition))
    found += list(_optional_merge_fields(definition))
    found += [
        _at(definition, "warning", f"$.document[{bi}]", message)
        for bi, message in hidden_required_merge_fields(definition)
    ]
    found += list(_unplaced_signatures(definition))
    unique = list(dict.fromkeys(found))
    return sorted(unique, key=lambda p: p.level != "error")


def _at(definition: dict[str, Any], level: str, path: str, message: str) -> Problem:
    where, select = place(definition, path)
    return Problem(level, message[:1].upper() + message[1:], where, select, box_for(path))


def _unset_rules(d: dict[str, Any]) -> set[str]:
    return {
        f"$.document[{bi}].visible_if"
        for bi, block in enumerate(d.get("document") or [])
        if isinstance(block, dict) and is_unset(block.get("visible_if"))
    }


def _shape(d: dict[str, Any]) -> Iterator[Problem]:
    """What an author sees at once but a parser does not call wrong."""
    sections = d.get("sections") or []
    if sections and not any(s.get("fields") for s in sections):
        yield Problem("error", "Add at least one field: the form is empty.", "the form")
    for si, s in enumerate(sections):
        if not s.get("fields"):
            yield _at(d, "warning", f"$.sections[{si}]", "this step has no fields yet")
    for bi, block in enumerate(d.get("document") or []):
        made_up = made_up_text(block) if isinstance(block, dict) else ""
        if made_up:
            where, select = place(d, f"$.document[{bi}]")
            box = "prop-text" if block.get("kind") == "heading" else "rte-area"
            yield Problem(
                "error",
                f"The starting text “{made_up}” is still there; write your own, or delete the block.",
                where,
                select,
                box,
            )
        if isinstance(block, dict) and is_unset(block.get("visible_if")):
            where, select = place(d, f"$.document[{bi}]")
            yield Problem(
                "error",
                "This conditional clause has no rule yet: choose when to show it, or delete "
                "the block.",
                where,
                select,
                "rule-builder",
            )
    if not d.get("document"):
        yield Problem(
            "warning",
            "The document is empty, so the PDF uses the standard layout: the title, every "
            "answer and the signatures.",
            "the document",
            "block:",
        )


def _unplaced_signatures(d: dict[str, Any]) -> Iterator[Problem]:
    """A role that signs but has no signature block in an authored document. The sealed PDF
    still shows their signature (in a Signatures section added at the end,
    runtime/envelopes/document.py), but rarely where the author would put it."""
    blocks = d.get("document")
    if not isinstance(blocks, list) or not blocks:
        return  # no document: the standard layout places every signature (see _shape)
    placed = {b.get("role") for b in blocks if isinstance(b, dict) and b.get("kind") == "signature"}
    for role in d.get("roles") or []:
        if not isinstance(role, dict) or role.get("kind", "signer") != "signer":
            continue
        if role.get("key") in placed:
            continue
        name = role.get("name") or role.get("key") or "A role"
        mark = "company stamp" if role.get("organisation") else "signature"
        yield Problem(
            "warning",
            f"{name} signs but the document shows no place for their {mark}: the PDF "
            f"ends with a Signatures section for them. Add a signature block for {name} "
            "where it belongs.",
            "the document",
            "block:",
        )


def _references(d: dict[str, Any]) -> Iterator[Problem]:
    keys = {f.get("key") for s in d.get("sections", []) for f in s.get("fields", [])}
    owners: list[tuple[str, Any]] = []
    for si, s in enumerate(d.get("sections", [])):
        owners.append((f"$.sections[{si}].visible_if", s.get("visible_if")))
        for fi, f in enumerate(s.get("fields", [])):
            at = f"$.sections[{si}].fields[{fi}]"
            owners += [
                (f"{at}.visible_if", f.get("visible_if")),
                (f"{at}.expression", f.get("expression")),
            ]
    owners += [
        (f"$.roles[{i}].condition", r.get("condition")) for i, r in enumerate(d.get("roles", []))
    ]
    owners += [
        (f"$.document[{i}].visible_if", b.get("visible_if"))
        for i, b in enumerate(d.get("document", []))
    ]
    for path, logic in owners:
        for name in sorted(vars_in(logic)):
            if name not in keys:
                yield _at(
                    d, "error", path, f"the rule uses “{name}”, which is not a field (any more)"
                )
    for bi, b in enumerate(d.get("document", [])):
        html = b.get("html") if isinstance(b.get("html"), str) else ""
        for name in MERGE_FIELD.findall(html):
            if name not in keys:
                yield _at(
                    d,
                    "error",
                    f"$.document[{bi}]",
                    f"the merge field {{{{ {name} }}}} names no field",
                )


#: an unticked box reads "No", never blank: quoting an optional one is fine
NEVER_BLANK = frozenset({"checkbox"})


def _optional_merge_fields(d: dict[str, Any]) -> Iterator[Problem]:
    """A clause quoting an optional question: left empty, the signed PDF shows a dash
    there ("the deposit is —."). Not wrong, but the author should choose it knowingly.
    Quiet when the paragraph's own condition reads that field (it is guarded)."""
    fields = {
        f.get("key"): f
        for s in d.get("sections") or []
        if isinstance(s, dict)
        for f in s.get("fields") or []
        if isinstance(f, dict)
    }
    for bi, block in enumerate(d.get("document") or []):
        html = block.get("html") if isinstance(block, dict) else None
        if not isinstance(html, str):
            continue
        guarded = vars_in(block.get("visible_if"))
        for key in dict.fromkeys(MERGE_FIELD.findall(html)):
            field = fields.get(key)
            if field is None or field.get("required") or key in guarded:
                continue
            component = get_component(str(field.get("component", "")))
            if component is None or not component.can_be_prefilled:
                continue
            if component.name in NEVER_BLANK:
                continue
            label = str(field.get("label") or key)
            yield _at(
                d,
                "warning",
                f"$.document[{bi}]",
                f"the merge field {{{{ {key} }}}} quotes “{label}”, an optional question: left "
                "empty, it shows as a dash (—) in the signed PDF. Make the question required, "
                f"or give this paragraph the rule “{label} is filled in”.",
            )
