"""Lint of one expression against the fields it reads: unknown fields and type mismatches.

Types are the components' `value_type`s ("number", "date", "string", "boolean", "list",
"object"); a literal's type is read from the JSON ("2027-03-01" and "today" are dates,
"12.5" is a number). None means "could be anything" and never causes a finding.
"""

import re
from collections.abc import Iterator, Mapping
from typing import Any, Literal

from components.conditions import args_of, to_decimal
from components.definition import Field
from components.fields._settings import label_of
from components.registry import get_component
from components.sentences import _Phrases, field_for

Severity = Literal["error", "warning"]
Problem = tuple[str, str, Severity]  # (path, message, severity)

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_BOOLEAN_OPS = {"and", "or", "!", "==", "!=", "<", "<=", ">", ">=", "in", "empty"}
_BOOLEAN_OPS |= {"anyof", "allof"}
_NUMBER_OPS = {"+", "-", "*", "/", "sum", "age", "date_diff"}
_ARTICLE = {"number": "a number", "date": "a date", "string": "text", "boolean": "yes or no"}
_ARTICLE |= {"list": "a list", "object": "a signature"}


def check_expression_types(
    expr: Any, path: str, scope: Mapping[str, Field], outside: Mapping[str, Field] | None = None
) -> Iterator[Problem]:
    """Every problem with the fields an expression reads and how it compares them.
    `outside`: the whole form's fields, for a row's condition that reads one of them."""
    yield from _Checker(scope, outside or {}).check(expr, path)


class _Checker:
    def __init__(self, scope: Mapping[str, Field], outside: Mapping[str, Field]) -> None:
        self.scope = scope
        self.outside = outside
        self.words = _Phrases(scope, quote=True)  # “Full name”: labels read as names

    def check(self, node: Any, at: str) -> Iterator[Problem]:
        if isinstance(node, list):
            for i, item in enumerate(node):
                yield from self.check(item, f"{at}[{i}]")
            return
        if not isinstance(node, Mapping) or len(node) != 1:
            return
        op, args = args_of(node)
        listed = isinstance(node[op], list)
        paths = [f"{at}.{op}[{i}]" if listed else f"{at}.{op}" for i in range(len(args))]
        if op == "var":
            yield from self.check_var(args[0], f"{at}.var")
            return
        for arg, arg_path in zip(args, paths, strict=True):
            yield from self.check(arg, arg_path)
        if op in ("==", "!=", "<", "<=", ">", ">="):
            yield from self.check_comparison(op, args, at)
        elif op in ("+", "-", "*", "/"):
            yield from self.expect(args, paths, "number", f"'{op}' works on numbers")
        elif op in ("age", "date_diff"):
            yield from self.expect(args[:2], paths[:2], "date", f"'{op}' works on dates")
        elif op == "sum":
            yield from self.check_sum(args, paths)
        elif op == "in" and isinstance(args[1], list):
            for i, item in enumerate(args[1]):
                yield from self.check_comparison("==", [args[0], item], f"{paths[1]}[{i}]")
        elif op in ("anyof", "allof") and isinstance(args[1], list):
            yield from self.check_single_choice(op, args, at)
            yield from self.check_options(args[0], args[1], paths[1])

    def check_var(self, name: Any, at: str) -> Iterator[Problem]:
        text = str(name)
        if not text:
            return
        top = self.scope.get(text.split(".")[0])
        if top is None and text.split(".")[0] in self.outside:
            name = label_of(self.outside[text.split(".")[0]])
            yield (
                at,
                f"reads “{name}”, which is not in this row: a row's conditions read only "
                "the fields before them in the same row",
                "error",
            )
            return
        if top is None:
            yield at, f"refers to field '{text.split('.')[0]}', which does not exist", "error"
            return
        component = get_component(top.component)
        if component is not None and component.layout_only:
            yield (
                at,
                f"refers to “{label_of(top)}”, a {top.component} that holds no answer",
                "error",
            )
        elif field_for(text, self.scope) is None:
            yield at, f"refers to '{text}', which is not a field of {label_of(top)}", "error"

    def type_of(self, node: Any) -> str | None:
        if isinstance(node, Mapping):
            if len(node) != 1:
                return None
            op, args = args_of(node)
            if op == "var":
                field = field_for(args[0], self.scope)
                component = get_component(field.component) if field is not None else None
                if component is None or component.value_type == "none":
                    return None
                if str(args[0]).split(".")[-1].isdigit():
                    return None  # one row of a group, or one item of a list
                return component.value_type
            if op in _BOOLEAN_OPS:
                return "boolean"
            return "number" if op in _NUMBER_OPS else None
        if node is None:
            return None
        if isinstance(node, bool):
            return "boolean"
        if isinstance(node, int | float):
            return "number"
        if isinstance(node, str):
            if _ISO_DATE.match(node) or node.strip().lower() == "today":
                return "date"
            return "number" if to_decimal(node) is not None else "string"
        return "list" if isinstance(node, list) else None

    def check_comparison(self, op: str, args: list[Any], at: str) -> Iterator[Problem]:
        pairs = [(a, self.type_of(a)) for a in args]
        for (a, ka), (b, kb) in zip(pairs, pairs[1:], strict=False):
            if ka is None or kb is None:
                continue
            if ka != kb:
                severity: Severity = "warning" if {ka, kb} == {"string", "number"} else "error"
                yield (
                    at,
                    (
                        f"compares {self.words.value(a)} ({_ARTICLE.get(ka, ka)}) with "
                        f"{self.words.value(b)} ({_ARTICLE.get(kb, kb)})"
                    ),
                    severity,
                )
            elif op not in ("==", "!=") and ka in ("boolean", "list", "object"):
                yield at, f"'{op}' cannot order {_ARTICLE.get(ka, ka)}", "error"
        for var, other in ((args[0], args[-1]), (args[-1], args[0])):
            yield from self.check_literal_option(var, other, at)
            if op in ("==", "!=") and other is False and self.is_checkbox(var):
                yield (
                    at,
                    (
                        "an unticked box has no value, so it never equals false; "
                        'use {"!": {"var": ...}} for "is not ticked"'
                    ),
                    "warning",
                )

    def check_literal_option(self, var: Any, literal: Any, at: str) -> Iterator[Problem]:
        field = self.field_of(var)
        if field is None or not field.options or not isinstance(literal, str):
            return
        if literal in {o.value for o in field.options}:
            return
        worded = next((o for o in field.options if o.label.casefold() == literal.casefold()), None)
        if worded is not None:  # the words signers read, where answers hold the value
            yield (
                at,
                f"names the option “{worded.text}” of {label_of(field)} by its words; answers "
                f"hold its value '{worded.value}', so this never matches: choose the option "
                "in the rule again",
                "warning",
            )
            return
        yield at, f"'{literal}' is not an option of {label_of(field)}", "warning"

    def check_options(self, var: Any, items: list[Any], at: str) -> Iterator[Problem]:
        for i, item in enumerate(items):
            yield from self.check_literal_option(var, item, f"{at}[{i}]")

    def check_single_choice(self, op: str, args: list[Any], at: str) -> Iterator[Problem]:
        """ "Includes any of / all of" reads a list of answers: on a select or radio button
        (one answer) it works as "is one of", and "all of" two options is never true."""
        field = self.field_of(args[0])
        component = get_component(field.component) if field is not None else None
        if field is None or not field.options or component is None:
            return
        if component.value_type == "list":
            return
        name = label_of(field)
        if op == "anyof":
            rule = "“includes any of” works as “is one of”: choose “is one of”"
        elif len(args[1]) <= 1:
            rule = "“includes all of” one option works as “is”: choose “is”"
        else:
            rule = (
                "“includes all of” several options is never true: choose “is one of”, "
                "or let signers choose several"
            )
        yield at, f"{name} takes one answer, so {rule}", "warning"

    def check_sum(self, args: list[Any], paths: list[str]) -> Iterator[Problem]:
        group = self.field_of(args[0])
        if group is None or group.component != "group":
            if self.type_of(args[0]) not in (None, "list"):
                yield paths[0], "'sum' needs a repeating group", "error"
            return
        if len(args) < 2:
            yield paths[0], "'sum' over a repeating group needs the key of a number column", "error"
            return
        column = next((s for s in group.fields if s.key == args[1]), None)
        if column is None:
            yield paths[1], f"'{args[1]}' is not a field of {label_of(group)}", "error"
            return
        component = get_component(column.component)
        if component is not None and component.value_type != "number":
            yield paths[1], f"“{label_of(column)}” is not a number, so it cannot be summed", "error"

    def expect(self, args: list[Any], paths: list[str], kind: str, rule: str) -> Iterator[Problem]:
        for arg, arg_path in zip(args, paths, strict=False):
            found = self.type_of(arg)
            if found is not None and found != kind:
                yield (
                    arg_path,
                    (f"{rule}, but {self.words.value(arg)} is {_ARTICLE.get(found, found)}"),
                    "error",
                )

    def field_of(self, node: Any) -> Field | None:
        if isinstance(node, Mapping) and len(node) == 1 and "var" in node:
            name = node["var"]
            return field_for(name[0] if isinstance(name, list) and name else name, self.scope)
        return None

    def is_checkbox(self, node: Any) -> bool:
        field = self.field_of(node)
        return field is not None and field.component == "checkbox"
