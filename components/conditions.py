"""Conditions and computed values: a small JSON Logic evaluator with an allow-list.

One evaluator decides section and field visibility, document clauses, conditional roles
and computed values. It never calls `eval`; an expression is data, checked for shape and
size before anything runs (`check_condition`), so a deeply nested or huge expression is
refused in microseconds with a `ConditionError` that names the path.

Semantics follow JSON Logic (jsonlogic.com) where it has them, with three deliberate
differences that suit forms: a comparison involving a missing value (None) is false, a
boolean equals only a boolean, and arithmetic is exact (Decimal, never float).
"""

import datetime as dt
import decimal
import math
from collections.abc import Callable, Iterator, Mapping
from decimal import Decimal
from typing import Any

from components.values import (
    CONTEXT,
    MAX_NUMBER,
    age_on,
    all_of,
    any_of,
    as_date,
    compare,
    contains,
    divide,
    equal,
    is_empty,
    lookup,
    minus,
    plus,
    times,
    to_decimal,
    truthy,
    whole_months,
)

__all__ = [
    "CONDITION_OPERATORS",
    "EXPRESSION_OPERATORS",
    "ConditionError",
    "check_condition",
    "check_expression",
    "evaluate",
    "referenced_keys",
    "referenced_vars",
    "to_decimal",
    "truthy",
    "walk",
]

MAX_DEPTH = 32
MAX_NODES = 500
MAX_STRING = 1_000

#: the operators allowed in a condition (visible_if, a role's condition)
CONDITION_OPERATORS = frozenset(
    {"and", "or", "!", "==", "!=", "<", "<=", ">", ">=", "in", "var"}
    | {"empty", "anyof", "allof", "age", "date_diff"}
)
#: a computed value's expression may also do arithmetic and sum over a repeating group
EXPRESSION_OPERATORS = CONDITION_OPERATORS | {"+", "-", "*", "/", "sum"}
DATE_UNITS = ("days", "months", "years")

# operator -> (fewest, most) arguments; None = no upper limit
_ARITY: dict[str, tuple[int, int | None]] = {
    "and": (0, None),
    "or": (0, None),
    "!": (1, 1),
    "==": (2, 2),
    "!=": (2, 2),
    "<": (2, 3),
    "<=": (2, 3),
    ">": (2, 2),
    ">=": (2, 2),
    "in": (2, 2),
    "var": (1, 2),
    "empty": (1, 1),
    "anyof": (2, 2),
    "allof": (2, 2),
    "age": (1, 2),
    "date_diff": (2, 3),
    "+": (1, None),
    "-": (1, 2),
    "*": (1, None),
    "/": (2, 2),
    "sum": (1, 2),
}


class ConditionError(ValueError):
    """An expression that cannot be run: unknown operator, wrong shape, too deep or too big."""

    def __init__(self, path: str, message: str) -> None:
        self.path = path
        self.message = message
        super().__init__(f"{path}: {message}")


def args_of(node: Mapping[str, Any]) -> tuple[str, list[Any]]:
    """The operator of a checked node and its arguments, always as a list."""
    (op, args), *_ = node.items()
    return op, list(args) if isinstance(args, list) else [args]


def check_condition(
    expr: Any, *, path: str = "$", operators: frozenset[str] = CONDITION_OPERATORS
) -> None:
    """Refuse anything but a small, allow-listed expression. Checks shape only, not meaning."""
    nodes = 0
    stack: list[tuple[Any, str, int]] = [(expr, path, 1)]
    while stack:
        node, at, depth = stack.pop()
        nodes += 1
        if nodes > MAX_NODES:
            raise ConditionError(path, f"is too large: more than {MAX_NODES} parts")
        if depth > MAX_DEPTH:
            raise ConditionError(at, f"is nested too deeply: more than {MAX_DEPTH} levels")
        if isinstance(node, list):
            if len(node) + nodes > MAX_NODES:
                raise ConditionError(path, f"is too large: more than {MAX_NODES} parts")
            stack.extend((item, f"{at}[{i}]", depth + 1) for i, item in enumerate(node))
        elif isinstance(node, Mapping):
            stack.extend(_check_operator(node, at, depth, operators))
        else:
            _check_literal(node, at)


def check_expression(expr: Any, *, path: str = "$") -> None:
    """Like check_condition, with the arithmetic operators a computed value may use."""
    check_condition(expr, path=path, operators=EXPRESSION_OPERATORS)


def _check_operator(
    node: Mapping[Any, Any], at: str, depth: int, operators: frozenset[str]
) -> list[tuple[Any, str, int]]:
    if len(node) != 1:
        raise ConditionError(at, 'an operation must have exactly one operator, like {"var": "age"}')
    op = next(iter(node))
    if not isinstance(op, str) or op not in operators:
        allowed = ", ".join(sorted(operators))
        raise ConditionError(at, f"unknown operator {str(op)[:40]!r}; allowed: {allowed}")
    raw = node[op]
    listed = isinstance(raw, list)
    if listed and len(raw) > MAX_NODES:
        raise ConditionError(at, f"is too large: more than {MAX_NODES} parts")
    args = list(raw) if listed else [raw]
    fewest, most = _ARITY[op]
    if len(args) < fewest or (most is not None and len(args) > most):
        count = f"{fewest}" if fewest == most else f"{fewest} to {most}"
        if most is None:
            count = f"at least {fewest}"
        raise ConditionError(at, f"'{op}' takes {count} value{'s' if most != 1 else ''}")
    here = f"{at}.{op}"
    if op == "var":
        _check_var(args, here)
    elif op == "date_diff" and len(args) == 3 and args[2] not in DATE_UNITS:
        raise ConditionError(f"{here}[2]", f"the unit must be one of: {', '.join(DATE_UNITS)}")
    elif op == "sum" and len(args) == 2 and not isinstance(args[1], str):
        raise ConditionError(f"{here}[1]", "must be the key of a field in the repeating group")
    return [(a, f"{here}[{i}]" if listed else here, depth + 1) for i, a in enumerate(args)]


def _check_var(args: list[Any], at: str) -> None:
    name = args[0]
    if isinstance(name, bool) or not isinstance(name, str | int):
        raise ConditionError(at, '\'var\' needs a field key, like {"var": "loan_amount"}')
    if isinstance(name, str) and len(name) > 200:
        raise ConditionError(at, "'var' names a field key longer than 200 characters")
    if len(args) == 2 and isinstance(args[1], list | Mapping):
        raise ConditionError(at, "the default of 'var' must be a plain value")


_TOO_LARGE = "number is too large: a rule's numbers are at most 10^30 (1e30)"


def _check_literal(node: Any, at: str) -> None:
    if node is None or isinstance(node, bool):
        return
    if isinstance(node, str):
        if len(node) > MAX_STRING:
            raise ConditionError(at, f"text is longer than {MAX_STRING} characters")
    elif isinstance(node, int):
        if abs(node) > MAX_NUMBER:
            raise ConditionError(at, _TOO_LARGE)
    elif isinstance(node, float | Decimal):
        if not math.isfinite(node):
            raise ConditionError(at, "is not a number")
        # 1e30 written in JSON is read as a float a little over 10^30: it is the limit
        too_large = (
            abs(node) > float(MAX_NUMBER) if isinstance(node, float) else abs(node) > MAX_NUMBER
        )
        if too_large:
            raise ConditionError(at, _TOO_LARGE)
    else:
        raise ConditionError(at, f"unsupported value of type {type(node).__name__}")


def evaluate(expr: Any, data: Mapping[str, Any], *, today: dt.date | None = None) -> Any:
    """Run a checked expression against answers. Raises only ConditionError."""
    check_condition(expr, operators=EXPRESSION_OPERATORS)
    return _Evaluator(data if isinstance(data, Mapping) else {}, today or dt.date.today()).run(expr)


class _Evaluator:
    def __init__(self, data: Mapping[str, Any], today: dt.date) -> None:
        self.data = data
        self.today = today
        self.ops: dict[str, Callable[[list[Any]], Any]] = {
            "and": self._and,
            "or": self._or,
            "!": lambda a: not truthy(self.run(a[0])),
            "==": lambda a: equal(self.run(a[0]), self.run(a[1])),
            "!=": lambda a: not equal(self.run(a[0]), self.run(a[1])),
            "<": lambda a: self._chain(a, lambda c: c < 0),
            "<=": lambda a: self._chain(a, lambda c: c <= 0),
            ">": lambda a: self._chain(a, lambda c: c > 0),
            ">=": lambda a: self._chain(a, lambda c: c >= 0),
            "in": lambda a: contains(self.run(a[0]), self.run(a[1])),
            "var": self._var,
            "empty": lambda a: is_empty(self.run(a[0])),
            "anyof": lambda a: any_of(self.run(a[0]), self.run(a[1])),
            "allof": lambda a: all_of(self.run(a[0]), self.run(a[1])),
            "age": self._age,
            "date_diff": self._date_diff,
            "+": lambda a: self._arith(a, plus),
            "-": lambda a: self._arith(a, minus),
            "*": lambda a: self._arith(a, times),
            "/": lambda a: self._arith(a, divide),
            "sum": self._sum,
        }

    def run(self, node: Any) -> Any:
        if isinstance(node, list):
            return [self.run(item) for item in node]
        if not isinstance(node, Mapping):
            return node
        op, args = args_of(node)
        return self.ops[op](args)

    def _and(self, args: list[Any]) -> Any:
        value: Any = True
        for arg in args:
            value = self.run(arg)
            if not truthy(value):
                return value
        return value

    def _or(self, args: list[Any]) -> Any:
        value: Any = False
        for arg in args:
            value = self.run(arg)
            if truthy(value):
                return value
        return value

    def _chain(self, args: list[Any], test: Callable[[int], bool]) -> bool:
        values = [self.run(a) for a in args]
        for left, right in zip(values, values[1:], strict=False):
            order = compare(left, right)
            if order is None or not test(order):
                return False
        return True

    def _var(self, args: list[Any]) -> Any:
        default = self.run(args[1]) if len(args) > 1 else None
        value = lookup(self.data, args[0])
        return default if value is None else value

    def _age(self, args: list[Any]) -> Any:
        birth = as_date(self.run(args[0]), self.today)
        on = as_date(self.run(args[1]), self.today) if len(args) > 1 else self.today
        return None if birth is None or on is None else age_on(birth, on)

    def _date_diff(self, args: list[Any]) -> Any:
        start, end = (as_date(self.run(a), self.today) for a in args[:2])
        unit = args[2] if len(args) > 2 else "days"
        if start is None or end is None:
            return None
        if unit == "days":
            return (end - start).days
        months = whole_months(start, end)
        return months if unit == "months" else int(months / 12)

    def _arith(self, args: list[Any], op: Callable[[list[Decimal]], Decimal | None]) -> Any:
        numbers = [to_decimal(self.run(a)) for a in args]
        if any(n is None for n in numbers):
            return None
        try:
            return op([n for n in numbers if n is not None])
        except (decimal.DecimalException, ArithmeticError):
            return None

    def _sum(self, args: list[Any]) -> Any:
        rows = self.run(args[0])
        if rows is None:
            rows = []
        if not isinstance(rows, list):
            rows = [rows]
        if len(args) > 1:
            rows = [r.get(args[1]) if isinstance(r, Mapping) else None for r in rows]
        total = Decimal(0)
        try:
            for value in rows:
                number = to_decimal(value)
                if number is not None:
                    total = CONTEXT.add(total, number)
        except (decimal.DecimalException, ArithmeticError):
            return None
        return total


def walk(expr: Any, path: str = "$") -> Iterator[tuple[str, list[Any], str]]:
    """Every operation in a checked expression as (operator, arguments, path), outermost first."""
    stack: list[tuple[Any, str]] = [(expr, path)]
    while stack:
        node, at = stack.pop()
        if isinstance(node, list):
            stack.extend((item, f"{at}[{i}]") for i, item in reversed(list(enumerate(node))))
        elif isinstance(node, Mapping) and len(node) == 1:
            op, args = args_of(node)
            listed = isinstance(node[op], list)
            yield op, args, at
            if op != "var":
                stack.extend(
                    (a, f"{at}.{op}[{i}]" if listed else f"{at}.{op}")
                    for i, a in reversed(list(enumerate(args)))
                )


def referenced_vars(expr: Any, path: str = "$") -> list[tuple[str, str]]:
    """The `var` names an expression reads, with the path of each `var`."""
    return [(str(args[0]), at) for op, args, at in walk(expr, path) if op == "var" and args]


def referenced_keys(expr: Any) -> set[str]:
    """The field keys an expression depends on (the first part of each `var` name)."""
    return {name.split(".")[0] for name, _ in referenced_vars(expr) if name}
