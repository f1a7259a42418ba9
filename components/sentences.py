"""Conditions read back to authors as sentences.

    {"and": [{"==": [{"var": "applicant_type"}, "company"]},
             {">": [{"var": "loan_amount"}, 10000]}]}
    -> "Show when Applicant type is Company and Loan amount is more than 10,000"

Fields are named by their labels, option values by their option labels, numbers with
thousands separators and dates as "1 March 2027". Nested groups get parentheses.
"""

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from components.conditions import ConditionError, args_of, check_expression
from components.definition import Definition, Field
from components.fields._settings import format_number, label_of
from components.registry import get_component

_COMPARE = {
    "==": "is",
    "!=": "is not",
    ">": "is more than",
    ">=": "is at least",
    "<": "is less than",
    "<=": "is at most",
}
_COMPARE_DATES = {
    ">": "is after",
    ">=": "is on or after",
    "<": "is before",
    "<=": "is on or before",
}
#: what an answer of these is, in the rule pickers' words: "Proof is not uploaded"
_DONE_WORDS = {
    "checkbox": "ticked",
    "attachment": "uploaded",
    "signature": "signed",
    "initials": "signed",
}
_ARITHMETIC = {"+": " + ", "-": " − ", "*": " × ", "/": " ÷ "}
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def describe(expr: Any, definition: Definition, *, lead: str = "Show when") -> str:
    """A readable sentence for a condition; `lead` starts it ("Show when", "Ask when").
    With lead="" only the condition's words are returned, for a caller's own lead."""
    if expr is None:
        return "Always"
    text = phrase(expr, scope_of(definition))
    return f"{lead} {text}" if lead else text


def answered_word(component: str) -> str:
    """How a test that a question is answered words it: "ticked", "uploaded", "signed"
    or "answered", as in the rule pickers ("Proof is uploaded")."""
    return _DONE_WORDS.get(component, "answered")


def phrase(expr: Any, scope: Mapping[str, Field], *, quote: bool = False) -> str:
    """The condition as words, without a lead; unreadable expressions say why. With
    `quote`, every question is named in quotes (Show when “Do you have a guarantor?” is
    Yes), so a label that reads as a sentence of its own cannot run into the rule's words."""
    try:
        check_expression(expr)
    except ConditionError as exc:
        return f"(a condition that cannot be used: {exc.message})"
    return _Phrases(scope, quote=quote).condition(expr, parent=None)


def scope_of(definition: Definition) -> dict[str, Field]:
    return {f.key: f for _, f in definition.fields()}


def field_for(name: Any, scope: Mapping[str, Field]) -> Field | None:
    """The field a `var` name reads: a top-level key, or `group.N.sub` inside a group."""
    parts = str(name).split(".")
    field = scope.get(parts[0])
    for part in parts[1:]:
        if field is None or part.isdigit():
            continue
        field = next((s for s in field.fields if s.key == part), None)
    return field


class _Phrases:
    def __init__(self, scope: Mapping[str, Field], *, quote: bool = False) -> None:
        self.scope = scope
        self.quote = quote

    def named(self, text: str) -> str:
        return f"“{text}”" if self.quote else text

    def condition(self, node: Any, parent: str | None) -> str:
        if not isinstance(node, Mapping):
            return "always" if node not in (None, False, 0, "", []) else "never"
        op, args = args_of(node)
        if op in ("and", "or"):
            parts = [self.condition(a, op) for a in args] or ["always" if op == "and" else "never"]
            text = f" {op} ".join(parts)
            return (
                f"({text})" if parent in ("and", "or") and parent != op and len(parts) > 1 else text
            )
        if op == "!":
            return self.negated(args[0])
        if op in _COMPARE:
            return self.comparison(op, args)
        if op == "var":
            return self.answered(args, positive=True)
        if op == "empty":
            return self.answered(args, positive=False, truth=False)
        if op in ("anyof", "allof"):
            word = "any" if op == "anyof" else "all"
            join = "or" if op == "anyof" else "and"
            return (
                f"{self.value(args[0])} includes {word} of {self.listing(args[1], args[0], join)}"
            )
        if op == "in":
            return self.membership(args)
        return f"{self.value(node)} is not zero"

    def negated(self, inner: Any) -> str:
        if isinstance(inner, Mapping):
            op, args = args_of(inner)
            if op == "var":
                return self.answered(args, positive=False)
            if op == "empty":
                return self.answered(args, positive=True, truth=False)
            if op == "in":
                return self.membership(args, negate=True)
            if op == "==":
                return self.comparison("!=", args)
        return f"it is not the case that {self.condition(inner, '!')}"

    def answered(self, args: list[Any], positive: bool, truth: bool = True) -> str:
        """Whether a question is answered, in the rule pickers' words (designer/logic/rules.py):
        "is ticked" / "is not ticked" for a tick box (it holds a tick or nothing), "is
        uploaded" for a file upload, "is signed" for a signature or initials, else
        "is answered" / "is not answered". A bare answer (`truth`) of a number is also
        false for 0, which an empty test is not: the sentence says so."""
        if not _is_var(args[0]) and not isinstance(args[0], str):
            return f"{self.value(args[0])} is {'answered' if positive else 'not answered'}"
        name = _var_name(args[0]) if _is_var(args[0]) else args[0]
        field = field_for(name, self.scope)
        label = self.label(name)
        if field is not None and field.component in _DONE_WORDS:
            done = _DONE_WORDS[field.component]
            return f"{label} is {done if positive else 'not ' + done}"
        if truth and field is not None and _numeric(field):
            return (
                f"{label} is answered and is not 0"
                if positive
                else f"{label} is not answered or is 0"
            )
        return f"{label} is {'answered' if positive else 'not answered'}"

    def comparison(self, op: str, args: list[Any]) -> str:
        about = next((a for a in args if _is_var(a)), None)
        if op in ("==", "!=") and None in args and about is not None:
            return self.answered([about], positive=op == "!=", truth=False)
        age = self.years_ago(op, args)
        if age:
            return age
        if op in ("==", "!=") and about is not None and _is_checkbox(about, self.scope):
            other = args[1] if args[0] is about else args[0]
            if isinstance(other, bool):
                ticked = other == (op == "==")
                return f"{self.value(about)} is {'ticked' if ticked else 'not ticked'}"
        dates = self.is_date(about) or any(_looks_like_date(a) for a in args)
        words = (_COMPARE_DATES.get(op) if dates else None) or _COMPARE[op]
        values = [self.value(a, about) for a in args]
        if len(values) == 3:
            low, high = ("on or after", "on or before") if dates else ("at least", "at most")
            if op == "<":
                low, high = ("after", "before") if dates else ("more than", "less than")
            return f"{values[1]} is {low} {values[0]} and {high} {values[2]}"
        return f"{values[0]} {words} {values[1]}"

    def years_ago(self, op: str, args: list[Any]) -> str:
        """The pickers' age tests ("is at least this many years ago", 18) as they read:
        "Date of birth is at least 18 years ago"; "" for any other comparison."""
        if op not in (">=", "<") or len(args) != 2 or not isinstance(args[0], Mapping):
            return ""
        if list(args[0]) != ["age"] or isinstance(args[1], bool | Mapping | list):
            return ""
        inner = args[0]["age"] if isinstance(args[0]["age"], list) else [args[0]["age"]]
        if len(inner) != 1 or not _is_var(inner[0]) or not isinstance(args[1], int | float):
            return ""
        words = "is at least" if op == ">=" else "is less than"
        unit = "year" if args[1] == 1 else "years"
        return f"{self.value(inner[0])} {words} {format_number(args[1])} {unit} ago"

    def membership(self, args: list[Any], negate: bool = False) -> str:
        needle, haystack = args
        if isinstance(haystack, list):
            verb = "is not one of" if negate else "is one of"
            return f"{self.value(needle)} {verb} {self.listing(haystack, needle, 'or')}"
        verb = "does not contain" if negate else "contains"
        return f"{self.value(haystack)} {verb} {self.value(needle, haystack)}"

    def listing(self, node: Any, about: Any, join: str) -> str:
        items = node if isinstance(node, list) else [node]
        words = [self.value(i, about) for i in items]
        if len(words) <= 1:
            return "".join(words) or "nothing"
        return ", ".join(words[:-1]) + f" {join} " + words[-1]

    def value(self, node: Any, about: Any = None) -> str:
        if isinstance(node, Mapping):
            op, args = args_of(node)
            if op == "var":
                return self.label(args[0])
            if op == "age":
                on = f" on {self.value(args[1])}" if len(args) > 1 else ""
                return f"the age from {self.value(args[0])}{on}"
            if op == "date_diff":
                unit = args[2] if len(args) > 2 else "days"
                return f"the number of {unit} from {self.value(args[0])} to {self.value(args[1])}"
            if op in _ARITHMETIC:
                parts = [self.value(a) for a in args]
                if op == "-" and len(parts) == 1:
                    return f"minus {parts[0]}"
                return "(" + _ARITHMETIC[op].join(parts) + ")" if len(parts) > 1 else parts[0]
            if op == "sum":
                return self.total(args)
            return f"({self.condition(node, None)})"
        return self.literal(node, about)

    def total(self, args: list[Any]) -> str:
        rows = self.value(args[0])
        if len(args) < 2:
            return f"the total of {rows}"
        group = field_for(_var_name(args[0]) if _is_var(args[0]) else "", self.scope)
        column = next((s for s in (group.fields if group else []) if s.key == args[1]), None)
        name = label_of(column) if column is not None else str(args[1])
        return f"the total of {self.named(name)} in {rows}"

    def literal(self, node: Any, about: Any) -> str:
        field = field_for(_var_name(about), self.scope) if _is_var(about) else None
        if isinstance(node, list):
            return self.listing(node, about, "and")
        if node is None:
            return "empty"
        if isinstance(node, bool):
            return "yes" if node else "no"
        if field is not None and field.options and isinstance(node, str):
            return field.option_label(node)
        if isinstance(node, str) and node.strip().lower() == "today":
            return "today"
        if isinstance(node, str) and _ISO_DATE.match(node):
            try:
                return dt.date.fromisoformat(node).strftime("%d %B %Y").lstrip("0")
            except ValueError:
                return node
        if isinstance(node, int | float) or (field is not None and _numeric(field)):
            return format_number(node)
        return str(node)

    def label(self, name: Any) -> str:
        parts = str(name).split(".")
        field = field_for(name, self.scope)
        top = self.scope.get(parts[0])
        if field is None:
            return self.named(str(name))
        if top is not None and top is not field:
            rows = [p for p in parts[1:] if p.isdigit()]
            row = f" {int(rows[0]) + 1}" if rows else ""
            return f"{self.named(label_of(field))} ({label_of(top)}{row})"
        return self.named(label_of(field))

    def is_date(self, node: Any) -> bool:
        if not _is_var(node):
            return False
        field = field_for(_var_name(node), self.scope)
        component = get_component(field.component) if field is not None else None
        return component is not None and component.value_type == "date"


def _is_var(node: Any) -> bool:
    return isinstance(node, Mapping) and len(node) == 1 and "var" in node


def _is_checkbox(node: Any, scope: Mapping[str, Field]) -> bool:
    field = field_for(_var_name(node), scope)
    return field is not None and field.component == "checkbox"


def _var_name(node: Any) -> Any:
    name = node.get("var")
    return name[0] if isinstance(name, list) and name else name


def _looks_like_date(node: Any) -> bool:
    return isinstance(node, str) and (bool(_ISO_DATE.match(node)) or node.lower() == "today")


def _numeric(field: Field) -> bool:
    component = get_component(field.component)
    return component is not None and component.value_type == "number"
