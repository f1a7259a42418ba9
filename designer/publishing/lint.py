"""Lint for authors: errors block publishing, warnings are shown. Every problem says where
it is in words and links to the item in the editor.

A draft that parses is checked by components.lint_document.publish_findings (the very
findings the API and `formseal template import` give); one that does not parse yet shows its
parse errors, the reference checks authors most often need while building (rules and merge
fields naming fields that do not exist) and the document's warnings. Below that, what only
the designer can leave behind: its starting text, a clause whose rule was never chosen.
"""

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from components import DefinitionError, parse_definition
from components.lint import Finding
from components.lint_document import (
    document_findings,
    publish_findings,
    warnings_despite_errors,
)
from designer.document.blocks import made_up_text
from designer.editor.upload_limit import above_maximum, too_large
from designer.logic.rules import is_unset
from designer.publishing.gone import quotes_missing, reads_missing, reworded
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


def lint(
    definition: dict[str, Any],
    former: Mapping[str, str] | None = None,
    upload_cap: int | None = None,
) -> list[Problem]:
    """Every problem, errors first, without duplicates. The warnings are the API's and the
    CLI's too (components.lint_document.publish_findings), in the same words, except that a
    question the draft no longer has is named by its label (`former`: key -> the label it
    had, designer.publishing.gone) or said to be no question of the form, never by its key.
    `upload_cap`: the largest file this server takes; a file upload asking for more is a
    warning (designer.editor.upload_limit)."""
    former = former or {}
    found: list[Problem] = []
    try:
        parsed = parse_definition(definition)
    except DefinitionError as exc:
        found += [_at(definition, "error", e.path, e.message) for e in exc.errors]
        found += list(_references(definition, former))
        # its warnings too, where it reads: all of them fixed in one pass with the errors
        despite = warnings_despite_errors(definition)
        findings = (
            [Finding(*p) for p in document_findings(definition)] if despite is None else despite
        )
    else:
        findings = publish_findings(parsed)
    unset = _unset_rules(definition)  # "always true": said better by _shape
    found += [
        _at(definition, f.severity, f.path, above_maximum(reworded(f.path, f.message, former)))
        for f in findings
        if f.path not in unset
    ]
    found += list(_shape(definition))
    found += list(_uploads_too_large(definition, upload_cap))
    unique = list(dict.fromkeys(found))
    return sorted(unique, key=lambda p: p.level != "error")


def _at(definition: dict[str, Any], level: str, path: str, message: str) -> Problem:
    message = sentence_case(paths_in_words(definition, message))
    if path == "$.document":  # the document as a whole: its tab
        blocks = definition.get("document") or []
        if blocks and "Add a signature block" in message:
            # a signature block is added after the selected block: the last one is
            # selected and the focus is on the palette's Signature block, one key away
            last = f"block:{len(blocks) - 1}"
            return Problem(level, message, "the document", last, "add-block-signature")
        return Problem(level, message, "the document", "block:")
    where, select = place(definition, path)
    return Problem(level, message, where, select, box_for(path))


_PATH = re.compile(r"\$(?:\.[a-z_]+(?:\[\d+\])*)+")


def paths_in_words(definition: dict[str, Any], message: str) -> str:
    """A JSON path inside an engine message ("'note' is already used at
    $.sections[0].fields[4].key") in the author's words: the step's title and the question's
    label ("…already used by Step 1 “Details”, field “Note”")."""

    def words(match: re.Match[str]) -> str:
        path = match[0].removesuffix(".key")  # the key of an item: the item itself
        text = place(definition, path)[0]
        return text[:1].lower() + text[1:] if text.startswith("The ") else text

    return _PATH.sub(words, message.replace("already used at $", "already used by $"))


def sentence_case(message: str) -> str:
    """The engine's fragments ("has no effect on a heading field", "This step has no fields
    yet") as sentences, like the designer's own: a capital, and a full stop at the end."""
    message = message.strip()
    if message and message[-1] not in ".?!…":
        message += "."
    return message[:1].upper() + message[1:]


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
        if isinstance(block, dict) and block.get("kind") == "signature":
            yield from _signature_of_another_role(d, bi, block)
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


def _signature_of_another_role(
    d: dict[str, Any], bi: int, block: dict[str, Any]
) -> Iterator[Problem]:
    """A role's signature block that shows a signature another role signs (made before the
    editor refused it): that person's signature would stand above this role's signer."""
    names = {r.get("key"): str(r.get("name") or r.get("key")) for r in d.get("roles", [])}
    for section in d.get("sections") or []:
        for f in section.get("fields") or []:
            if f.get("key") == block.get("field") and section.get("role") != block.get("role"):
                where, select = place(d, f"$.document[{bi}]")
                yield Problem(
                    "error",
                    f"This signature block of {names.get(block.get('role'), 'a role')} shows "
                    f"“{f.get('label') or f.get('key')}”, which "
                    f"{names.get(section.get('role'), 'another role')} signs: choose a "
                    "signature of its own role, or “Every signature of this role”.",
                    where,
                    select,
                    "prop-sigfield",
                )


def _references(d: dict[str, Any], former: Mapping[str, str]) -> Iterator[Problem]:
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
                yield _at(d, "error", path, reads_missing(path, name, former))
    for bi, b in enumerate(d.get("document", [])):
        html = b.get("html") if isinstance(b.get("html"), str) else ""
        for name in MERGE_FIELD.findall(html):
            if name not in keys:
                yield _at(d, "error", f"$.document[{bi}]", quotes_missing(name, former))


def _uploads_too_large(d: dict[str, Any], cap: int | None) -> Iterator[Problem]:
    for si, section in enumerate(d.get("sections") or []):
        for fi, field in enumerate(
            section.get("fields") or [] if isinstance(section, dict) else []
        ):
            said = too_large(field, cap) if isinstance(field, dict) else ""
            if said:
                where, select = place(d, f"$.sections[{si}].fields[{fi}]")
                yield Problem("warning", said, where, select, "prop-v-max_size")
