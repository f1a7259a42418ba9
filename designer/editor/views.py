"""View models for the form editor: the canvas and the properties of the selected item."""

from typing import Any

from components import get_component
from designer.document.names import clause_numbers
from designer.drafts import DraftState
from designer.editor import columns, languages, options, palette, properties
from designer.editor.outline import form_outline
from designer.editor.upload_limit import too_large
from designer.logic import builder, targets
from designer.logic.formula import render_formula
from designer.logic.labels import choice_labels
from designer.logic.sentences import sentence
from designer.references import uses_of
from runtime.errors import Invalid

FIELD_DEFAULTS: dict[str, Any] = {
    "help": "",
    "required": False,
    "placeholder": "",
    "options": [],
    "prefill": None,
    "validation": {},
    "fields": [],
    "visible_if": None,
}
#: what a table of answers never lists (runtime/envelopes/document.py `_rows`): nothing to
#: tick for it in the block's *Which answers*
NOT_IN_TABLE = ("heading", "paragraph", "signature", "stamp")


def _field_view(d: dict[str, Any], f: dict[str, Any]) -> dict[str, Any]:
    comp = get_component(str(f.get("component", "")))
    return {
        **FIELD_DEFAULTS,
        **f,
        "palette": palette.item(str(f.get("component", ""))),
        "macro": getattr(comp, "macro", "text"),
        "layout_only": bool(getattr(comp, "layout_only", False)),
        "rule": sentence(f.get("visible_if"), d, "Shown") if f.get("visible_if") else "",
        "known": comp is not None,
        "delete_confirm": delete_confirm(d, f),
    }


def delete_confirm(d: dict[str, Any], f: dict[str, Any]) -> str:
    """The question asked before deleting a field that rules, formulas or the document use
    (they would stop working, seen only on the publish page), or "" to delete at once."""
    uses = [u.words[:1].lower() + u.words[1:] for u in uses_of(d, str(f.get("key", "")))]
    if not uses:
        return ""
    listed = "; ".join(uses[:3]) + ("; …" if len(uses) > 3 else "")
    return (
        f"Delete “{f.get('label') or f.get('key')}”? It is used by {listed}. "
        "They stop working until you change them. You can undo this."
    )


def canvas(d: dict[str, Any]) -> list[dict[str, Any]]:
    roles = {r.get("key"): r for r in d.get("roles", [])}
    out = []
    for number, s in enumerate(d.get("sections", []), start=1):
        role = roles.get(s.get("role"), {})
        out.append(
            {
                "description": "",
                **s,
                "number": number,
                "role_name": role.get("name") or s.get("role") or "no role",
                "rule": sentence(s.get("visible_if"), d, "Shown") if s.get("visible_if") else "",
                "fields": [_field_view(d, f) for f in s.get("fields", [])],
            }
        )
    return out


def normalise_selection(d: dict[str, Any], select: str) -> str:
    """The selection if it still exists (after undo, delete, rename), else the template."""
    kind, _, key = select.partition(":")
    if kind in ("field", "section", "role", "block"):
        try:
            targets.resolve(d, select)
            return select
        except Invalid:
            return "template"
    return "template"


def current_section(d: dict[str, Any], select: str) -> str:
    """Where a palette click adds a field: the selected step, or the selected field's step."""
    kind, _, key = select.partition(":")
    if kind == "section":
        return key
    if kind == "field":
        for s in d.get("sections", []):
            if any(f.get("key") == key for f in s.get("fields", [])):
                return str(s.get("key", ""))
    sections = d.get("sections", [])
    return str(sections[-1].get("key", "")) if sections else ""


def properties_context(
    state: DraftState, select: str, upload_cap: int | None = None, **extra: Any
) -> dict[str, Any]:
    """What the properties pane shows for the selected item (the template's own when
    nothing is selected): its rule, and the boxes of its kind."""
    d = state.definition
    select = normalise_selection(d, select)
    kind, _, key = select.partition(":")
    context: dict[str, Any] = {"select": select, "kind": kind, "state": state, "d": d}
    roles = [r for r in d.get("roles", []) if isinstance(r, dict)]
    context["roles"] = roles
    if kind in ("field", "section", "role", "block"):
        target = targets.resolve(d, select)
        context["rule"] = builder.build(
            d,
            select,
            target.owner.get(target.attribute),
            subject=target.subject,
            before=target.before,
        )
        context["item"] = target.owner
    if kind == "field":
        context.update(_field_properties(d, context["item"], key, upload_cap))
    if kind not in ("field", "section", "role", "block"):
        context["languages"] = languages.choices(str(d.get("language") or "en"))
    if kind in ("role", "section"):
        from designer.roles import operations as role_ops

        context["kinds"] = role_ops.KINDS
    if kind == "role":
        context.update(
            identity_checks=role_ops.IDENTITY_CHECKS,
            identity_supported=role_ops.identity_supported(),
            steps=[s for s in d.get("sections", []) if s.get("role") == key],
        )
    if kind == "block":
        context.update(_block_properties(d, context["item"], select))
    context.update(extra)
    return context


def _field_properties(
    d: dict[str, Any], field: dict[str, Any], key: str, upload_cap: int | None
) -> dict[str, Any]:
    """A field's boxes: its component's settings, options, columns, formula and prefill."""
    component = str(field.get("component", ""))
    return dict(
        palette_item=palette.item(component),
        size_warning=too_large(field, upload_cap),
        settings=[
            (
                s,
                properties.setting_value(s, component, (field.get("validation") or {}).get(s.key)),
                properties.input_type(s, component),
            )
            for s in properties.settings_for(component)
        ],
        parts=getattr(get_component(component), "field_parts", frozenset()),
        layout_only=bool(getattr(get_component(component), "layout_only", False)),
        # a calculated value is nobody's answer, and only signing gives a signature or
        # an upload: Required and Prefill would mean nothing for them
        # a company stamp is applied by the organisation, never answered: no Required
        holds_value=bool(getattr(get_component(component), "holds_value", True))
        and component != "stamp",
        prefillable=bool(getattr(get_component(component), "can_be_prefilled", True)),
        options_text=options.options_text(field),
        option_values=[
            (o.get("value", ""), options.label_of(o)) for o in field.get("options") or []
        ],
        columns_text=columns.columns_text(field),
        column_kinds=columns.KIND_NAMES,
        formula=render_formula(field["expression"]) if field.get("expression") else "",
        owner=next(
            (
                s.get("role")
                for s in d.get("sections", [])
                if any(f is field for f in s.get("fields", []))
            ),
            "",
        ),
        prefill=field.get("prefill") or {},
        prefill_sources=properties.PREFILL_SOURCES,
        uses=uses_of(d, key),
        delete_confirm=delete_confirm(d, field),
        field_keys=[
            f.get("key")
            for s in d.get("sections", [])
            for f in s.get("fields", [])
            if f.get("key") != key and _calculable(f)
        ],
    )


def _block_properties(d: dict[str, Any], block: dict[str, Any], select: str) -> dict[str, Any]:
    """A document block's boxes: the answers a table or a merge field may name, the
    signature fields a signature block may stand for, its text and its number."""
    fields = [f for s in d.get("sections", []) for f in s.get("fields", [])]
    return dict(
        choice_labels=choice_labels(d),
        # the table of answers' choice: never a signature or stamp, which the table
        # leaves out (their boxes are the signature blocks), nor a heading or paragraph
        fields=[f for f in fields if f.get("component") not in NOT_IN_TABLE],
        merge_fields=[f for f in fields if _reads_as_text(f)],
        signature_fields=[
            (f, str(s.get("role") or ""))
            for s in d.get("sections", [])
            for f in s.get("fields", [])
            if f.get("component") == "signature"
        ],
        safe_html=_safe_html(block),
        block_label=_block_label(d, select),
        made_up=_made_up(block),
    )


def _block_label(d: dict[str, Any], select: str) -> str:
    """“clause 9.2”, “section 9”, as the PDF numbers it; “block 12” when unnumbered."""
    index = int(select.partition(":")[2])
    blocks = d.get("document") or []
    number = clause_numbers(blocks)[index]
    if not number:
        return f"block {index + 1}"
    return ("section " if blocks[index].get("kind") == "heading" else "clause ") + number


def _calculable(field: dict[str, Any]) -> bool:
    """May a formula use this field? Numbers, amounts, dates, other calculated values and
    repeating groups (for sum); a name or a signature only made the helper's list long."""
    component = get_component(str(field.get("component", "")))
    value_type = getattr(component, "value_type", "")
    return value_type in ("number", "date") or field.get("component") == "group"


def _reads_as_text(field: dict[str, Any]) -> bool:
    """May a clause quote this field's answer? Not when the answer is the signing itself
    (a signature, initials, an upload, a company stamp: `prefillable` is False for those,
    and the PDF shows them as "Signed: …" or a file list, not as words of the contract),
    nor for headings and paragraphs. Calculated values are text: they stay."""
    component = get_component(str(field.get("component", "")))
    return component is not None and not component.layout_only and component.prefillable


def _made_up(block: dict[str, Any]) -> str:
    """The starting text the block still holds: a click in its box selects it all, so what
    the author types replaces it instead of being added after it."""
    from designer.document.blocks import made_up_text

    return made_up_text(block)


def _safe_html(block: dict[str, Any]) -> Any:
    from markupsafe import Markup

    from runtime.envelopes.document import sanitise

    return Markup(sanitise(str(block.get("html", ""))))  # noqa: S704 - sanitised just now


def workspace_context(
    state: DraftState, select: str, upload_cap: int | None = None, **extra: Any
) -> dict[str, Any]:
    d = state.definition
    select = normalise_selection(d, select)
    sections = canvas(d)
    section = current_section(d, select)
    return {
        "state": state,
        "d": d,
        "sections": sections,
        "outline": form_outline(sections, select, section),
        "palette": palette.palette(d),
        "current_section": section,
        "props": properties_context(state, select, upload_cap),
        "select": select,
        **extra,
    }
