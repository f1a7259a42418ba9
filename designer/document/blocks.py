"""Pure edits of the document blocks (headings, rich-text paragraphs, conditional clauses,
answer tables, signature blocks, page breaks). Authored HTML is sanitised on every save
with the same allow-list the PDF renderer uses."""

import re
from typing import Any

from designer.editor import operations as ops
from designer.logic import rules
from designer.web import as_list, text
from runtime.envelopes.document import sanitise
from runtime.errors import Invalid

MAX_HTML = 50_000
KINDS = {
    "heading": "Heading",
    "paragraph": "Paragraph",
    "clause": "Conditional clause",
    "fields": "Table of answers",
    "signature": "Signature block",
    "page_break": "Page break",
}
_EMPTY = re.compile(r"^(<p>(\s|&nbsp;|<br\s*/?>)*</p>|\s)*$")
# The text a new block starts with, for the author to replace: the publish check refuses a
# document that still holds it, so it never ends up in a signed contract.
NEW_HEADING = "New heading"
NEW_PARAGRAPH = "Write the clause here."
NEW_CLAUSE = "This clause appears only when its rule holds."


def blocks(d: dict[str, Any]) -> list[dict[str, Any]]:
    value = d.setdefault("document", [])
    if not isinstance(value, list):
        value = d["document"] = []
    return value


def clean_html(raw: str) -> str:
    """Sanitised paragraph HTML, wrapped in <p> when the author typed plain text."""
    if len(raw) > MAX_HTML:
        raise Invalid(f"A paragraph may hold at most {MAX_HTML:,} characters of text and markup.")
    html = sanitise(raw.replace("<div>", "<p>").replace("</div>", "</p>")).strip()
    if html and not html.startswith(("<p", "<ul", "<ol")):
        html = f"<p>{html}</p>"
    return "" if _EMPTY.match(html) else html


def new_block(d: dict[str, Any], kind: str) -> dict[str, Any]:
    if kind == "heading":
        # the first heading of a document is its title (unnumbered); later ones are the
        # numbered sections ("1 Pay") whose paragraphs become clauses 1.1, 1.2 …
        first = not any(b.get("kind") == "heading" for b in blocks(d) if isinstance(b, dict))
        return {"kind": "heading", "text": NEW_HEADING, "level": 1 if first else 2}
    if kind == "paragraph":
        return {"kind": "paragraph", "html": f"<p>{NEW_PARAGRAPH}</p>"}
    if kind == "clause":
        return {
            "kind": "paragraph",
            "html": f"<p>{NEW_CLAUSE}</p>",
            "visible_if": dict(rules.UNSET),  # until the author chooses one
        }
    if kind == "fields":
        return {"kind": "fields"}
    if kind == "signature":
        return {"kind": "signature", "role": ops.default_role(d)}
    if kind == "page_break":
        return {"kind": "page_break"}
    raise Invalid("Choose a kind of block to add.")


def add_block(d: dict[str, Any], kind: str, at: int | None = None) -> int:
    items = blocks(d)
    index = len(items) if at is None else max(0, min(at, len(items)))
    items.insert(index, new_block(d, kind))
    return index


def _index(d: dict[str, Any], index: int) -> int:
    if not 0 <= index < len(blocks(d)):
        raise Invalid("That block no longer exists; it may have been deleted.")
    return index


def delete_block(d: dict[str, Any], index: int) -> None:
    del blocks(d)[_index(d, index)]


def duplicate_block(d: dict[str, Any], index: int) -> int:
    items = blocks(d)
    items.insert(_index(d, index) + 1, dict(items[index]))
    return index + 1


def move_block(d: dict[str, Any], index: int, to: int) -> int:
    items = blocks(d)
    block = items.pop(_index(d, index))
    to = max(0, min(to, len(items)))
    items.insert(to, block)
    return to


def update_block(d: dict[str, Any], index: int, data: dict[str, Any]) -> None:
    """Apply the properties panel of block `index`."""
    block = blocks(d)[_index(d, index)]
    kind = block.get("kind")
    if kind == "heading":
        heading = " ".join(text(data, "text", 500).split())
        if not heading:
            raise Invalid("Write the heading’s text.")
        level = text(data, "level", 2)
        block["text"] = heading
        block["level"] = int(level) if level in ("1", "2", "3") else 2
    elif kind == "paragraph":
        html = clean_html(text(data, "html", MAX_HTML + 1))
        if not html:
            raise Invalid("Write the paragraph’s text (or delete the block).")
        block["html"] = html
    elif kind == "fields":
        keys = [k for k in as_list(data, "fields") if k in ops.field_keys(d)]
        ops.set_or_drop(block, "fields", keys, [])
    elif kind == "signature":
        roles = {r.get("key") for r in d.get("roles", [])}
        role = text(data, "role", 100)
        if role not in roles:
            raise Invalid("Choose whose signature this block shows.")
        block["role"] = role
        field = text(data, "field", 100)
        _refuse_another_roles_signature(d, role, field)
        ops.set_or_drop(block, "field", field if field in ops.field_keys(d) else "", "")


def _refuse_another_roles_signature(d: dict[str, Any], role: str, field: str) -> None:
    """A block of one role showing a signature another role signs would put that person's
    signature above this role's name and signer in the sealed PDF."""
    names = {r.get("key"): str(r.get("name") or r.get("key")) for r in d.get("roles", [])}
    for section in d.get("sections", []):
        for f in section.get("fields", []):
            if f.get("key") == field and section.get("role") != role:
                signer = names.get(section.get("role"), "another role")
                raise Invalid(
                    f"“{f.get('label') or field}” is signed by {signer}, not {names[role]}: "
                    f"choose a signature of {names[role]}, or “Every signature of this role”.",
                    extra={"boxes": ["prop-sigfield"]},
                )


def made_up_text(block: dict[str, Any]) -> str:
    """The starting text a block still holds ("Write the clause here."), or ""."""
    if block.get("kind") == "heading":
        return NEW_HEADING if str(block.get("text", "")).strip() == NEW_HEADING else ""
    if block.get("kind") == "paragraph":
        html = str(block.get("html", ""))
        return next((t for t in (NEW_PARAGRAPH, NEW_CLAUSE) if t in html), "")
    return ""
