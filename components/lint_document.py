"""What publishing warns about beyond lint: the signed document as a reader will see it.

`publish_findings` is the one list of findings publishing shows, wherever it happens: the
designer's publish check, the API's import and publish (`warnings` in the answer) and
`formseal template import` (a "Warning: …" line each). None of these refuse: they are what
an author should choose knowingly.

- a step without fields, an empty document (the PDF then uses the standard layout);
- a clause quoting an optional question: left empty, the signed PDF shows a dash there
  ("the deposit is —."); quiet when the paragraph's own rule reads that question;
- a clause quoting a required question that a rule can skip: `required` holds only while the
  question is shown, so skipped it has no answer and the clause reads "—" too; quiet when
  the paragraph's rule reads the question or a field the hiding rule reads;
- a clause quoting a required answer of a party that a rule can leave out (a role with a
  `condition`): a skipped party answers nothing, so the clause reads "—" too; quiet as
  above, when the paragraph's rule reads the answer or a field the role's condition reads;
- a role that signs but has no signature block in an authored document: the sealed PDF
  adds a Signatures section at the end for it (runtime/envelopes/document.py).

`document_findings` reads plain dicts, so the designer can also check a draft that does not
parse yet; its paths are JSON paths like lint's (`$.document` for the document as a whole).
"""

import re
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from components.conditions import referenced_keys
from components.definition import Definition, Field, to_builtins
from components.lint import Finding, lint
from components.lint_types import Problem
from components.registry import get_component
from components.sentences import answered_word, phrase, scope_of

MERGE_FIELD = re.compile(r"\{\{\s*([a-z][a-z0-9_]*)\s*\}\}")

#: an unticked box reads "No", never blank: quoting an optional one is fine
NEVER_BLANK = frozenset({"checkbox"})


def publish_findings(definition: Definition) -> list[Finding]:
    """Lint, then the document's warnings: errors refuse a publish, warnings never do."""
    found = lint(definition)
    raw = to_builtins(definition)
    found += [Finding(*p) for p in document_findings(raw, scope_of(definition))]
    return list(dict.fromkeys(found))


def document_findings(
    d: Mapping[str, Any], scope: Mapping[str, Field] | None = None
) -> Iterator[Problem]:
    """Every warning above, for a definition as plain dicts. `scope` (the parsed fields)
    lets a rule read as words; without it a rule is "its rule holds"."""
    yield from _shape(d)
    yield from _optional_merge_fields(d)
    words: Callable[[Any], str] = (
        (lambda rule: phrase(rule, scope)) if scope is not None else (lambda _: "its rule holds")
    )
    yield from _hidden_required_merge_fields(d, words)
    yield from _skipped_party_merge_fields(d, words)
    yield from _unplaced_signatures(d)


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _dicts(value: Any) -> Iterator[dict[str, Any]]:
    return (item for item in _list(value) if isinstance(item, dict))


def _keys_in(logic: Any) -> set[str]:
    try:
        return referenced_keys(logic) if logic else set()
    except (TypeError, ValueError, IndexError):  # a draft's half-made rule reads nothing
        return set()


def _quoting_blocks(d: Mapping[str, Any]) -> Iterator[tuple[int, list[str], set[str]]]:
    """(index, merge field keys once each, keys its own rule reads) of each block with text."""
    for bi, block in enumerate(_list(d.get("document"))):
        html = block.get("html") if isinstance(block, dict) else None
        if isinstance(html, str):
            keys = list(dict.fromkeys(MERGE_FIELD.findall(html)))
            yield bi, keys, _keys_in(block.get("visible_if"))


def _shape(d: Mapping[str, Any]) -> Iterator[Problem]:
    for si, section in enumerate(_list(d.get("sections"))):
        if isinstance(section, dict) and not section.get("fields"):
            yield f"$.sections[{si}]", "This step has no fields yet", "warning"
    if not d.get("document"):
        yield (
            "$.document",
            "The document is empty, so the PDF uses the standard layout: the title, every "
            "answer and the signatures.",
            "warning",
        )


def _optional_merge_fields(d: Mapping[str, Any]) -> Iterator[Problem]:
    fields = {f.get("key"): f for s in _dicts(d.get("sections")) for f in _dicts(s.get("fields"))}
    for bi, keys, guarded in _quoting_blocks(d):
        for key in keys:
            field = fields.get(key)
            if field is None or field.get("required") or key in guarded:
                continue
            component = get_component(str(field.get("component", "")))
            if component is None or not component.can_be_prefilled:
                continue
            if component.name in NEVER_BLANK:
                continue
            label = str(field.get("label") or key)
            yield (
                f"$.document[{bi}]",
                f"The merge field {{{{ {key} }}}} quotes “{label}”, an optional question: left "
                "empty, it shows as a dash (—) in the signed PDF. Make the question required, "
                f"or give this paragraph the rule “{label} is answered”.",
                "warning",
            )


def _hidden_required_merge_fields(
    d: Mapping[str, Any], words: Callable[[Any], str]
) -> Iterator[Problem]:
    hiding: dict[str, tuple[str, str, list[Any]]] = {}  # key: (label, component, rules)
    for section in _dicts(d.get("sections")):
        for field in _dicts(section.get("fields")):
            rules = [r for r in (section.get("visible_if"), field.get("visible_if")) if r]
            if field.get("required") and rules and isinstance(field.get("key"), str):
                label = str(field.get("label") or field["key"])
                hiding[field["key"]] = (label, str(field.get("component", "")), rules)
    for bi, keys, guarded in _quoting_blocks(d):
        for key in keys:
            if key not in hiding:
                continue
            label, component, rules = hiding[key]
            if key in guarded or any(_keys_in(rule) & guarded for rule in rules):
                continue
            when = " and ".join(words(rule) for rule in rules)
            yield (
                f"$.document[{bi}]",
                f"The merge field {{{{ {key} }}}} quotes “{label}”, a required question that "
                f"is asked only when {when}: when it is not asked, it shows as a dash (—) in "
                f"the signed PDF. Give this paragraph the same rule, or the rule “{label} is "
                f"{answered_word(component)}”.",
                "warning",
            )


def _skipped_party_merge_fields(
    d: Mapping[str, Any], words: Callable[[Any], str]
) -> Iterator[Problem]:
    """A required answer of a conditional role (an optional one is warned about above)."""
    roles = {r.get("key"): r for r in _dicts(d.get("roles")) if r.get("condition")}
    asked: dict[str, tuple[str, str, dict[str, Any]]] = {}  # key: (label, component, role)
    for section in _dicts(d.get("sections")):
        role = roles.get(section.get("role"))
        if role is None:
            continue
        for field in _dicts(section.get("fields")):
            component = str(field.get("component", ""))
            if field.get("required") and component not in NEVER_BLANK:
                label = str(field.get("label") or field.get("key"))
                asked[str(field.get("key"))] = (label, component, role)
    for bi, keys, guarded in _quoting_blocks(d):
        for key in keys:
            if key not in asked:
                continue
            label, component, role = asked[key]
            if key in guarded or _keys_in(role["condition"]) & guarded:
                continue
            name = str(role.get("name") or role.get("key"))
            yield (
                f"$.document[{bi}]",
                f"The merge field {{{{ {key} }}}} quotes “{label}”, an answer of {name}, who "
                f"takes part only when {words(role['condition'])}: when {name} does not, it "
                "shows as a dash (—) in the signed PDF. Give this paragraph the same rule, or "
                f"the rule “{label} is {answered_word(component)}”.",
                "warning",
            )


def _unplaced_signatures(d: Mapping[str, Any]) -> Iterator[Problem]:
    blocks = _list(d.get("document"))
    if not blocks:
        return  # no document: the standard layout places every signature (see _shape)
    placed = {b.get("role") for b in _dicts(blocks) if b.get("kind") == "signature"}
    for role in _dicts(d.get("roles")):
        if role.get("kind", "signer") != "signer" or role.get("key") in placed:
            continue
        name = role.get("name") or role.get("key") or "A role"
        mark = "company stamp" if role.get("organisation") else "signature"
        yield (
            "$.document",
            f"{name} signs but the document shows no place for their {mark}: the PDF "
            f"ends with a Signatures section for them. Add a signature block for {name} "
            "where it belongs.",
            "warning",
        )
