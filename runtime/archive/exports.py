"""CSV and XLSX exports of envelopes with their answers, streamed and safe to open.

A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return, also after spaces,
tabs or line breaks (`  =HYPERLINK(…)`: spreadsheets skip them), is prefixed with a single
quote, so a spreadsheet never runs a formula a signer typed (SECURITY.md 22, OWASP "CSV
Injection"). Numbers stay numbers (a number cannot be a formula).
"""

import asyncio
import csv
import io
import tempfile
import uuid
from collections.abc import AsyncIterator, Iterator
from typing import IO, Any

from runtime.archive.filters import ArchiveFilter
from runtime.archive.rows import table_rows

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CHUNK = 64 * 1024
SPOOL_BYTES = 16 * 1024 * 1024


def safe_cell(value: Any) -> Any:
    """Neutralise formula injection in text; leave numbers alone."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    text = "" if value is None else str(value)
    starts = text.startswith(FORMULA_STARTS) or text.lstrip().startswith(FORMULA_STARTS)
    return "'" + text if starts else text


async def csv_chunks(organisation_id: uuid.UUID, f: ArchiveFilter) -> AsyncIterator[bytes]:
    """UTF-8 with a byte-order mark (Excel reads the accents right), one batch at a time."""
    yield "\ufeff".encode()
    wrote_header = False
    async for header, rows in _rows_or_header(organisation_id, f):
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        if not wrote_header:
            writer.writerow(header)
            wrote_header = True
        writer.writerows([[safe_cell(c) for c in row] for row in rows])
        yield buffer.getvalue().encode("utf-8")


async def _rows_or_header(
    organisation_id: uuid.UUID, f: ArchiveFilter
) -> AsyncIterator[tuple[list[str], list[list[Any]]]]:
    """Like table_rows, but an empty result still gives the header once."""
    any_batch = False
    async for header, rows in table_rows(organisation_id, f):
        any_batch = True
        yield header, rows
    if not any_batch:
        from runtime.archive.rows import BASE_COLUMNS, answer_fields

        _, keys = await answer_fields(organisation_id, f.template_id)
        yield BASE_COLUMNS + keys, []


async def xlsx_file(organisation_id: uuid.UUID, f: ArchiveFilter) -> IO[bytes]:
    """The workbook in a spooled temporary file (an XLSX is a ZIP: it cannot be streamed
    while it is written). openpyxl's write-only mode keeps memory flat."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Envelopes")
    wrote_header = False
    async for header, rows in _rows_or_header(organisation_id, f):
        if not wrote_header:
            sheet.append(header)
            wrote_header = True
        for row in rows:
            sheet.append([safe_cell(c) for c in row])
    spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115 (streamed, closed later)
    await asyncio.to_thread(workbook.save, spool)
    spool.seek(0)
    return spool


def file_chunks(handle: IO[bytes]) -> Iterator[bytes]:
    """Read a temporary file out in chunks, closing (and so deleting) it at the end."""
    try:
        while chunk := handle.read(CHUNK):
            yield chunk
    finally:
        handle.close()
