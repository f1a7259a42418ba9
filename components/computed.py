"""Computed values: every `computed` field's expression, in dependency order.

A computed field's expression lives in `Field.expression`; its output format in
`validation.format` ("number" or "money"). Computed values may use other computed values;
a cycle among them leaves the fields in it empty (lint reports the cycle as an error).
Stored answers for computed fields are never trusted: they are always worked out again.
"""

import datetime as dt
from collections.abc import Mapping
from typing import Any

from components.conditions import ConditionError, evaluate, referenced_keys
from components.definition import Definition, Field
from components.fields.computed import stored_value


def computed_fields(definition: Definition) -> list[Field]:
    return [f for _, f in definition.fields() if f.component == "computed"]


def dependencies(definition: Definition) -> dict[str, set[str]]:
    """For each computed field, the computed fields its expression reads."""
    fields = computed_fields(definition)
    keys = {f.key for f in fields}
    return {f.key: referenced_keys(f.expression) & keys for f in fields}


def find_cycles(graph: Mapping[str, set[str]]) -> list[list[str]]:
    """Each cycle once, as the keys along it, e.g. ["total", "fee", "total"]."""
    cycles: list[list[str]] = []
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    for start in graph:
        if state.get(start):
            continue
        path: list[str] = [start]
        state[start] = 1
        stack = [iter(sorted(graph.get(start, ())))]
        while stack:
            nxt = next(stack[-1], None)
            if nxt is None:
                state[path.pop()] = 2
                stack.pop()
            elif state.get(nxt) == 1:
                cycles.append(path[path.index(nxt) :] + [nxt])
            elif not state.get(nxt):
                state[nxt] = 1
                path.append(nxt)
                stack.append(iter(sorted(graph.get(nxt, ()))))
    return cycles


def evaluation_order(definition: Definition) -> tuple[list[Field], set[str]]:
    """Computed fields in an order where each comes after what it reads; and the keys
    caught in a cycle (left out of the order)."""
    graph = dependencies(definition)
    by_key = {f.key: f for f in computed_fields(definition)}
    waiting = {key: set(deps) for key, deps in graph.items()}
    order: list[Field] = []
    progress = True
    while progress:  # Kahn's algorithm, keeping definition order among the ready ones
        progress = False
        for key in list(waiting):
            if not waiting[key]:
                del waiting[key]
                order.append(by_key[key])
                for deps in waiting.values():
                    deps.discard(key)
                progress = True
    return order, set(waiting)


def compute_values(
    definition: Definition, answers: Mapping[str, Any], *, today: dt.date | None = None
) -> dict[str, Any]:
    """The value of every computed field (None when its inputs are missing or in a cycle)."""
    order, blocked = evaluation_order(definition)
    data = dict(answers)
    values: dict[str, Any] = dict.fromkeys(blocked)
    for field in order:
        data.pop(field.key, None)
        try:
            value = stored_value(evaluate(field.expression, data, today=today), field)
        except ConditionError:
            value = None
        values[field.key] = value
        if value is not None:
            data[field.key] = value
    return values
