"""What the rule builder shows: rows of field -> operator -> value, from stored logic or
from what the author just posted (so a half-finished row survives a re-render)."""

from dataclasses import dataclass
from dataclasses import field as dc_field
from typing import Any

from designer.document.names import GONE_LABELS
from designer.logic import rules
from designer.logic.labels import choice_labels
from designer.logic.sentences import sentence
from designer.web import as_list, text


@dataclass
class Row:
    field: str
    op: str
    value: str
    operators: list[rules.Operator]
    widget: str  # text, number, date, select, values, none, gone (its question deleted)
    options: list[dict[str, str]] = dc_field(default_factory=list)

    @property
    def picks(self) -> bool:
        """Several options to choose from a list: tick boxes of the options' labels, as the
        author reads them, rather than a box where they would type values they never see."""
        return self.widget == "values" and bool(self.options)

    @property
    def chosen(self) -> set[str]:
        """The option values ticked in this row. Only values count: a rule that names an
        option by its label never holds, so its box stays unticked until the author ticks it."""
        return {v.strip() for v in self.value.split(",") if v.strip()}


@dataclass
class Builder:
    target: str
    subject: str
    combinator: str
    rows: list[Row]
    fields: list[dict[str, Any]]
    sentence: str
    custom: bool = False  # stored logic the builder cannot show as rows
    message: str = ""
    hint: bool = False  # the message says what to choose next, not what is wrong
    invalid_row: int | None = None  # the condition refused without its value: marked invalid
    labels: dict[str, str] = dc_field(default_factory=dict)  # fields told apart by role/step
    unset: bool = False  # a new clause's rule, not chosen yet (rules.UNSET)
    gone: dict[str, str] = dc_field(default_factory=dict)  # deleted questions' labels


def _widget(f: dict[str, Any] | None, op: rules.Operator | None) -> str:
    if f is None or op is None or op.takes == "none":
        return "none"
    if op.takes == "values":
        return "values"
    if op.takes == "number":
        return "number"
    kind = rules.kind_of(f)
    if kind == "choice":
        return "select"
    return {"number": "number", "date": "date"}.get(kind, "text")


def _value_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _row(fields: dict[str, dict[str, Any]], name: str, op_id: str, value: str) -> Row:
    f = fields.get(name)
    if f is None and name:
        return _gone_row(name, op_id, value)
    operators = rules.operators_for(f) if f else []
    op = rules.operator_for(f, op_id) if f else None
    return Row(
        field=name,
        op=op.id if op else "",
        value=value,
        operators=operators,
        widget=_widget(f, op),
        options=list((f or {}).get("options", []) or []),
    )


def _gone_row(name: str, op_id: str, value: str) -> Row:
    """A row whose question was deleted keeps the test and the value it had, shown but not
    editable (widget "gone"): the rule sentence names them, and an empty box beside the
    deleted question's name left the author guessing what the rule compared against."""
    op = rules.OPS.get(op_id)
    return Row(
        field=name,
        op=op.id if op else "",
        value="" if op is None or op.takes == "none" else value,
        operators=[op] if op else [],
        widget="none" if op is None or op.takes == "none" else "gone",
    )


def build(
    definition: dict[str, Any],
    target: str,
    logic: Any,
    *,
    subject: str,
    before: str | None = None,
    posted: dict[str, Any] | None = None,
    message: str = "",
    hint: bool = False,
    invalid_row: int | None = None,
) -> Builder:
    """Rows for `logic`, or for the posted form when given (add/remove/half-done rows)."""
    candidates = rules.rule_fields(definition, before)
    by_key = {f.get("key", ""): f for f in candidates}
    if posted is not None:
        names = as_list(posted, "cond_field")
        ops, values = as_list(posted, "cond_op"), as_list(posted, "cond_value")
        rows = [
            _row(by_key, n, ops[i] if i < len(ops) else "", values[i] if i < len(values) else "")
            for i, n in enumerate(names[: rules.MAX_CONDITIONS])
        ]
        combinator = "any" if text(posted, "combinator") == "any" else "all"
        custom = False
    else:
        rule = rules.from_logic(logic, definition)
        custom = rule is None
        rule = rule or rules.Rule()
        rows = [_row(by_key, c.field, c.op, _value_text(c.value)) for c in rule.conditions]
        combinator = rule.combinator
    return Builder(
        target=target,
        subject=subject,
        combinator=combinator,
        rows=rows,
        fields=candidates,
        sentence=sentence(logic, definition, subject),
        custom=custom,
        message=message,
        hint=hint,
        labels=choice_labels(definition),
        unset=rules.is_unset(logic),
        gone=dict(GONE_LABELS.get()),
        invalid_row=invalid_row,
    )
