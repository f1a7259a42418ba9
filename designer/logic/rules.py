"""The rule builder's model: field -> operator suited to its type -> value, all/any.

A rule is stored as JSON Logic, always in the shape the builder writes:
`{"and": [{"==": [{"var": "customer_type"}, "company"]}]}` (`"or"` for "any").
`from_logic` reads that shape back, and a bare answer written by hand (`{"var": k}`,
`{"!": {"var": k}}`) as the test of the same meaning; anything else (written through the
API) is shown as a sentence and can be replaced, never silently rewritten.
"""

from dataclasses import dataclass, field
from typing import Any

from components import get_component
from runtime.errors import Invalid

MAX_CONDITIONS = 20
#: the rule of a new conditional clause until the author chooses one: "all of no
#: conditions". The builder shows it as unset and the publish check refuses it, so no
#: clause is published under a rule nobody chose.
UNSET: dict[str, Any] = {"and": []}


class Incomplete(Invalid):
    """A condition still without its value (nothing typed, chosen or ticked): not saved, and
    not yet a mistake. The builder says what to choose as a hint while the author is at it,
    and as an error once they leave the condition for another (rules controller)."""

    def __init__(self, detail: str, row: int) -> None:
        super().__init__(detail)
        self.row = row


def is_unset(logic: Any) -> bool:
    return (
        isinstance(logic, dict)
        and list(logic) in (["and"], ["or"])
        and not logic[next(iter(logic))]
    )


@dataclass(frozen=True)
class Operator:
    id: str
    label: str
    takes: str  # "value", "values" (several), "number", "none"


OPS = {
    o.id: o
    for o in [
        Operator("eq", "is", "value"),
        Operator("ne", "is not", "value"),
        Operator("contains", "contains", "value"),
        Operator("oneof", "is one of", "values"),
        Operator("lt", "is less than", "value"),
        Operator("le", "is at most", "value"),
        Operator("gt", "is more than", "value"),
        Operator("ge", "is at least", "value"),
        Operator("before", "is before", "value"),
        Operator("after", "is after", "value"),
        Operator("age_ge", "is at least this many years ago", "number"),
        Operator("age_lt", "is less than this many years ago", "number"),
        Operator("anyof", "includes any of", "values"),
        Operator("allof", "includes all of", "values"),
        Operator("checked", "is ticked", "none"),
        Operator("unchecked", "is not ticked", "none"),
        # the words of components/sentences.py for the same test, so that the pickers and
        # the sentence under them read alike (tests/unit/test_rule_words.py)
        Operator("filled", "is answered", "none"),
        Operator("empty", "is not answered", "none"),
        Operator("uploaded", "is uploaded", "none"),
        Operator("not_uploaded", "is not uploaded", "none"),
        Operator("signed", "is signed", "none"),
        Operator("not_signed", "is not signed", "none"),
    ]
}
_BY_TYPE = {
    "string": ["eq", "ne", "contains", "filled", "empty"],
    "choice": ["eq", "ne", "oneof", "filled", "empty"],
    "number": ["eq", "ne", "lt", "le", "gt", "ge", "filled", "empty"],
    "date": ["eq", "before", "after", "age_ge", "age_lt", "filled", "empty"],
    "boolean": ["checked", "unchecked"],
    "list": ["anyof", "allof", "filled", "empty"],
    # a repeating group's rows: no options to include, only whether there are any
    "rows": ["filled", "empty"],
    "upload": ["uploaded", "not_uploaded"],
    "signature": ["signed", "not_signed"],
}
#: the "is answered" / "is not answered" test as its field type words it (same logic)
_ANSWERED = {"upload": ("uploaded", "not_uploaded"), "signature": ("signed", "not_signed")}


def _answered_ops(kind: str) -> tuple[str, str]:
    return _ANSWERED.get(kind, ("filled", "empty"))


@dataclass
class Condition:
    field: str
    op: str
    value: Any = None


@dataclass
class Rule:
    combinator: str = "all"  # or "any"
    conditions: list[Condition] = field(default_factory=list)


def kind_of(f: dict[str, Any]) -> str:
    """The operator family for a field: its component's value type, or 'choice'."""
    comp = get_component(str(f.get("component", "")))
    if comp is None or getattr(comp, "layout_only", False):
        return "none"
    if f.get("options") and f.get("component") != "multiselect":
        return "choice"
    kind = getattr(comp, "value_type", "string")
    if comp.name == "attachment":
        return "upload"
    if comp.name == "group":  # a list of rows, not of options
        return "rows"
    if kind == "object":  # a signature or initials
        return "signature"
    return kind if kind in _BY_TYPE else "string"


def operators_for(f: dict[str, Any]) -> list[Operator]:
    return [OPS[o] for o in _BY_TYPE.get(kind_of(f), [])]


#: one test in each field type's words: a row switched to a field of another type keeps it
_SAME_TEST = (
    ("filled", "uploaded", "signed", "checked"),
    ("empty", "not_uploaded", "not_signed", "unchecked"),
)


def operator_for(f: dict[str, Any], op_id: str) -> Operator | None:
    """`op_id` when `f` offers it, else the same test in `f`'s words ('is not signed' becomes
    'is not uploaded'), else `f`'s first test."""
    offered = {o.id: o for o in operators_for(f)}
    if op_id in offered:
        return offered[op_id]
    same = next((group for group in _SAME_TEST if op_id in group), ())
    alike = next((offered[o] for o in same if o in offered), None)
    return alike or next(iter(offered.values()), None)


def rule_fields(definition: dict[str, Any], before: str | None = None) -> list[dict[str, Any]]:
    """Fields a rule may test: every answerable field (optionally only those before `before`)."""
    out: list[dict[str, Any]] = []
    for section in definition.get("sections", []):
        for f in section.get("fields", []):
            if f.get("key") == before:
                return out
            if kind_of(f) != "none":
                out.append(f)
    return out


def _var(key: str) -> dict[str, Any]:
    return {"var": key}


def condition_logic(c: Condition) -> dict[str, Any]:
    v = _var(c.field)
    simple = {"eq": "==", "ne": "!=", "lt": "<", "le": "<=", "gt": ">", "ge": ">="}
    if c.op in simple:
        return {simple[c.op]: [v, c.value]}
    table: dict[str, Any] = {
        "before": {"<": [v, c.value]},
        "after": {">": [v, c.value]},
        "contains": {"in": [c.value, v]},
        "oneof": {"in": [v, c.value]},
        "anyof": {"anyof": [v, c.value]},
        "allof": {"allof": [v, c.value]},
        "age_ge": {">=": [{"age": [v]}, c.value]},
        "age_lt": {"<": [{"age": [v]}, c.value]},
        "checked": {"==": [v, True]},
        "unchecked": {"!=": [v, True]},
        "empty": {"empty": [v]},
        "filled": {"!": [{"empty": [v]}]},
    }
    for filled, empty in _ANSWERED.values():
        table[filled], table[empty] = table["filled"], table["empty"]
    return table[c.op]


def to_logic(rule: Rule) -> dict[str, Any] | None:
    if not rule.conditions:
        return None
    return {
        "or" if rule.combinator == "any" else "and": [condition_logic(c) for c in rule.conditions]
    }


def _var_name(node: Any) -> str | None:
    if isinstance(node, dict) and list(node) == ["var"]:
        name = node["var"][0] if isinstance(node["var"], list) and node["var"] else node["var"]
        return name if isinstance(name, str) else None
    return None


#: a bare answer as a test, written by hand: `{"var": "billing_same"}` (is it there?) and
#: `{"!": {"var": "billing_same"}}`. Read as the builder's test of the same meaning where
#: one exists: a tick box holds True or nothing, and a text, choice, date or list answer
#: is false exactly when it is empty (answers are trimmed), as is an upload or a signature
#: (a list of files or a signature, or nothing). A number's 0 is false but not empty: it
#: stays written outside the designer.
_TRUTHY = {
    **_ANSWERED,
    "boolean": ("checked", "unchecked"),
    "string": ("filled", "empty"),
    "choice": ("filled", "empty"),
    "date": ("filled", "empty"),
    "list": ("filled", "empty"),
    "rows": ("filled", "empty"),
}


def _answer_test(node: dict[str, Any], kinds: dict[str, str]) -> Condition | None:
    negated = "!" in node
    inner = node["!"] if negated else node
    if isinstance(inner, list):
        inner = inner[0] if len(inner) == 1 else None
    raw = inner.get("var") if isinstance(inner, dict) and list(inner) == ["var"] else None
    name = raw[0] if isinstance(raw, list) and len(raw) == 1 else raw  # no default value
    pair = _TRUTHY.get(kinds.get(name, "")) if isinstance(name, str) else None
    return Condition(name, pair[1] if negated else pair[0]) if pair and name else None


def _read_condition(node: Any, kinds: dict[str, str]) -> Condition | None:
    """The builder's condition for one stored test; None when the builder did not write it."""
    if not isinstance(node, dict) or len(node) != 1:
        return None
    op, args = next(iter(node.items()))
    args = args if isinstance(args, list) else [args]
    if op == "var" or op == "!" and len(args) == 1 and _var_name(args[0]) is not None:
        return _answer_test(node, kinds)
    name = _var_name(args[0]) if args else None
    if op == "!" and len(args) == 1 and isinstance(args[0], dict) and "empty" in args[0]:
        return _read_answered(args[0], kinds)
    if op == "empty" and name:
        return Condition(name, _answered_ops(kinds.get(name, ""))[1])
    if op in ("<", ">=") and len(args) == 2 and isinstance(args[0], dict) and "age" in args[0]:
        return _read_age(op, args)
    if op == "in" and len(args) == 2:
        return _read_in(name, args)
    return _read_comparison(op, name, args, kinds)


def _read_answered(empty: dict[str, Any], kinds: dict[str, str]) -> Condition | None:
    """`{"!": {"empty": …}}`: the question is answered (ticked, for a group: has rows)."""
    inner = _read_condition(empty, kinds)
    filled, empty_op = _answered_ops(kinds.get(inner.field, "")) if inner else ("", "")
    return Condition(inner.field, filled) if inner and inner.op == empty_op else None


def _read_age(op: str, args: list[Any]) -> Condition | None:
    """`{"<": [{"age": {"var": …}}, 18]}`: younger than, or at least, an age."""
    inner_args = args[0]["age"] if isinstance(args[0]["age"], list) else [args[0]["age"]]
    age_of = _var_name(inner_args[0]) if len(inner_args) == 1 else None
    return Condition(age_of, "age_lt" if op == "<" else "age_ge", args[1]) if age_of else None


def _read_in(name: str | None, args: list[Any]) -> Condition | None:
    """`in`: an answer that is one of a list of values, or a text that contains one."""
    if name and isinstance(args[1], list):
        return Condition(name, "oneof", args[1])
    contained = _var_name(args[1])
    return Condition(contained, "contains", args[0]) if contained else None


def _read_comparison(
    op: str, name: str | None, args: list[Any], kinds: dict[str, str]
) -> Condition | None:
    """An answer compared with one plain value (or, for anyof / allof, a list)."""
    if (
        name is None
        or len(args) != 2
        or isinstance(args[1], dict | list)
        and op not in ("anyof", "allof")
    ):
        return None
    if op in ("==", "!=") and args[1] is True:
        return Condition(name, "checked" if op == "==" else "unchecked")
    date = kinds.get(name) == "date"
    mapping = {
        "==": "eq",
        "!=": "ne",
        "<": "before" if date else "lt",
        "<=": "le",
        ">": "after" if date else "gt",
        ">=": "ge",
        "anyof": "anyof",
        "allof": "allof",
    }
    return Condition(name, mapping[op], args[1]) if op in mapping else None


def from_logic(logic: Any, definition: dict[str, Any]) -> Rule | None:
    """The builder's rule for stored logic; None when it was not written by the builder."""
    if logic is None:
        return Rule()
    if not isinstance(logic, dict) or len(logic) != 1:
        return None
    combinator, items = next(iter(logic.items()))
    if combinator not in ("and", "or") or not isinstance(items, list):
        items, combinator = [logic], "and"
    kinds = {f.get("key", ""): kind_of(f) for f in rule_fields(definition)}
    conditions = [_read_condition(node, kinds) for node in items]
    if any(c is None for c in conditions):
        return None
    return Rule("any" if combinator == "or" else "all", [c for c in conditions if c])


def option_values(parts: list[str], options: list[dict[str, Any]]) -> list[str]:
    """The option values named by `parts` (each may hold several, separated by commas): an
    option's value, or its label as the signer reads it ("Laptop" is `laptop`), in any case;
    a word that names no option is kept as typed, for the publish check to point out."""
    by_word: dict[str, str] = {}
    for o in options:
        value = str(o.get("value", ""))
        for word in (str(o.get("label") or ""), value):
            by_word.setdefault(word.strip().casefold(), value)
    found: list[str] = []
    for part in parts:
        for word in str(part).split(","):
            word = word.strip()
            value = by_word.get(word.casefold(), word) if word else ""
            if value and value not in found:
                found.append(value)
    return found


def _typed(raw: str, f: dict[str, Any], op: Operator) -> Any:
    kind = kind_of(f)
    raw = raw.strip()
    if op.takes == "none":
        return None
    if op.takes == "values":
        return option_values([raw], list(f.get("options") or []))
    if not raw:
        raise Invalid(value_wanted(f))
    if op.takes == "number" or kind == "number":
        try:
            number = float(raw.replace(",", "."))
        except ValueError:
            raise Invalid(
                f"“{f.get('label', '')}” is compared with a number: enter a number."
            ) from None
        return int(number) if number.is_integer() else number
    return raw[:500]


def value_wanted(f: dict[str, Any]) -> str:
    """What a condition without its value asks for, in the question's own words."""
    verb = "Choose" if kind_of(f) == "choice" else "Enter"  # a list of options, or a box
    return f"{verb} the value to compare “{f.get('label', '')}” with."


def parse_rule(data: dict[str, Any], definition: dict[str, Any]) -> Rule:
    """Rows posted as cond_field / cond_op / cond_value (lists in the same order)."""
    from designer.web import as_list, text

    fields = {f.get("key"): f for f in rule_fields(definition)}
    names, ops, values = (as_list(data, k) for k in ("cond_field", "cond_op", "cond_value"))
    rule = Rule("any" if text(data, "combinator") == "any" else "all")
    for i, name in enumerate(names[:MAX_CONDITIONS]):
        if not name:
            continue
        f = fields.get(name)
        if f is None:
            raise Invalid("A condition names a field that no longer exists; choose another.")
        op = operator_for(f, ops[i] if i < len(ops) else "")
        if op is None:
            raise Invalid("A condition names a field that no longer exists; choose another.")
        raw = values[i] if i < len(values) else ""
        if op.takes not in ("none", "values") and not raw.strip():
            raise Incomplete(value_wanted(f), i)
        value = _typed(raw, f, op)
        if op.takes == "values" and not value:
            raise Incomplete(f"Choose at least one value for “{f.get('label', '')}”.", i)
        rule.conditions.append(Condition(name, op.id, value))
    return rule
