"""The condition evaluator: JSON Logic semantics, the allow-list, and refusing bombs fast."""

import datetime as dt
import time
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from components.conditions import (
    ConditionError,
    check_condition,
    check_expression,
    evaluate,
    referenced_keys,
    truthy,
)

TODAY = dt.date(2027, 3, 15)


def run(expr, data=None):
    return evaluate(expr, data or {}, today=TODAY)


@pytest.mark.parametrize(
    ("expr", "data", "expected"),
    [
        ({"==": [{"var": "t"}, "company"]}, {"t": "company"}, True),
        ({"!=": [{"var": "t"}, "company"]}, {"t": "company"}, False),
        ({"==": [{"var": "n"}, "10"]}, {"n": 10}, True),  # numbers compare by value
        ({"==": [{"var": "n"}, 10]}, {"n": {"amount": "10.00", "currency": "EUR"}}, True),
        ({"==": [{"var": "missing"}, None]}, {}, True),
        ({"==": [{"var": "b"}, 1]}, {"b": True}, False),  # a boolean equals only a boolean
        ({">": [{"var": "amount"}, 10000]}, {"amount": {"amount": "10000.01"}}, True),
        ({">": [{"var": "amount"}, 10000]}, {}, False),  # missing is never more than
        ({"<": [{"var": "amount"}, 10000]}, {}, False),  # ... nor less than
        ({"<": [1, {"var": "x"}, 10]}, {"x": 5}, True),
        ({"<=": [1, {"var": "x"}, 10]}, {"x": 10}, True),
        ({"<": [1, {"var": "x"}, 10]}, {"x": 10}, False),
        ({">": ["2027-03-02", "2027-03-01"]}, {}, True),  # ISO dates order as text
        ({">": [{"var": "s"}, 5]}, {"s": "abc"}, False),  # text cannot be ordered with 5
        ({"in": [{"var": "t"}, ["a", "b"]]}, {"t": "b"}, True),
        ({"in": ["urgent", {"var": "notes"}]}, {"notes": "this is urgent"}, True),
        ({"in": ["x", {"var": "n"}]}, {"n": 5}, False),
        ({"empty": {"var": "x"}}, {"x": "  "}, True),
        ({"empty": [{"var": "x"}]}, {"x": []}, True),
        ({"empty": {"var": "x"}}, {"x": 0}, False),
        ({"!": {"empty": {"var": "x"}}}, {"x": "a"}, True),
        ({"anyof": [{"var": "m"}, ["a", "z"]]}, {"m": ["a", "b"]}, True),
        ({"anyof": [{"var": "m"}, ["y", "z"]]}, {"m": ["a", "b"]}, False),
        ({"allof": [{"var": "m"}, ["a", "b"]]}, {"m": ["a", "b", "c"]}, True),
        ({"allof": [{"var": "m"}, ["a", "z"]]}, {"m": ["a", "b"]}, False),
        ({"anyof": [{"var": "s"}, ["a"]]}, {"s": "a"}, True),  # a single value counts as one
        ({"age": [{"var": "dob"}]}, {"dob": "2009-03-16"}, 17),
        ({"age": [{"var": "dob"}]}, {"dob": "2009-03-15"}, 18),
        ({"age": ["2000-02-29", "2027-02-28"]}, {}, 26),
        ({"age": [{"var": "dob"}]}, {}, None),
        ({"date_diff": ["2027-01-01", "2027-03-01"]}, {}, 59),
        ({"date_diff": ["2027-01-31", "2027-02-28", "months"]}, {}, 0),
        ({"date_diff": ["2027-01-31", "2027-03-01", "months"]}, {}, 1),
        ({"date_diff": ["2020-06-01", "2027-05-31", "years"]}, {}, 6),
        ({"date_diff": ["2027-03-01", "today"]}, {}, 14),
        ({"date_diff": [{"var": "a"}, "today"]}, {}, None),
        ({"+": [1, "2.5", {"var": "m"}]}, {"m": {"amount": "0.10"}}, Decimal("3.60")),
        ({"-": [10, 4]}, {}, 6),
        ({"-": [3]}, {}, -3),
        ({"*": ["0.1", 3]}, {}, Decimal("0.3")),  # exact, never float
        ({"/": [1, 0]}, {}, None),
        ({"+": [1, {"var": "missing"}]}, {}, None),
        ({"*": [1, "abc"]}, {}, None),
        ({"sum": [{"var": "rows"}, "price"]}, {"rows": [{"price": 1.5}, {"price": "2"}, {}]}, 3.5),
        ({"sum": [{"var": "rows"}]}, {"rows": [1, 2, 3]}, 6),
        ({"sum": [{"var": "missing"}, "price"]}, {}, 0),
        ({"var": "rows.1.name"}, {"rows": [{"name": "A"}, {"name": "B"}]}, "B"),
        ({"var": ["missing", "fallback"]}, {}, "fallback"),
        ({"var": ""}, {"a": 1}, {"a": 1}),
        ({"and": [1, "x", 0, 2]}, {}, 0),  # JSON Logic: the deciding value
        ({"or": [0, "", "x", 2]}, {}, "x"),
        ({"and": []}, {}, True),
        ({"or": []}, {}, False),
    ],
)
def test_semantics(expr, data, expected) -> None:
    assert run(expr, data) == expected


def test_and_or_short_circuit_past_a_broken_branch() -> None:
    # the second branch would divide by zero; it is not needed, and is not an error anyway
    assert run({"or": [True, {"/": [1, 0]}]}) is True


@pytest.mark.parametrize(
    ("value", "expected"),
    [(None, False), (False, False), (0, False), (0.0, False), (Decimal(0), False), ("", False)]
    + [([], False), ("0", True), ({}, True), ([0], True), (-1, True), (True, True)],
)
def test_truthiness_follows_json_logic(value, expected) -> None:
    assert truthy(value) is expected


@pytest.mark.parametrize(
    "limit", [10**30, -(10**30), 1e30, -1e30], ids=["int", "-int", "float", "-float"]
)
def test_the_largest_number_is_allowed_however_it_is_written(limit) -> None:
    """10^30 is the limit, as an integer and as JSON's 1e30 (a float a little over it)."""
    check_condition({">": [{"var": "x"}, limit]})


@pytest.mark.parametrize(
    ("expr", "path", "message"),
    [
        ({"eval": "1"}, "$", "unknown operator 'eval'"),
        ({"and": [{"==": [1, 1]}, {"method": ["x"]}]}, "$.and[1]", "unknown operator 'method'"),
        ({"+": [1, 2]}, "$", "unknown operator '+'"),  # arithmetic is for computed values
        ({"==": [1, 2], "!=": [1, 2]}, "$", "exactly one operator"),
        ({}, "$", "exactly one operator"),
        ({"==": [1]}, "$", "'==' takes 2 values"),
        ({"!": [1, 2]}, "$", "'!' takes 1 value"),
        ({"var": {"var": "x"}}, "$.var", "'var' needs a field key"),
        ({"var": ["x", [1]]}, "$.var", "default of 'var' must be a plain value"),
        ({"date_diff": ["a", "b", "weeks"]}, "$.date_diff[2]", "the unit must be one of"),
        ({"==": [{"var": "x"}, "y" * 1001]}, "$.==[1]", "longer than 1000 characters"),
        (
            {"==": [{"var": "x"}, 10**40]},
            "$.==[1]",
            "too large: a rule's numbers are at most 10^30",
        ),
        ({"==": [{"var": "x"}, 10**30 + 1]}, "$.==[1]", "at most 10^30 (1e30)"),
        ({"==": [{"var": "x"}, -1e31]}, "$.==[1]", "at most 10^30 (1e30)"),
        ({"==": [{"var": "x"}, float("nan")]}, "$.==[1]", "is not a number"),
        ({"==": [{"var": "x"}, object()]}, "$.==[1]", "unsupported value"),
    ],
)
def test_structure_errors_name_the_path(expr, path: str, message: str) -> None:
    with pytest.raises(ConditionError) as caught:
        check_condition(expr)
    assert caught.value.path == path
    assert message in caught.value.message


def test_expressions_may_do_arithmetic_and_sum() -> None:
    check_expression({"+": [{"sum": [{"var": "rows"}, "price"]}, {"*": [2, {"var": "fee"}]}]})
    with pytest.raises(ConditionError, match="'sum' takes 1 to 2 values"):
        check_expression({"sum": [1, "a", "b"]})
    with pytest.raises(ConditionError, match="key of a field"):
        check_expression({"sum": [{"var": "rows"}, 5]})


def test_check_condition_uses_the_given_base_path() -> None:
    with pytest.raises(ConditionError) as caught:
        check_condition({"or": [{"nope": 1}]}, path="$.sections[1].visible_if")
    assert caught.value.path == "$.sections[1].visible_if.or[0]"


def _nested(depth: int) -> dict:
    expr: object = {"var": "x"}
    for _ in range(depth):
        expr = {"!": [expr]}
    return expr  # type: ignore[return-value]


def test_a_deep_bomb_is_refused_quickly() -> None:
    bomb = _nested(10_000)
    started = time.perf_counter()
    with pytest.raises(ConditionError, match="nested too deeply: more than 32 levels"):
        evaluate(bomb, {})
    assert time.perf_counter() - started < 0.1


def test_a_huge_array_is_refused_quickly() -> None:
    values = list(range(1_000_000))
    started = time.perf_counter()
    with pytest.raises(ConditionError, match="too large: more than 500 parts"):
        evaluate({"in": [{"var": "x"}, values]}, {"x": 1})
    with pytest.raises(ConditionError, match="too large"):
        evaluate({"or": values}, {})
    assert time.perf_counter() - started < 0.5


def test_many_small_branches_are_counted_too() -> None:
    wide = {"and": [{"==": [{"var": "x"}, i]} for i in range(200)]}  # 200 * 4 parts
    with pytest.raises(ConditionError, match="too large"):
        check_condition(wide)


def test_32_levels_are_fine_and_33_are_not() -> None:
    # every operation is a level, and so is the value at the bottom ("x" inside var)
    check_condition(_nested(30))  # 30 x "!", the var, its "x": 32 levels
    with pytest.raises(ConditionError, match="more than 32 levels"):
        check_condition(_nested(31))


def test_referenced_keys() -> None:
    expr = {"and": [{"var": "a"}, {"==": [{"var": "rows.0.b"}, {"var": ["c", 1]}]}]}
    assert referenced_keys(expr) == {"a", "rows", "c"}


def test_today_defaults_to_the_real_date() -> None:
    born = dt.date.today().replace(year=dt.date.today().year - 30, day=1)
    assert evaluate({"age": [born.isoformat()]}, {}) == 30


# --- properties -----------------------------------------------------------------------

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-1000, 1000),
    st.text(max_size=5),
    st.decimals(allow_nan=False, allow_infinity=False, places=2, min_value=-100, max_value=100),
)
literals = st.one_of(scalars, st.lists(scalars, max_size=3))


@given(st.lists(literals, max_size=6))
def test_and_or_agree_with_all_and_any(values) -> None:
    assert truthy(run({"and": values})) == all(truthy(v) for v in values)
    assert truthy(run({"or": values})) == any(truthy(v) for v in values)


@given(st.integers(), st.integers())
def test_comparisons_agree_with_python_on_ints(a: int, b: int) -> None:
    a, b = a % 10**20, b % 10**20
    assert run({"<": [a, b]}) is (a < b)
    assert run({"<=": [a, b]}) is (a <= b)
    assert run({">": [a, b]}) is (a > b)
    assert run({">=": [a, b]}) is (a >= b)
    assert run({"==": [a, b]}) is (a == b)
    assert run({"!=": [a, b]}) is (a != b)
    assert run({"!": {"==": [a, b]}}) is (a != b)


@given(st.integers(-(10**9), 10**9), st.integers(-(10**9), 10**9))
def test_arithmetic_agrees_with_python_on_ints(a: int, b: int) -> None:
    assert run({"+": [a, b]}) == a + b
    assert run({"-": [a, b]}) == a - b
    assert run({"*": [a, b]}) == a * b


@given(st.lists(st.sampled_from(["a", "b", "c", "d"]), max_size=4), st.sampled_from("abcd"))
def test_in_agrees_with_python(items, item) -> None:
    assert run({"in": [item, items]}) is (item in items)


operators = st.sampled_from(
    ["and", "or", "!", "==", "!=", "<", "<=", ">", ">=", "in", "var", "empty", "anyof"]
    + ["allof", "age", "date_diff", "+", "-", "*", "/", "sum", "eval", "if", "cat", "log", ""]
)
anything = st.recursive(
    scalars | st.floats(),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(operators, inner, max_size=2)
        | st.dictionaries(st.text(max_size=3), inner, max_size=2)
    ),
    max_leaves=30,
)


@settings(max_examples=400, deadline=None)
@given(anything, st.dictionaries(st.sampled_from(["a", "b", "x", ""]), anything, max_size=3))
def test_evaluate_raises_nothing_but_condition_error(expr, data) -> None:
    try:
        evaluate(expr, data, today=TODAY)
    except ConditionError as exc:
        assert exc.path.startswith("$") and exc.message


@settings(max_examples=200, deadline=None)
@given(anything)
def test_check_and_evaluate_agree_on_what_is_acceptable(expr) -> None:
    try:
        check_expression(expr)
    except ConditionError:
        with pytest.raises(ConditionError):
            evaluate(expr, {})
    else:
        evaluate(expr, {})
