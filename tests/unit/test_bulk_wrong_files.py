"""A bulk send's file that is not a table is named for what it is: an old .xls or a PDF
read "The CSV file must be saved as UTF-8.", which sent people re-saving a CSV they never had."""

import pytest

from runtime.bulk.tables_io import read_rows
from runtime.errors import Invalid


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600),
            "This is an old Excel file (.xls): save it as .xlsx or as CSV (UTF-8).",
        ),
        (
            b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj",
            "This is a PDF, not a spreadsheet: send the rows as a CSV (UTF-8) or .xlsx file.",
        ),
        (
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff",
            "This is not a CSV or .xlsx file: send the rows as one of those.",
        ),
        (
            "name,email\nRené,rene@example.com\n".encode("latin-1"),
            "The CSV file must be saved as UTF-8.",
        ),
    ],
)
def test_a_file_that_is_not_a_table_says_what_it_is(data: bytes, message: str) -> None:
    with pytest.raises(Invalid) as refused:
        read_rows(data)
    assert refused.value.detail == message


def test_a_utf8_csv_is_still_read() -> None:
    headers, rows = read_rows("name,email\nRené,rene@example.com\n".encode())
    assert headers == ["name", "email"] and rows == [{"name": "René", "email": "rene@example.com"}]
