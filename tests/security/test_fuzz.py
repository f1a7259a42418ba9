"""Fuzzing (hypothesis) of the parsers that read what strangers send: the definition
parser, the JSON Logic evaluator and computed values, and the CSV/XLSX reader. Each input
gets a result or the module's own error, quickly; nothing else may escape.

Settings stay modest (tens of examples, a deadline per example) so the suite is fast;
run with `--hypothesis-profile` of your own for a longer hunt."""

import datetime as dt
import io
import json
import zipfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from components.computed import compute_values
from components.conditions import ConditionError, evaluate
from components.definition import parse_definition
from components.errors import DefinitionError
from components.visibility import resolve
from runtime.bulk.tables_io import read_rows
from runtime.errors import Invalid

DEMO = Path(__file__).resolve().parents[2] / "runtime" / "demo" / "service_agreement.json"
FAST = settings(max_examples=40, deadline=5000, suppress_health_check=[HealthCheck.too_slow])

OPERATORS = [
    "and", "or", "!", "==", "!=", "<", "<=", ">", ">=", "in", "var", "empty", "anyof",
    "allof", "age", "date_diff", "+", "-", "*", "/", "sum", "if", "eval", "", "var.x",
]  # fmt: skip
scalars = (
    st.none()
    | st.booleans()
    | st.integers(-(10**20), 10**20)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=12)
    | st.sampled_from(["2000-01-01", "1999-02-30", "full_name", "amount", "email"])
)
json_values = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=5)
        | st.dictionaries(st.sampled_from(OPERATORS) | st.text(max_size=5), children, max_size=3)
    ),
    max_leaves=40,
)
answers = st.dictionaries(
    st.sampled_from(["full_name", "amount", "email", "start_date", "x"]), json_values, max_size=5
)


@FAST
@given(expr=json_values, data=answers)
def test_evaluator_returns_or_raises_condition_error(expr: Any, data: dict) -> None:
    try:
        evaluate(expr, data, today=dt.date(2026, 11, 27))
    except ConditionError as exc:
        assert str(exc)  # says what is wrong


def _demo() -> dict[str, Any]:
    return json.loads(DEMO.read_text())


def _mutate(definition: dict[str, Any], path: list[Any], value: Any) -> dict[str, Any]:
    """Replace the node at a (wrapped) path inside the definition by `value`."""
    node: Any = definition
    for step in path[:-1]:
        if isinstance(node, dict) and node:
            node = node[sorted(node)[step % len(node)]]
        elif isinstance(node, list) and node:
            node = node[step % len(node)]
    if isinstance(node, dict) and node:
        node[sorted(node)[path[-1] % len(node)]] = value
    elif isinstance(node, list) and node:
        node[path[-1] % len(node)] = value
    return definition


@FAST
@given(path=st.lists(st.integers(0, 50), min_size=1, max_size=6), value=json_values)
def test_definition_parser_mutations(path: list[int], value: Any) -> None:
    """A real definition with one node replaced: parsed, or refused with paths."""
    raw = json.dumps(_mutate(_demo(), path, value), allow_nan=True).encode()
    try:
        definition = parse_definition(raw)
    except DefinitionError as exc:
        assert exc.errors and all(e.path.startswith("$") and e.message for e in exc.errors)
        return
    # what parses must also be usable: visibility and computed values never raise
    resolve(definition, {"full_name": value}, today=dt.date(2026, 11, 27))
    compute_values(definition, {"full_name": value}, today=dt.date(2026, 11, 27))


@FAST
@given(raw=st.binary(max_size=300) | st.text(max_size=300).map(str.encode))
def test_definition_parser_garbage(raw: bytes) -> None:
    try:
        parse_definition(raw)
    except DefinitionError as exc:
        assert exc.errors


@FAST
@given(
    cut=st.integers(0, 4000),
    noise=st.binary(min_size=1, max_size=8),
)
def test_definition_parser_truncated_and_spliced(cut: int, noise: bytes) -> None:
    raw = DEMO.read_bytes()
    cut %= len(raw)
    for candidate in (raw[:cut], raw[:cut] + noise + raw[cut:]):
        try:
            parse_definition(candidate)
        except DefinitionError as exc:
            assert exc.errors


def test_deep_and_huge_definitions_are_refused_quickly() -> None:
    import time

    base = DEMO.read_text()
    cases = {
        "deep default": base.replace('"required": true', '"default": ' + "[" * 100_000 + "]" * 100_000 + ', "required": true', 1),  # noqa: E501
        "deep condition": base.replace('"title":', '"visible_if": ' + '{"!":' * 400 + "true" + "}" * 400 + ', "title":', 1),  # noqa: E501
        "wide condition": base.replace('"title":', '"visible_if": {"or": [' + ",".join(['{"var": "email"}'] * 5000) + ']}, "title":', 1),  # noqa: E501
        "unknown operator": base.replace('"title":', '"visible_if": {"eval": ["1"]}, "title":', 1),  # noqa: E501
        "over a megabyte": '{"name": "' + "a" * 1_100_000 + '"}',
    }  # fmt: skip
    for name, raw in cases.items():
        started = time.monotonic()
        try:
            parse_definition(raw)
        except DefinitionError as exc:
            assert exc.errors[0].path.startswith("$") and exc.errors[0].message, name
        else:
            raise AssertionError(f"{name} was accepted")
        assert time.monotonic() - started < 5, name  # ~10 ms when the machine is idle


@FAST
@given(
    text=st.text(
        alphabet=st.characters(blacklist_categories=["Cs"]) | st.sampled_from(',;\t"\r\n='),
        max_size=400,
    )
)
def test_csv_reader(text: str) -> None:
    try:
        headers, rows = read_rows(text.encode("utf-8"))
    except Invalid as exc:
        assert exc.detail
        return
    assert headers and rows and all(set(r) == set(headers) for r in rows)


@FAST
@given(raw=st.binary(max_size=400))
def test_csv_reader_bytes(raw: bytes) -> None:
    try:
        read_rows(raw)
    except Invalid as exc:
        assert exc.detail


def _xlsx() -> bytes:
    book = Workbook()
    book.active.append(["customer.name", "customer.email"])
    book.active.append(["Ann", "ann@example.com"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


XLSX = _xlsx()


@settings(max_examples=40, deadline=5000, suppress_health_check=[HealthCheck.too_slow])
@given(
    at=st.integers(0, len(XLSX) - 1),
    flips=st.binary(min_size=1, max_size=16),
    truncate=st.booleans(),
)
def test_xlsx_reader_mutations(at: int, flips: bytes, truncate: bool) -> None:
    data = bytearray(XLSX)
    if truncate:
        data = data[: max(at, 4)]
    else:
        data[at : at + len(flips)] = flips
    try:
        read_rows(bytes(data))
    except Invalid as exc:
        assert exc.detail


def test_xlsx_with_an_entity_bomb_is_refused() -> None:
    """Billion laughs inside the sheet XML: refused, not expanded."""
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        + "".join(
            f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
            for i in range(1, 10)
        )
        + ']><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<sheetData><row><c t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData>'
        "</worksheet>"
    )
    source = zipfile.ZipFile(io.BytesIO(XLSX))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = laughs.encode()
            target.writestr(item, data)
    try:
        headers, rows = read_rows(out.getvalue())
    except Invalid as exc:
        assert exc.detail
    else:
        assert "lollol" not in str(headers) + str(rows)
