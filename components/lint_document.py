"""What publishing warns about beyond lint: the signed document as a reader will see it.

`publish_findings` is the one list of findings publishing shows, wherever it happens: the
designer's publish check, the API's import and publish (`warnings` in the answer) and
`formseal template import` (a "Warning: …" line each). None of these refuse: they are what
an author should choose knowingly.

- a step without fields, an empty document (the PDF then uses the standard layout);
- a clause quoting an optional question: left empty, the signed PDF shows a dash there
  ("the deposit is —."); quiet when the paragraph's own rule needs an answer to it;
- a clause quoting a required question that a rule can skip (its step's, its own):
  `required` holds only while the question is shown, so skipped it has no answer and the
  clause reads "—" too; quiet when the paragraph's rule implies every hiding rule, or
  needs an answer to the question (components.implies). A paragraph rule that may not
  imply it is warned about in words that say "may";
- a clause quoting a required answer of a party that a rule can leave out (a role with a
  `condition`): a skipped party answers nothing, so the clause reads "—" too; quiet as
  above, when the paragraph's rule implies the role's condition or needs the answer;
- a role that signs but has no signature block in an authored document: the sealed PDF
  adds a Signatures section at the end for it (runtime/envelopes/document.py).

`document_findings` reads plain dicts, so the designer can also check a draft that does not
parse yet; its paths are JSON paths like lint's (`$.document` for the document as a whole).
"""

import re
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import msgspec

from components.definition import MAX_DEFINITION_BYTES, Definition, Field, to_builtins
from components.implies import answered, implies, needs_answer
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


def warnings_despite_errors(raw: bytes | str | Mapping[str, Any]) -> list[Finding] | None:
    """The warnings of a definition that parse_definition refuses though it reads (a key
    used twice, an unknown component: its checks find them again), so the 422 carries them
    with its errors and an author fixes everything in one pass. None when it does not read
    (not JSON, a value of the wrong type): then only the errors can be told."""
    data = raw.encode() if isinstance(raw, str) else raw
    if isinstance(data, bytes):
        data = data.removeprefix(b"\xef\xbb\xbf")
        if len(data) > MAX_DEFINITION_BYTES:
            return None
    try:
        decoded = (
            msgspec.json.decode(data, type=Definition)
            if isinstance(data, bytes)
            else msgspec.convert(data, type=Definition)
        )
    except (msgspec.ValidationError, msgspec.DecodeError, RecursionError, UnicodeDecodeError):
        return None
    return [f for f in publish_findings(decoded) if f.severity == "warning"]


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
    facts = (scope, _always_answered(d)) if scope is not None else None
    yield from _hidden_required_merge_fields(d, words, facts)
    yield from _skipped_party_merge_fields(d, words, facts)
    yield from _unplaced_signatures(d)


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _dicts(value: Any) -> Iterator[dict[str, Any]]:
    return (item for item in _list(value) if isinstance(item, dict))


def _quoting_blocks(d: Mapping[str, Any]) -> Iterator[tuple[int, list[str], Any]]:
    """(index, merge field keys once each, its own rule or None) of each block with text."""
    for bi, block in enumerate(_list(d.get("document"))):
        html = block.get("html") if isinstance(block, dict) else None
        if isinstance(html, str):
            keys = list(dict.fromkeys(MERGE_FIELD.findall(html)))
            yield bi, keys, block.get("visible_if") or None


#: the parsed fields, and the keys every sealed document has an answer to
Facts = tuple[Mapping[str, Field], frozenset[str]]


def _always_answered(d: Mapping[str, Any]) -> frozenset[str]:
    """Required questions no rule can skip, of parties who always take part."""
    optional_roles = {r.get("key") for r in _dicts(d.get("roles")) if r.get("condition")}
    return frozenset(
        str(field.get("key"))
        for section in _dicts(d.get("sections"))
        if not section.get("visible_if") and section.get("role") not in optional_roles
        for field in _dicts(section.get("fields"))
        if field.get("required") and not field.get("visible_if")
    )


def _guarded(rule: Any, key: str, skipping: list[Any], facts: Facts | None) -> bool:
    """The paragraph's rule makes sure `key` was asked: it needs an answer to it, or it
    implies every rule that can skip it. Unsure is unguarded (a warning, never a silent —)."""
    if rule is None:
        return False
    scope, always = facts if facts is not None else (None, frozenset[str]())
    if needs_answer(rule, key) or implies(rule, answered(key), scope, always):
        return True
    return all(implies(rule, r, scope, always) for r in skipping)


def _shape(d: Mapping[str, Any]) -> Iterator[Problem]:
    for si, section in enumerate(_list(d.get("sections"))):
        if isinstance(section, dict) and not section.get("fields"):
            yield f"$.sections[{si}]", "This step has no fields yet.", "warning"
    if not d.get("document"):
        yield (
            "$.document",
            "The document is empty, so the PDF uses the standard layout: the title, every "
            "answer and the signatures.",
            "warning",
        )


def _optional_merge_fields(d: Mapping[str, Any]) -> Iterator[Problem]:
    fields = {f.get("key"): f for s in _dicts(d.get("sections")) for f in _dicts(s.get("fields"))}
    for bi, keys, rule in _quoting_blocks(d):
        for key in keys:
            field = fields.get(key)
            if field is None or field.get("required") or needs_answer(rule, key):
                continue
            component = get_component(str(field.get("component", "")))
            if component is None or not component.can_be_prefilled:
                continue
            if component.name in NEVER_BLANK:
                continue
            label = str(field.get("label") or key)
            yield (
                f"$.document[{bi}]",
                f"This paragraph quotes the answer to “{label}”, an optional question: left "
                "empty, it shows as a dash (—) in the signed PDF. Make the question required, "
                f"or give this paragraph the rule “{label} is answered”.",
                "warning",
            )


def _hidden_required_merge_fields(
    d: Mapping[str, Any], words: Callable[[Any], str], facts: Facts | None
) -> Iterator[Problem]:
    hiding: dict[str, tuple[str, str, list[Any]]] = {}  # key: (label, component, rules)
    for section in _dicts(d.get("sections")):
        for field in _dicts(section.get("fields")):
            rules = [r for r in (section.get("visible_if"), field.get("visible_if")) if r]
            if field.get("required") and rules and isinstance(field.get("key"), str):
                label = str(field.get("label") or field["key"])
                hiding[field["key"]] = (label, str(field.get("component", "")), rules)
    for bi, keys, rule in _quoting_blocks(d):
        for key in keys:
            if key not in hiding:
                continue
            label, component, rules = hiding[key]
            if _guarded(rule, key, rules, facts):
                continue
            when = " and ".join(words(r) for r in rules)
            fix = (
                f"Give this paragraph the same rule, or the rule “{label} is "
                f"{answered_word(component)}”."
            )
            yield f"$.document[{bi}]", _skippable(label, when, rule, words) + fix, "warning"


def _skippable(label: str, when: str, rule: Any, words: Callable[[Any], str]) -> str:
    """Without a rule the dash is sure; with one that may not be enough, it "may" show."""
    quotes = f"This paragraph quotes the answer to “{label}”, a required question that is "
    if rule is None:
        return (
            f"{quotes}asked only when {when}: when it is not asked, it shows as a dash (—) in "
            "the signed PDF. "
        )
    return (
        f"{quotes}asked only when {when}, and this paragraph's rule ({words(rule)}) may not "
        "make sure it is asked: when it is not, the signed PDF may show a dash (—) there. "
    )


def _skipped_party_merge_fields(
    d: Mapping[str, Any], words: Callable[[Any], str], facts: Facts | None
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
    for bi, keys, rule in _quoting_blocks(d):
        for key in keys:
            if key not in asked:
                continue
            label, component, role = asked[key]
            if _guarded(rule, key, [role["condition"]], facts):
                continue
            name = str(role.get("name") or role.get("key"))
            quotes = (
                f"This paragraph quotes the answer to “{label}”, a question for {name}, who "
                f"takes part only when {words(role['condition'])}"
            )
            if rule is None:
                said = f"{quotes}: when {name} does not, it shows as a dash (—) in the signed PDF."
            else:
                said = (
                    f"{quotes}, and this paragraph's rule ({words(rule)}) may not make sure "
                    f"{name} does: when {name} does not, the signed PDF may show a dash (—) there."
                )
            yield (
                f"$.document[{bi}]",
                f"{said} Give this paragraph the same rule, or the rule “{label} is "
                f"{answered_word(component)}”.",
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
