"""Can a condition ever be true (or ever be false)? Lint's "always / never" check.

The search tries every combination of representative answers for the fields a condition
reads: each option of a choice, ticked / unticked, each number the condition mentions and
the values around it, each date it mentions and the days around it, and "no answer". For
the conditions authors build with the pickers (comparisons of one field with values,
joined by and / or / not) these representatives cover every case, so "never true" is a
proof. Anything the search cannot cover (arithmetic, ages, two fields compared, too many
combinations) gives None: no finding rather than a wrong one.
"""

import datetime as dt
import itertools
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from components.conditions import (
    ConditionError,
    evaluate,
    referenced_vars,
    to_decimal,
    truthy,
    walk,
)
from components.definition import Field
from components.registry import get_component

MAX_COMBINATIONS = 2048
MAX_SUBSET_OPTIONS = 6
_SIMPLE = {"and", "or", "!", "==", "!=", "<", "<=", ">", ">=", "in", "var", "empty"}
_SIMPLE |= {"anyof", "allof"}
_TODAY = dt.date(2000, 1, 1)  # fixed, so the search never depends on the day it runs


def outcomes(expr: Any, scope: Mapping[str, Field]) -> set[bool] | None:
    """Every truth value the condition can take, or None when that cannot be decided."""
    if expr is None:
        return {True}
    space = _search_space(expr, scope)
    if space is None:
        return None
    keys, choices = space
    seen: set[bool] = set()
    for combination in itertools.product(*choices):
        data = {k: v for k, v in zip(keys, combination, strict=True) if v is not None}
        try:
            seen.add(truthy(evaluate(expr, data, today=_TODAY)))
        except ConditionError:
            return None
        if len(seen) == 2:
            break
    return seen


def _search_space(
    expr: Any, scope: Mapping[str, Field]
) -> tuple[list[str], list[list[Any]]] | None:
    """The fields the condition reads and the representative answers of each, or None when
    the search would not cover every case (see the module's docstring) or is too large."""
    try:
        names = referenced_vars(expr)
        operations = list(walk(expr))
    except ConditionError:
        return None
    if any(op not in _SIMPLE for op, _, _ in operations):
        return None
    if any(_two_fields(op, args) for op, args, _ in operations):
        return None
    keys = sorted({name for name, _ in names})
    if any("." in k or k not in scope for k in keys):
        return None
    literals = _literals(expr)
    ordered = any(op in ("<", "<=", ">", ">=") for op, _, _ in operations)
    if ordered and any(_kind(scope[k]) == "string" for k in keys):
        return None
    choices = []
    for k in keys:
        candidates = _candidates(scope[k], literals)
        if candidates is None:
            return None
        choices.append(candidates)
    total = 1
    for c in choices:
        total *= len(c)
        if total > MAX_COMBINATIONS:
            return None
    return keys, choices


def _kind(field: Field) -> str | None:
    component = get_component(field.component)
    return component.value_type if component is not None else None


def _two_fields(op: str, args: list[Any]) -> bool:
    """A comparison between two answers (not an answer and a value): not covered."""
    if op in ("and", "or", "!", "var"):
        return False
    return sum(1 for a in args if isinstance(a, Mapping) and "var" in a) > 1


def _literals(expr: Any) -> list[Any]:
    found: list[Any] = []
    stack = [expr]
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(node)
        elif isinstance(node, Mapping):
            for op, value in node.items():
                if op != "var":
                    stack.append(value)
        elif node is not None and not isinstance(node, bool):
            found.append(node)
    return found


def _candidates(field: Field, literals: list[Any]) -> list[Any] | None:
    component = get_component(field.component)
    if component is None:
        return None
    kind = component.value_type
    if field.component in ("select", "radio"):
        return [o.value for o in field.options] + [None]
    if field.component == "multiselect":
        values = [o.value for o in field.options]
        if len(values) > MAX_SUBSET_OPTIONS:
            return None
        subsets = itertools.chain.from_iterable(
            itertools.combinations(values, n) for n in range(1, len(values) + 1)
        )
        return [list(s) for s in subsets] + [None]
    if kind == "boolean":
        return [True, None]
    if kind == "number":
        return _numbers(literals, money=field.component == "money")
    if kind == "date":
        return _dates(literals)
    if kind == "string":
        texts = sorted({str(v) for v in literals if isinstance(v, str)})
        return [*texts, "".join(texts) + "~other", None]
    if kind in ("list", "object"):
        return [[{"any": 1}] if kind == "list" else {"kind": "typed", "text": "A"}, None]
    return None


def _numbers(literals: list[Any], money: bool) -> list[Any]:
    points = sorted({n for n in (to_decimal(v) for v in literals) if n is not None})
    if not points:
        points = [Decimal(0)]
    values: list[Decimal] = [points[0] - 1]
    for low, high in zip(points, [*points[1:], None], strict=True):
        values.append(low)
        values.append((low + high) / 2 if high is not None else low + 1)
    if money:
        return [{"amount": str(v), "currency": "XXX"} for v in values] + [None]
    return [*values, None]


def _dates(literals: list[Any]) -> list[Any] | None:
    days: set[dt.date] = set()
    for value in literals:
        if isinstance(value, str) and value.strip().lower() == "today":
            return None
        if isinstance(value, str):
            try:
                days.add(dt.date.fromisoformat(value))
            except ValueError:
                continue
    if not days:
        days = {dt.date(2000, 1, 1)}
    one = dt.timedelta(days=1)
    spread = sorted({d + step for d in days for step in (-one, dt.timedelta(0), one)})
    return [d.isoformat() for d in spread] + [None]
