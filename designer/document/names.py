"""Document blocks named as an author reads the contract: *clause 28.1 “Gina guarantees the
Client's …”*, *section 28 “Guarantee”*, not *document block 104*.

Numbers follow the sealed PDF (runtime/sealing/document.py: level-2 headings are sections,
the paragraphs under them clauses 28.1, 28.2; without sections paragraphs are 1, 2, 3),
counted with every conditional clause included, as the designer shows the document.
"""

import re
from collections.abc import Mapping
from contextvars import ContextVar
from types import MappingProxyType
from typing import Any

#: key -> the label it had, for the questions the draft being shown no longer has (a rule or
#: a clause may still name them). Set whenever a draft is loaded (designer.drafts), so a
#: sentence or a clause's name says “Client type”, not the key the author never chose.
GONE_LABELS: ContextVar[Mapping[str, str]] = ContextVar(
    "formseal_gone_labels", default=MappingProxyType({})
)
#: key -> those questions as they were: a rule's sentence words a deleted choice's option
#: as signers read it ("is A company", not the value "a_company")
GONE_FIELDS: ContextVar[Mapping[str, Mapping[str, Any]]] = ContextVar(
    "formseal_gone_fields", default=MappingProxyType({})
)


def plain(html: str) -> str:
    return " ".join(re.sub(r"<[^>]*>", " ", html).split())


#: a word, with a merge field counted as one even with spaces inside ("{{ company_name }},"
#: or, named by its question, "[Company name],")
_WORD = re.compile(r"(?:\{\{[^{}]*\}\}|\[[^\[\]]*\]|\S)+")

_MERGE_FIELD = re.compile(r"\{\{\s*([a-z][a-z0-9_]*)\s*\}\}")


def with_labels(text: str, definition: dict[str, Any]) -> str:
    """Merge fields named by their question, as the Document tab's chips show them
    ("[SIREN]", not "{{ siren }}"); a deleted question by the label it had (GONE_LABELS); a
    key that never was a question stays as typed, to be found."""
    labels = dict(GONE_LABELS.get())
    labels.update(
        (str(f.get("key")), str(f.get("label")))
        for s in definition.get("sections") or []
        if isinstance(s, dict)
        for f in s.get("fields") or []
        if isinstance(f, dict) and f.get("label")
    )

    def name(match: re.Match[str]) -> str:
        label = labels.get(match.group(1))
        return f"[{label}]" if label else match.group(0)

    return _MERGE_FIELD.sub(name, text)


def snippet(text: str, words: int = 8) -> str:
    """The first words; a merge field is never cut in two ("the business {{ …")."""
    parts = _WORD.findall(text)
    if len(parts) > words:
        return " ".join(parts[:words]).rstrip(".,;: ") + " …"
    return " ".join(parts).rstrip(".,;: ")


def clause_numbers(blocks: list[Any]) -> list[str]:
    """The number each block carries in the PDF ("4", "4.1", "3" without sections; "")."""
    has_sections = any(_kind(b) == "heading" and _level(b) == 2 for b in blocks)
    numbers: list[str] = []
    section = clause = 0
    for block in blocks:
        number = ""
        if _kind(block) == "heading" and _level(block) == 2:
            section, clause = section + 1, 0
            number = str(section)
        elif _kind(block) == "paragraph":
            clause += 1
            number = f"{section}.{clause}" if section else "" if has_sections else str(clause)
        numbers.append(number)
    return numbers


def block_names(definition: dict[str, Any]) -> list[str]:
    """Plain-words names of the document's blocks, in order (lower case: used mid-sentence)."""
    blocks = definition.get("document") or []
    roles = {
        r.get("key"): r.get("name") or r.get("key")
        for r in definition.get("roles") or []
        if isinstance(r, dict)
    }
    names = []
    for index, (block, number) in enumerate(zip(blocks, clause_numbers(blocks), strict=True)):
        kind = _kind(block)
        if kind == "heading":
            words = snippet(str(block.get("text", "")))
            level = _level(block)
            what = "the title" if level == 1 else f"section {number}" if number else "the heading"
            names.append(f"{what} “{words}”")
        elif kind == "paragraph":
            words = snippet(with_labels(plain(str(block.get("html", ""))), definition))
            names.append(f"clause {number} “{words}”" if number else f"the paragraph “{words}”")
        elif kind == "fields":
            names.append("the table of answers")
        elif kind == "signature":
            role = block.get("role", "")
            names.append(f"the signature block of {roles.get(role, role)}")
        else:
            names.append(f"the page break (block {index + 1})")
    return names


def block_name(definition: dict[str, Any], index: int) -> str:
    names = block_names(definition)
    return names[index] if 0 <= index < len(names) else f"document block {index + 1}"


def _kind(block: Any) -> str:
    return str(block.get("kind", "")) if isinstance(block, dict) else ""


def _level(block: dict[str, Any]) -> int:
    try:
        return min(max(int(block.get("level", 1)), 1), 3)
    except (TypeError, ValueError):
        return 2
