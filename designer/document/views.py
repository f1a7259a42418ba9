"""View model of the Document tab: the blocks as they will read in the PDF."""

import re
from typing import Any

from markupsafe import Markup

from designer.document.blocks import KINDS
from designer.document.names import clause_numbers
from designer.drafts import DraftState
from designer.editor.outline import document_outline
from designer.editor.views import normalise_selection, properties_context
from designer.logic.rules import is_unset
from designer.logic.sentences import sentence
from designer.references import MERGE_FIELD
from runtime.envelopes.document import sanitise


def _fields(d: dict[str, Any]) -> list[dict[str, Any]]:
    return [f for s in d.get("sections", []) for f in s.get("fields", []) if isinstance(f, dict)]


def with_merge_chips(html: str, labels: dict[Any, Any]) -> Markup:
    """Sanitised again on the way out, with each merge field shown as a labelled chip."""

    def chip(match: re.Match[str]) -> str:
        key = match.group(1)
        if key not in labels:
            return str(
                Markup(
                    '<span class="merge-field merge-field--missing" title="No such field">{}</span>'
                ).format(match.group(0))
            )
        return str(
            Markup('<span class="merge-field" title="{}">{}</span>').format(
                match.group(0), labels[key] or key
            )
        )

    return Markup(MERGE_FIELD.sub(chip, sanitise(html)))  # noqa: S704 - sanitised, chips escaped


def canvas(d: dict[str, Any]) -> list[dict[str, Any]]:
    roles = {r.get("key"): r.get("name") or r.get("key") for r in d.get("roles", [])}
    labels = {f.get("key"): f.get("label") for f in _fields(d)}
    out = []
    blocks = d.get("document", []) or []
    # "1 Services", "1.1 The Consultant …": numbered as the PDF numbers them, so the
    # "clause 1.2" of the properties and the publish check can be found on the page
    numbers = clause_numbers(blocks)
    for index, block in enumerate(blocks):
        kind = block.get("kind", "")
        view: dict[str, Any] = {
            "index": index,
            "kind": kind,
            "number": numbers[index],
            "rule": sentence(block.get("visible_if"), d, "Included")
            if block.get("visible_if")
            else "",
            "rule_unset": is_unset(block.get("visible_if")),
            "label": "Conditional clause"
            if kind == "paragraph" and block.get("visible_if")
            else KINDS.get(kind, kind),
        }
        if kind == "heading":
            view.update(text=block.get("text", ""), level=block.get("level", 1))
        elif kind == "paragraph":
            view["html"] = with_merge_chips(str(block.get("html", "")), labels)
        elif kind == "fields":
            keys = block.get("fields") or []
            view["rows"] = [labels.get(k, k) for k in keys] or ["Every answer the signers gave"]
        elif kind == "signature":
            view["role"] = roles.get(block.get("role"), block.get("role"))
        out.append(view)
    return out


def workspace_context(state: DraftState, select: str) -> dict[str, Any]:
    d = state.definition
    select = normalise_selection(d, select) if select.startswith("block:") else "template"
    return {
        "state": state,
        "d": d,
        "blocks": canvas(d),
        "outline": document_outline(d, select),
        "block_kinds": KINDS,
        "select": select,
        "props": properties_context(state, select),
        "merge_fields": [
            (f.get("key"), f.get("label"))
            for f in _fields(d)
            if f.get("component") not in ("heading", "paragraph")
        ],
        "current_section": "",
    }
