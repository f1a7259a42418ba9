"""Does one condition make sure of another? Publishing's "is this clause guarded?" check.

A clause that quotes a question its step, its own rule or its party's condition can skip
is safe only when the clause's rule *implies* that the question is asked: whenever the
clause shows, the question was shown too. `implies` answers True only when it is sure:

- the same rule (or no rule to meet);
- a clause rule that is an `and` holding the rule, an `or` of rules each implying it,
  an `and` / `or` rule to meet taken part by part, `!` turned around;
- one answer compared with the same value (`kind == "company"` both ways round), a value
  among an `in` list, a value unequal to another, a truthy value meeting a bare answer;
- with the fields at hand, a search over representative answers (components.satisfiable)
  that proves "the clause's rule and not the other" is never true, for rules reading only
  choices, tick boxes, numbers and dates (where those representatives cover every case);
  a required question asked of everyone (`always`) is answered there, so "is not A person"
  of a two-choice question proves "is A company".

Anything else is "not sure" (False): publishing then warns, in words that say "may".
`answered` is the test "this question has an answer": a hidden question has none, so a
clause rule that implies it also implies the question was asked.
"""

import json
from collections.abc import Mapping
from typing import Any

from components.definition import Field
from components.registry import get_component
from components.satisfiable import outcomes
from components.values import is_empty, to_decimal

#: comparisons that are false when the answer is missing (None)
_NEEDS_VALUE = frozenset({"==", "<", "<=", ">", ">="})
#: what the exhaustive search covers completely: a finite choice, or values ordered by number
_FINITE = frozenset({"select", "radio", "multiselect"})
_ORDERED = frozenset({"boolean", "number", "date"})


def answered(key: str) -> dict[str, Any]:
    """The rule "the question `key` is answered", as the rule pickers write it."""
    return {"!": [{"empty": [{"var": key}]}]}


def implies(
    p: Any,
    q: Any,
    scope: Mapping[str, Field] | None = None,
    always: frozenset[str] = frozenset(),
) -> bool:
    """True when `p` holding makes sure `q` holds (None is "always"); False when unsure.
    `always`: keys sure to have an answer when the document is sealed (required, asked of
    everyone), so the search leaves out "no answer" for them ("is not A person" of a
    required two-choice question is "is A company")."""
    try:
        return _implies(p, q, (scope, always) if scope is not None else None)
    except (TypeError, ValueError, AttributeError, IndexError):  # a half-made draft rule
        return False


_Facts = tuple[Mapping[str, Field], frozenset[str]]


def _implies(p: Any, q: Any, scope: _Facts | None) -> bool:
    """Part by part first; where the parts end, the search (with the fields at hand)."""
    if q is None or _same(p, q):
        return True
    if p is None:
        return False
    q_op, q_args = _node(q)
    if q_op == "and":
        return all(_implies(p, a, scope) for a in q_args)
    p_op, p_args = _node(p)
    if p_op == "and" and any(_implies(a, q, scope) for a in p_args):
        return True
    if p_op == "or" and p_args and all(_implies(a, q, scope) for a in p_args):
        return True
    if q_op == "or" and any(_implies(p, a, scope) for a in q_args):
        return True
    if p_op == q_op == "!" and _implies(q_args[0], p_args[0], scope):
        return True
    if _atom(p_op, p_args, q_op, q_args):
        return True
    return scope is not None and _proven(p, q, scope)


def _atom(p_op: str, p_args: list[Any], q_op: str, q_args: list[Any]) -> bool:
    """One comparison of one answer with a value, against another of the same answer."""
    pair = _compared(p_op, p_args)
    if p_op != "==" or pair is None:
        return False
    key, value = pair
    if q_op in ("==", "!="):
        other = _compared(q_op, q_args)
        if other is None or other[0] != key:
            return False
        same = _same_value(value, other[1])
        return same if q_op == "==" else _differ(value, other[1])
    if q_op == "in" and len(q_args) == 2 and _var(q_args[0]) == key:
        listed = q_args[1]
        return isinstance(listed, list) and any(_same_value(value, v) for v in listed)
    if q_op == "var" and _var({"var": q_args}) == key:
        return _surely_truthy(value)
    if q_op == "!" and _is_empty_test(q_args[0]):
        return _var(_node(q_args[0])[1][0]) == key and not is_empty(value)
    return False


def _proven(p: Any, q: Any, facts: _Facts) -> bool:
    """`p and not q` is never true over answers that cover every case (see module doc)."""
    scope, always = facts
    try:
        keys = {str(k).split(".")[0] for k in _vars([p, q])}
    except (TypeError, ValueError, AttributeError, IndexError):
        return False
    sure = [answered(k) for k in sorted(keys & always)]
    test = {"and": [p, *sure, {"!": [q]}]}
    for key in keys:
        field = scope.get(key)
        component = get_component(field.component) if field is not None else None
        if field is None or component is None:
            return False
        if field.component not in _FINITE and component.value_type not in _ORDERED:
            return False
    return outcomes(test, scope) == {False}


def _vars(expr: Any) -> list[Any]:
    if isinstance(expr, list):
        return [v for item in expr for v in _vars(item)]
    if isinstance(expr, Mapping):
        op, args = _node(expr)
        return [args[0]] if op == "var" else _vars(args)
    return []


def _node(expr: Any) -> tuple[str, list[Any]]:
    if not isinstance(expr, Mapping) or len(expr) != 1:
        return "", []
    (op, args), *_ = expr.items()
    return str(op), list(args) if isinstance(args, list) else [args]


def _var(expr: Any) -> str | None:
    """The key a plain `{"var": "key"}` reads; None for anything else (a default too)."""
    op, args = _node(expr)
    if op != "var" or len(args) != 1 or not isinstance(args[0], str) or not args[0]:
        return None
    return args[0]


def _compared(op: str, args: list[Any]) -> tuple[str, Any] | None:
    """(key, value) of `key op value` or `value op key`, the value a plain literal."""
    if op not in _NEEDS_VALUE | {"!="} or len(args) != 2:
        return None
    for one, other in (args, args[::-1]):
        key = _var(one)
        if key is not None and _literal(other):
            return key, other
    return None


def _literal(value: Any) -> bool:
    return value is not None and not isinstance(value, Mapping | list)


def _is_empty_test(expr: Any) -> bool:
    op, args = _node(expr)
    return op == "empty" and len(args) == 1 and _var(args[0]) is not None


def _same_value(a: Any, b: Any) -> bool:
    """Written the same: `equal` is loose ("5" equals 5 equals "5.0", yet "5" is not "5.0"),
    so only the very same value is sure to meet the same answers."""
    return type(a) is type(b) and a == b


def _differ(a: Any, b: Any) -> bool:
    """No answer equals both: booleans against anything else, two words, two numbers."""
    if isinstance(a, bool) or isinstance(b, bool):
        return not (isinstance(a, bool) and isinstance(b, bool) and a == b)
    x, y = to_decimal(a), to_decimal(b)
    if x is not None and y is not None:
        return x != y
    return isinstance(a, str) and isinstance(b, str) and x is None and y is None and a != b


def _surely_truthy(value: Any) -> bool:
    """An answer equal to `value` is truthy: True, a non-zero number, or words."""
    if value is True:
        return True
    number = to_decimal(value)
    if number is not None:
        return number != 0
    return isinstance(value, str) and bool(value)


def _same(p: Any, q: Any) -> bool:
    return json.dumps(p, sort_keys=True, default=str) == json.dumps(q, sort_keys=True, default=str)


def needs_answer(p: Any, key: str) -> bool:
    """`p` holds only when `key` has an answer (a comparison with a value is false on a
    missing answer), so `p` implies the question was asked."""
    if p is None:
        return False
    op, args = _node(p)
    if op == "and":
        return any(needs_answer(a, key) for a in args)
    if op == "or":
        return bool(args) and all(needs_answer(a, key) for a in args)
    if op == "var":
        return _var(p) == key
    if op == "!":
        return _is_empty_test(args[0]) and _var(_node(args[0])[1][0]) == key
    if op in _NEEDS_VALUE:
        pair = _compared(op, args)
        return pair is not None and pair[0] == key
    return False
