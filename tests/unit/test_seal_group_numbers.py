"""A long number or amount in a repeating group keeps to its own column: numbers are never
split over two lines, so its column is made wide enough for it instead."""

from __future__ import annotations

from pathlib import Path

from components import parse_definition
from runtime.envelopes.document import build_blocks
from tests.unit.seal_layout_helpers import _document_pdf, _words


def test_a_long_amount_in_a_group_of_seven_columns_stays_in_its_column(tmp_path: Path) -> None:
    """Shareholders with seven sub-fields: '€1,250,000.00' and a 14-digit number ran into
    the next column ('12,345,678,901,234' printed over 'Berlin')."""
    subs = [{"key": f"t{i}", "component": "text", "label": f"Text {i}"} for i in range(5)]
    subs.insert(2, {"key": "share", "component": "money", "label": "Share",
                    "validation": {"currency": "EUR"}})  # fmt: skip
    subs.insert(4, {"key": "register", "component": "number", "label": "Register"})
    definition = parse_definition(
        {
            "name": "Shareholders",
            "roles": [{"key": "c", "name": "C"}],
            "sections": [{"key": "s", "title": "S", "role": "c", "fields": [
                {"key": "g", "component": "group", "label": "Shareholders", "fields": subs}]}],
            "document": [{"kind": "fields"}],
        }
    )  # fmt: skip
    row = {f"t{i}": "Berlin" for i in range(5)}
    row |= {"share": {"amount": "1250000.00", "currency": "EUR"}, "register": 12345678901234}
    words = _words(_document_pdf(build_blocks(definition, {"g": [row, row]}, [])), tmp_path)
    numbers = [w for w in words if w[3] in ("€1,250,000.00", "12,345,678,901,234")]
    assert len(numbers) == 4, words  # each whole, on one line
    for number in numbers:
        after = [w for w in words if w[0] == number[0] and w[3] == "Berlin" and w[1] > number[1]]
        nearest = min(after, key=lambda w: w[1])
        assert number[2] < nearest[1] - 2, (number, nearest)  # ends before the next column


def test_many_columns_of_long_amounts_keep_the_table_on_the_page(tmp_path: Path) -> None:
    """Widened columns share at most 70% of the table: eight columns of amounts must not
    push it past the right margin (a fixed table grows when its columns ask for more)."""
    subs = [
        {"key": f"m{i}", "component": "money", "label": f"Q{i}", "validation": {"currency": "EUR"}}
        for i in range(8)
    ]
    definition = parse_definition(
        {
            "name": "Budget",
            "roles": [{"key": "c", "name": "C"}],
            "sections": [{"key": "s", "title": "S", "role": "c", "fields": [
                {"key": "g", "component": "group", "label": "Budget", "fields": subs}]}],
            "document": [{"kind": "fields"}],
        }
    )  # fmt: skip
    row = {f"m{i}": {"amount": "1250000.00", "currency": "EUR"} for i in range(8)}
    words = _words(_document_pdf(build_blocks(definition, {"g": [row]}, [])), tmp_path)
    assert max(w[2] for w in words) <= 595.28 - 22 * 72 / 25.4 + 1, words  # the right margin
