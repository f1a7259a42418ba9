"""The outline of a long form or contract, above the palette: its steps (or sections) as
links, and the fields (or clauses) of the one being edited, so field 47 or clause 28.2 is a
click away instead of a long scroll. One partial draws both (_outline.html).

Shown only past a screenful or two: a short form or contract fits, and the list would only
push the palette down. On a tablet or phone the list is one line, a menu that opens the
steps (or sections) when asked: thirty of them were six rows of buttons above the form.
"""

import html
from typing import Any

from designer.document.names import clause_numbers, plain, snippet

#: a form past this many steps, or fields, no longer fits on a screen or two
OUTLINE_STEPS, OUTLINE_FIELDS = 3, 15
#: a contract past this many sections, or clauses (a section is shorter than a step)
OUTLINE_SECTIONS, OUTLINE_CLAUSES = 6, 15


def _entry(**given: Any) -> dict[str, Any]:
    """One row: a step, field, section or clause (every key present for the template)."""
    row: dict[str, Any] = {"key": "", "number": "", "title": "", "text": "", "full": ""}
    row.update(count=None, open=False, conditional=False, children=[])
    return {**row, **given}


def _outline(
    title: str, noun: str, counted: str, entries: list[dict[str, Any]], select: str
) -> dict[str, Any]:
    """The outline's entries, and the one being edited (named on the one-line menu of
    tablets and phones: “Step 4 of 30: Guarantee”), or None."""
    current = next((e for e in entries if e["open"] or e.get("select") == select), None)
    page, tab = ("edit", "") if noun == "step" else ("document", "document")
    return {
        "title": title,
        "noun": noun,
        "page": page,
        "tab": tab,
        "counted": counted,
        "entries": entries,
        "current": current,
    }


def shows_outline(sections: list[dict[str, Any]]) -> bool:
    fields = sum(len(s["fields"]) for s in sections)
    return len(sections) > OUTLINE_STEPS or fields > OUTLINE_FIELDS


def form_outline(
    sections: list[dict[str, Any]], select: str, current_section: str
) -> dict[str, Any] | None:
    """Every step (number, title, how many fields); the open step's fields by question."""
    if not shows_outline(sections):
        return None
    opened = current_section if select.startswith(("field:", "section:")) else ""
    entries = [
        _entry(
            key=s["key"],
            select=f"section:{s['key']}",
            number=s["number"],
            title=s.get("title") or "Untitled step",
            count=len(s["fields"]),
            open=s["key"] == opened,
            children=[
                _entry(select=f"field:{f['key']}", text=f.get("label") or f["key"])
                for f in s["fields"]
            ],
        )
        for s in sections
    ]
    return _outline("Steps", "step", "fields", entries, select)


def document_outline(d: dict[str, Any], select: str) -> dict[str, Any] | None:
    """Every section by number and heading (“28 Guarantee”), and the clauses of the section
    being edited by number and first words (“28.2 {{ guarantor_name }} guarantees …”),
    numbered as the PDF numbers them; a conditional clause is marked. A contract without
    sections lists its clauses."""
    blocks = [b if isinstance(b, dict) else {} for b in d.get("document") or []]
    numbers = clause_numbers(blocks)
    selected = int(select[6:]) if select.startswith("block:") and select[6:].isdigit() else -1
    sections: list[dict[str, Any]] = []
    clauses: list[dict[str, Any]] = []  # of the current section, or of the whole contract
    for index, (block, number) in enumerate(zip(blocks, numbers, strict=True)):
        if block.get("kind") == "heading" and number:
            clauses = []
            sections.append(
                _entry(
                    key=f"block-{index}",
                    select=f"block:{index}",
                    number=number,
                    title=str(block.get("text") or "").strip() or "Untitled section",
                    children=clauses,
                )
            )
        elif block.get("kind") == "paragraph" and number:
            words = html.unescape(plain(str(block.get("html", ""))))  # Client&#39;s: Client's
            clauses.append(
                _entry(
                    select=f"block:{index}",
                    number=number,
                    text=snippet(words) or "(empty clause)",
                    full=words,
                    conditional=bool(block.get("visible_if")),
                )
            )
        if index == selected and sections:
            sections[-1]["open"] = True  # the selected block lies in this section
    if not sections:
        if len(clauses) <= OUTLINE_CLAUSES:
            return None
        entries = [{**c, "title": c["text"]} for c in clauses]
        return _outline("Clauses", "clause", "", entries, select)
    if len(sections) <= OUTLINE_SECTIONS and sum(len(s["children"]) for s in sections) <= (
        OUTLINE_CLAUSES
    ):
        return None
    for s in sections:
        s["count"] = len(s["children"])
    return _outline("Sections", "section", "clauses", sections, select)
