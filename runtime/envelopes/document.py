"""Turning a definition's document blocks and the answers into render-ready blocks.

Authored HTML is sanitised with nh3; merge fields `{{ key }}` are replaced by the escaped
display value. Blocks without authored content fall back to a sensible contract layout.
"""

import html
import re
from typing import Any

import nh3
from babel.numbers import format_decimal

from components import Definition, get_component
from components.definition import FieldsBlock, Heading, PageBreak, Paragraph, SignatureBlock
from components.fields.group import table as group_table
from components.visibility import active_roles, visible_blocks, visible_keys
from runtime.bidi import text_direction
from runtime.clock import iso
from runtime.envelopes.final_answers import final_answers, signing_day
from runtime.i18n import gettext, locale, ngettext, numbers, use_language

ALLOWED_TAGS = {"p", "br", "strong", "b", "em", "i", "u", "ul", "ol", "li", "a", "span"}
MERGE_FIELD = re.compile(r"\{\{\s*([a-z][a-z0-9_]*)\s*\}\}")
#: what a sealed clause shows for a merge field without an answer (an optional question
#: left empty, or one hidden by a condition): the dash the answer tables show for a blank,
#: so "pay — per month" reads as "not answered", not as a typo ("pay  per month")
UNANSWERED = "—"


#: deeper markup is kept as plain text: WeasyPrint lays nesting out recursively, and a few
#: thousand nested spans end in a RecursionError instead of a sealed PDF (SECURITY.md 3)
MAX_NESTING = 32
_TAG = re.compile(r"<(/?)([a-z]+)[^>]*?(/?)>")


def sanitise(fragment: str) -> str:
    cleaned = nh3.clean(
        fragment, tags=ALLOWED_TAGS, attributes={"a": {"href"}}, url_schemes={"https", "mailto"}
    )
    if _nesting(cleaned) > MAX_NESTING:
        return "<p>" + nh3.clean(cleaned, tags=set()) + "</p>"
    return cleaned


def _nesting(html: str) -> int:
    """How deep the (already sanitised, so well-formed) elements nest."""
    depth = deepest = 0
    for closing, tag, self_closing in _TAG.findall(html):
        if tag == "br" or self_closing:
            continue
        depth += -1 if closing else 1
        deepest = max(deepest, depth)
    return deepest


def display(definition: Definition, key: str, answers: dict[str, Any]) -> str:
    field = definition.field(key)
    if field is None:
        return ""
    if field.component in numbers.LOCALISED:  # amounts as the document's language writes them
        return numbers.answer_text(field, answers.get(key))
    component = get_component(field.component)
    assert component is not None
    return component.display(answers.get(key), field=field)


def build_blocks(
    definition: Definition,
    answers: dict[str, Any],
    recipients: list[dict[str, Any]],
    stamps: dict[str, str] | None = None,
    unanswered: str = UNANSWERED,
    placeholders: dict[str, str] | None = None,
) -> list[dict[str, Any]]:
    """The document as SealInput blocks, in authored order. `stamps` maps a stamp field's
    key to its image as a data: URI (runtime/stamps/sealing.py); `unanswered` stands in
    for a merge field with no answer: a dash in the sealed PDF, a blank line to fill in a
    signer's draft. `placeholders` (the designer's preview) stand in for a field's missing
    answer in its row and its merge fields: "[Email address]" for a locked prefill the
    preview cannot know, as its wizard and Check your answers show it."""
    stand_in = placeholders or {}
    answers = final_answers(definition, answers, today=signing_day(recipients))
    parties = taking_part(definition, answers, recipients)
    authored = [
        b
        for b in (
            visible_blocks(definition, answers)
            if definition.document
            else _default_document(definition)
        )
        # a party that takes no part signs nothing: no empty line that reads "not signed"
        if not isinstance(b, SignatureBlock) or b.role in parties
    ]
    # a skipped party's questions were never put to anyone: left out like hidden ones
    shown = visible_keys(definition, answers) & {
        f.key for s, f in definition.fields() if s.role in parties
    }
    blocks: list[dict[str, Any]] = []
    for block in authored:
        if isinstance(block, Heading):
            blocks.append({"kind": "heading", "text": block.text, "level": block.level})
        elif isinstance(block, Paragraph):
            merged = MERGE_FIELD.sub(
                lambda m: html.escape(
                    display(definition, m.group(1), answers)
                    or (stand_in.get(m.group(1), "") if m.group(1) in shown else "")
                    or unanswered
                ),
                block.html,
            )
            blocks.append({"kind": "paragraph", "html": sanitise(merged)})
        elif isinstance(block, FieldsBlock):
            keys = [
                k for k in (block.fields or [f.key for _, f in definition.fields()]) if k in shown
            ]
            placed = {b.field for b in authored if isinstance(b, SignatureBlock) and b.field}
            rows = _rows(definition, [k for k in keys if k not in placed], answers, stand_in)
            blocks.append({"kind": "fields", "rows": rows})
        elif isinstance(block, SignatureBlock):
            blocks.extend(_signatures(definition, block, answers, recipients, stamps or {}))
        elif isinstance(block, PageBreak):
            blocks.append({"kind": "page_break"})
    if definition.document:
        blocks += _unplaced_signatures(
            definition, authored, parties, answers, recipients, stamps or {}
        )
    return blocks


def taking_part(
    definition: Definition, answers: dict[str, Any], recipients: list[dict[str, Any]]
) -> set[str]:
    """The keys of the roles that take part: those whose `condition` holds on these
    answers, as routing decides. Where routing has already decided, its word stands: a
    recipient moved to `skipped` takes no part, one who completed took part."""
    keys = {r.key for r in active_roles(definition, answers)}
    for recipient in recipients:
        if recipient.get("status") == "skipped":
            keys.discard(recipient["role"])
        elif recipient.get("status") == "completed":
            keys.add(recipient["role"])
    return keys


def _default_document(definition: Definition) -> list[Any]:
    doc: list[Any] = [Heading(text=definition.name), FieldsBlock()]
    doc += [SignatureBlock(role=r.key) for r in definition.roles if r.kind == "signer"]
    return doc


def _rows(
    definition: Definition,
    keys: list[str],
    answers: dict[str, Any],
    placeholders: dict[str, str] | None = None,
) -> list[dict[str, Any]]:
    rows = []
    for _, field in definition.fields():
        if field.key not in keys:
            continue
        component = get_component(field.component)
        # computed values are answers too: the signer saw them on Check your answers;
        # signatures and stamps have their boxes; initials (unless a signature block shows
        # them) are a row, drawn as made: otherwise they were on no page at all
        if field.component in ("signature", "stamp") or not (
            component and not component.layout_only
        ):
            continue
        value = display(definition, field.key, answers)
        if field.component == "attachment":
            value = _attachments(answers.get(field.key), definition.language)
        if not value and placeholders:
            value = placeholders.get(field.key, "")
        # an answer in Arabic or Hebrew reads right to left in any document
        row: dict[str, Any] = {"label": field.label, "value": value, "dir": text_direction(value)}
        if field.component == "group" and answers.get(field.key):
            row["table"] = _group_table(field, answers[field.key])
        if field.component == "initials" and (mark := _own_mark(answers.get(field.key))):
            row["mark"] = mark
        rows.append(row)
    return rows


def _group_table(field: Any, value: Any) -> dict[str, Any]:
    """A repeating group as the PDF shows it: a table with a line per row and a column per
    sub-field, numbers and amounts flagged so they are right-aligned. The text `value`
    ("Director 1: Name: …") stays beside it for readers of the blocks that want text."""
    headers, cells = group_table(value, field, numbers.answer_text)
    held = [(s, c) for s in field.fields if (c := get_component(s.component)) and not c.layout_only]
    subs = [s for s, _ in held]
    numeric = [c.value_type == "number" for _, c in held]
    # a signature or initials made in a row looks like one made anywhere else: drawn as
    # drawn (not "Signed (drawn)"), typed in the signature face (not "Signed: Ann")
    rows = [row for row in value if isinstance(row, dict)]
    table: dict[str, Any] = {"columns": headers, "numeric": numeric, "rows": cells}
    for key, kind, part in (("images", "drawn", "image"), ("typed", "typed", "text")):
        grid = [[_mark(row.get(s.key), kind, part) for s in subs] for row in rows]
        if any(any(line) for line in grid):  # absent otherwise: older seals' blocks unchanged
            table[key] = grid
    return table


def _own_mark(value: Any) -> dict[str, str] | None:
    """Initials as the PDF draws them: {"image": data URI} or {"typed": text}."""
    if image := _mark(value, "drawn", "image"):
        return {"image": image}
    if typed := _mark(value, "typed", "text"):
        return {"typed": typed}
    return None


def _mark(value: Any, kind: str, part: str) -> str:
    """The drawn image or typed text of a signature or initials answer of this `kind`."""
    if isinstance(value, dict) and value.get("kind") == kind:
        return str(value.get(part) or "")
    return ""


def _attachments(files: Any, language: str) -> str:
    """Uploaded files as the sealed record names them: name, size and SHA-256 each, the
    size in the document's language, as the certificate writes it ("5,482 字节")."""
    if not isinstance(files, list):
        return ""
    with use_language(language):
        return "; ".join(
            f"{f.get('name', '')} ({_byte_count(f.get('size'))}, SHA-256 {f.get('sha256', '')})"
            for f in files
            if isinstance(f, dict)
        )


def _byte_count(size: Any) -> str:
    count = size if isinstance(size, int) else 0
    return ngettext(
        "%(num)s byte", "%(num)s bytes", count, num=format_decimal(count, locale=locale())
    )


def _unplaced_signatures(
    definition: Definition,
    authored: list[Any],
    parties: set[str],
    answers: dict[str, Any],
    recipients: list[dict[str, Any]],
    stamps: dict[str, str],
) -> list[dict[str, Any]]:
    """Signers the authored document shows no signature for (no signature block, or only
    ones a condition hides): a party's signature belongs on what they signed, so the
    document ends with a Signatures section showing theirs, as a signature block would
    (the publish lint warns the author: designer/publishing/lint.py). Its heading is a
    sub-heading (level 3), so it never renumbers the author's sections and clauses."""
    placed = {b.role for b in authored if isinstance(b, SignatureBlock)}
    missing = [
        r
        for r in definition.roles
        if r.key in parties and r.kind == "signer" and r.key not in placed
    ]
    if not missing:
        return []
    with use_language(definition.language):  # the document's language, like its chrome
        title = gettext("Signatures")
    out: list[dict[str, Any]] = [{"kind": "heading", "text": title, "level": 3}]
    for role in missing:
        out += _signatures(definition, SignatureBlock(role=role.key), answers, recipients, stamps)
    return out


def _signatures(
    definition: Definition,
    block: SignatureBlock,
    answers: dict[str, Any],
    recipients: list[dict[str, Any]],
    stamps: dict[str, str],
) -> list[dict[str, Any]]:
    role = definition.role(block.role)
    recipient = next((r for r in recipients if r["role"] == block.role), None)
    keys = (
        [block.field]
        if block.field
        else [
            f.key
            for s in definition.sections_for(block.role)
            for f in s.fields
            if f.component in ("signature", "stamp")
        ]
    )
    out = []
    for key in keys or [""]:
        value = answers.get(key) or {}
        field = definition.field(key)
        if field is not None and field.component == "stamp":
            value = {"stamp": stamps.get(key)}  # a company stamp's value is its id
        out.append(
            {
                "kind": "signature",
                "role": role.name if role else block.role,
                "name": recipient["name"] if recipient else "",
                "image": value.get("image") if value.get("kind") == "drawn" else None,
                "typed": value.get("text") if value.get("kind") == "typed" else None,
                "signed_at": iso(recipient["completed_at"]) if recipient else "",
                **({"stamp": value["stamp"]} if "stamp" in value else {}),
            }
        )
    return out
