"""Reading uploaded CSV and XLSX files into rows of text, within size limits.

The kind of file is decided by its content (an XLSX is a zip), not by its name; a zip
whose contents would unpack to more than a limit is refused before it is opened.
"""

import csv
import io
import zipfile

from runtime.errors import Invalid

#: 20 MB of 1,000,000 bytes, as every size formseal names (it was 20 MiB, read "20 MB")
MAX_FILE_BYTES = 20_000_000
MAX_UNPACKED_BYTES = 200_000_000  # "200 MB", as the message says
MAX_ROWS = 20_000
MAX_COLUMNS = 200


def read_rows(data: bytes) -> tuple[list[str], list[dict[str, str]]]:
    """(headers, rows) with every value as stripped text; empty rows are skipped."""
    if len(data) > MAX_FILE_BYTES:
        raise Invalid(f"The file is larger than {MAX_FILE_BYTES // 10**6} MB.")
    if not data.strip():
        raise Invalid("The file is empty.")
    table = _xlsx(data) if data.startswith(b"PK\x03\x04") else _csv(data)
    if not table:
        raise Invalid("The file has no header row.")
    headers = [" ".join(str(h or "").split()) for h in table[0]]
    if len(headers) > MAX_COLUMNS:
        raise Invalid(f"The file has more than {MAX_COLUMNS} columns.")
    if not any(headers):
        raise Invalid("The first row is empty; it must name the columns.")
    if any(not h for h in headers):
        raise Invalid("Every column needs a name in the first row.")
    rows = []
    for cells in table[1:]:
        values = [str(c).strip() if c is not None else "" for c in cells]
        if not any(values):
            continue
        rows.append({h: (values[i] if i < len(values) else "") for i, h in enumerate(headers)})
        if len(rows) > MAX_ROWS:
            raise Invalid(f"The file has more than {MAX_ROWS:,} rows; split it into smaller files.")
    if not rows:
        raise Invalid("The file has a header row but no data rows.")
    return headers, rows


#: files people send by mistake, by how they start: said for what they are, not as a CSV
#: "not saved as UTF-8"
NOT_A_TABLE = {
    b"\xd0\xcf\x11\xe0": "This is an old Excel file (.xls): save it as .xlsx or as CSV (UTF-8).",
    b"%PDF": "This is a PDF, not a spreadsheet: send the rows as a CSV (UTF-8) or .xlsx file.",
}


def _csv(data: bytes) -> list[list[str]]:
    for start, problem in NOT_A_TABLE.items():
        if data.startswith(start):
            raise Invalid(problem)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        if b"\x00" in data[:4096]:  # text has no NUL bytes: an image, an archive, a program
            raise Invalid(
                "This is not a CSV or .xlsx file: send the rows as one of those."
            ) from None
        raise Invalid("The CSV file must be saved as UTF-8.") from None
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel  # type: ignore[assignment]
    try:
        return list(csv.reader(io.StringIO(text), dialect))
    except csv.Error as exc:
        raise Invalid(f"The CSV file cannot be read: {exc}.") from None


def _xlsx(data: bytes) -> list[list[object]]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise Invalid("The file looks like a spreadsheet but cannot be opened.") from None
    if unpacked > MAX_UNPACKED_BYTES:
        raise Invalid("The spreadsheet unpacks to more than 200 MB; it is refused.")
    from openpyxl import load_workbook  # uses defusedxml when installed (it is pinned)

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:
        raise Invalid("The spreadsheet cannot be read; save it again as .xlsx or .csv.") from None
    try:
        sheet = workbook.worksheets[0]
        table = []
        for row in sheet.iter_rows(values_only=True):
            table.append(list(row))
            if len(table) > MAX_ROWS + 2:
                break
        return table
    finally:
        workbook.close()
