"""The formula helper: `quantity * unit_price + 10` <-> JSON Logic for computed values.

A tiny recursive-descent parser over numbers, field keys, + - * /, parentheses and a few
named functions. It builds data (JSON Logic), never code; components.conditions checks
and evaluates the result on the server.
"""

import re
from typing import Any

from runtime.errors import Invalid

MAX_FORMULA = 500
MAX_NESTING = 20
_TOKEN = re.compile(r"\s*(?:(\d+(?:\.\d+)?)|([a-z][a-z0-9_]*)|(\S))")
FUNCTIONS = {
    "sum": "sum(group, column): adds a column of a repeating group",
    "age": "age(date): whole years since a date",
    "days_between": "days_between(from, to)",
    "months_between": "months_between(from, to)",
    "years_between": "years_between(from, to)",
}


class _Parser:
    def __init__(self, source: str, known: set[str]) -> None:
        if len(source) > MAX_FORMULA:
            raise Invalid(f"A formula may have at most {MAX_FORMULA} characters.")
        self.tokens: list[tuple[str, str]] = []
        for number, name, other in _TOKEN.findall(source.strip().lower()):
            self.tokens.append(
                ("num", number) if number else ("name", name) if name else ("op", other)
            )
        self.pos = 0
        self.known = known
        self.depth = 0

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self, value: str | None = None) -> tuple[str, str]:
        token = self.peek()
        if token is None or (value is not None and token[1] != value):
            expected = f"“{value}”" if value else "a number or a field"
            raise Invalid(f"The formula is not complete: {expected} is missing.")
        self.pos += 1
        return token

    def parse(self) -> Any:
        if not self.tokens:
            raise Invalid("Write a formula, for example quantity * unit_price.")
        node = self.expr()
        if self.peek() is not None:
            raise Invalid(f"The formula has something unexpected: “{self.peek()[1]}”.")  # type: ignore[index]
        return node

    def expr(self) -> Any:
        node = self.term()
        while self.peek() in (("op", "+"), ("op", "-")):
            op = self.take()[1]
            node = _fold(op, node, self.term())
        return node

    def term(self) -> Any:
        node = self.factor()
        while self.peek() in (("op", "*"), ("op", "/")):
            op = self.take()[1]
            node = _fold(op, node, self.factor())
        return node

    def factor(self) -> Any:
        kind, value = self.take()
        if kind == "num":
            number = float(value)
            return int(number) if number.is_integer() and "." not in value else number
        if (kind, value) == ("op", "("):
            self.depth += 1
            if self.depth > MAX_NESTING:
                raise Invalid(f"The formula nests brackets more than {MAX_NESTING} deep.")
            node = self.expr()
            self.take(")")
            self.depth -= 1
            return node
        if (kind, value) == ("op", "-"):
            self.depth += 1
            if self.depth > MAX_NESTING:
                raise Invalid(f"The formula nests more than {MAX_NESTING} deep.")
            node = {"-": [self.factor()]}
            self.depth -= 1
            return node
        if kind == "name":
            if self.peek() == ("op", "("):
                return self.call(value)
            if value not in self.known:
                raise Invalid(f"There is no field with the key {value}.")
            return {"var": value}
        raise Invalid(f"The formula has something unexpected: “{value}”.")

    def call(self, name: str) -> Any:
        if name not in FUNCTIONS:
            raise Invalid(f"Unknown function {name}; use one of: {', '.join(FUNCTIONS)}.")
        self.take("(")
        args = [self.expr()]
        while self.peek() == ("op", ","):
            self.take(",")
            args.append(self.expr() if name != "sum" else {"var": self.take()[1]})
        self.take(")")
        if name == "sum":
            column = args[1]["var"] if len(args) > 1 else None
            return {"sum": [args[0], column] if column else [args[0]]}
        if name == "age":
            return {"age": args[:1]}
        if len(args) != 2:
            raise Invalid(f"{name} needs two dates: {FUNCTIONS[name]}.")
        return {"date_diff": [args[0], args[1], name.split("_")[0]]}


def _fold(op: str, left: Any, right: Any) -> Any:
    if op in "+*" and isinstance(left, dict) and list(left) == [op]:
        return {op: [*left[op], right]}
    return {op: [left, right]}


def parse_formula(source: str, known_keys: set[str]) -> dict[str, Any]:
    node = _Parser(source, known_keys).parse()
    return node if isinstance(node, dict) else {"+": [node]}


_PRECEDENCE = {"+": 1, "-": 1, "*": 2, "/": 2}


def render_formula(node: Any, parent: int = 0) -> str:
    """Back to text, with brackets only where they are needed."""
    if not isinstance(node, dict) or len(node) != 1:
        return str(node) if not isinstance(node, list) else ", ".join(map(str, node))
    op, args = next(iter(node.items()))
    args = args if isinstance(args, list) else [args]
    if op == "var":
        return str(args[0])
    if op in _PRECEDENCE:
        if op == "-" and len(args) == 1:
            return f"-{render_formula(args[0], 3)}"
        level = _PRECEDENCE[op]
        text = f" {op} ".join(
            render_formula(a, level + (1 if i and op in "-/" else 0)) for i, a in enumerate(args)
        )
        return f"({text})" if level < parent else text
    if op == "sum":
        column = f", {args[1]}" if len(args) > 1 else ""
        return f"sum({render_formula(args[0])}{column})"
    if op == "age":
        return f"age({render_formula(args[0])})"
    if op == "date_diff":
        unit = args[2] if len(args) > 2 else "days"
        return f"{unit}_between({render_formula(args[0])}, {render_formula(args[1])})"
    return str(node)
