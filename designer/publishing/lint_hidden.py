"""Publish lint: a clause quoting a required question that a rule can skip.

`required` holds only while the question is shown: when its step's rule (or its own) hides
it, it has no answer, the table of answers leaves it out, and a merge field quoting it reads
"—" in the signed PDF ("registered under number —"). The clause was written for the case
where the question is asked, so it should follow the same rule. A warning, never a refusal:
the author may want the dash. Quiet when the paragraph's rule reads the question itself or
a field the hiding rule reads (it is guarded).
"""

from collections.abc import Iterator, Mapping
from typing import Any

from components import DefinitionError, parse_definition
from components.sentences import phrase, scope_of
from designer.references import MERGE_FIELD, vars_in


def hidden_required_merge_fields(d: dict[str, Any]) -> Iterator[tuple[int, str]]:
    """(index of the document block, message) for each such merge field, once per block."""
    hiding = _hiding_rules(d)
    if not hiding:
        return
    words = _sentences(d)
    for bi, block in enumerate(d.get("document") or []):
        html = block.get("html") if isinstance(block, dict) else None
        if not isinstance(html, str):
            continue
        guarded = vars_in(block.get("visible_if"))
        for key in dict.fromkeys(MERGE_FIELD.findall(html)):
            if key not in hiding:
                continue
            label, rules = hiding[key]
            if key in guarded or any(vars_in(rule) & guarded for rule in rules):
                continue
            when = " and ".join(words(rule) for rule in rules)
            yield (
                bi,
                f"the merge field {{{{ {key} }}}} quotes “{label}”, a required question that "
                f"is asked only when {when}: when it is not asked, it shows as a dash (—) in "
                f"the signed PDF. Give this paragraph the same rule, or the rule “{label} is "
                "filled in”.",
            )


def _hiding_rules(d: dict[str, Any]) -> dict[str, tuple[str, list[Any]]]:
    """Required questions with the rules (step's, then its own) that can hide them."""
    found: dict[str, tuple[str, list[Any]]] = {}
    for section in d.get("sections") or []:
        if not isinstance(section, dict):
            continue
        for field in section.get("fields") or []:
            if not isinstance(field, dict) or not field.get("required"):
                continue
            rules = [r for r in (section.get("visible_if"), field.get("visible_if")) if r]
            if rules and isinstance(field.get("key"), str):
                found[field["key"]] = (str(field.get("label") or field["key"]), rules)
    return found


def _sentences(d: dict[str, Any]) -> Any:
    """How a rule reads ("Borrowing as is A company"), or "its step's rule holds" for a
    draft that does not parse yet."""
    try:
        scope: Mapping[str, Any] = scope_of(parse_definition(d))
    except DefinitionError:
        return lambda rule: "its rule holds"
    return lambda rule: phrase(rule, scope)
