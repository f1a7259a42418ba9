"""A ZIP of the sealed PDFs of the envelopes matching a filter, with a manifest.

Entries carry the name the sealed PDF downloads with, "Service agreement – 3f6c1d2e.pdf"
(runtime/file_names.py: the template's name made safe for a file system, and the envelope's
short id); should two envelopes share those, the later one has its whole id instead, so
every entry is unique. The manifest lists each entry with its envelope and its sender (as the
CSV export says it; last, so scripts that read the columns by position keep working). PDFs are already
compressed, so they are stored as they are; the ZIP is built in a spooled temporary file
and streamed out by the caller.
"""

import asyncio
import csv
import datetime as dt
import io
import tempfile
import uuid
import zipfile
from dataclasses import replace
from typing import IO, Any

from runtime.archive.exports import SPOOL_BYTES, safe_cell
from runtime.archive.filters import ArchiveFilter
from runtime.archive.rows import batches
from runtime.archive.search import template_names
from runtime.clock import iso
from runtime.envelopes.origin import sender_label
from runtime.errors import Invalid
from runtime.file_names import sealed_pdf_name
from runtime.files import read_file
from runtime.organisations.sharing import usable_template
from runtime.settings import Settings
from runtime.tables import StoredFile

MAX_FILES = 10_000


async def sealed_zip(
    settings: Settings, organisation_id: uuid.UUID, f: ArchiveFilter
) -> tuple[IO[bytes], int]:
    """(the ZIP in a temporary file, how many PDFs it holds). Another organisation's (or
    no) `template_id` is a 404, as in search and the other exports, not an empty ZIP."""
    if f.template_id:
        await usable_template(organisation_id, f.template_id)
    completed = replace(f, status="completed") if not f.status else f
    spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115 (streamed, closed later)
    manifest = io.StringIO()
    writer = csv.writer(manifest)
    writer.writerow(["file", "envelope_id", "template", "completed_at", "sha256", "sender"])
    count = 0
    used: set[str] = {"manifest.csv"}
    with zipfile.ZipFile(spool, "w", compression=zipfile.ZIP_STORED, allowZip64=True) as archive:
        async for rows in batches(organisation_id, completed):
            sealed = [r for r in rows if r["sealed_file"] is not None and r["purged_at"] is None]
            count += len(sealed)
            if count > MAX_FILES:
                spool.close()
                raise Invalid(
                    f"More than {MAX_FILES} sealed PDFs match: narrow the filter "
                    "(dates or template) and download them in parts."
                )
            files = await _files(organisation_id, [r["sealed_file"] for r in sealed])
            names = await template_names(organisation_id, {r["template_version"] for r in sealed})
            for row in sealed:
                stored = files.get(str(row["sealed_file"]))
                if stored is None:
                    continue
                template = names.get(_uuid(row["template_version"]), {}).get("name", "")
                entry = entry_name(template, row["id"], used)
                _, data = await read_file(settings, organisation_id, _uuid(row["sealed_file"]))
                await asyncio.to_thread(archive.writestr, entry, data)
                writer.writerow(
                    [
                        entry,
                        str(row["id"]),
                        safe_cell(template),
                        _when(row["completed_at"]),
                        stored["sha256"],
                        safe_cell(sender_label(row["sender_email"], row["sent_via"])),
                    ]
                )
        archive.writestr("manifest.csv", "\ufeff" + manifest.getvalue())
    spool.seek(0)
    return spool, count


def entry_name(template: str, envelope_id: Any, used: set[str]) -> str:
    """The sealed PDF's readable name, unique in the ZIP (compared without case, as Windows
    and macOS unpack them): with the whole envelope id when the short one is taken."""
    name = sealed_pdf_name(template, envelope_id)
    if name.casefold() in used:
        name = sealed_pdf_name(template, envelope_id, whole=True)
    used.add(name.casefold())
    return name


def _when(value: Any) -> str:
    """As the CSV export writes times (2026-11-28T14:03:04Z): raw SQLite rows hold text
    like '2026-11-28 14:03:04.920764+00:00', PostgreSQL datetimes."""
    if value is None:
        return ""
    moment = dt.datetime.fromisoformat(value) if isinstance(value, str) else value
    return iso(moment) or ""


async def _files(organisation_id: uuid.UUID, ids: list[Any]) -> dict[str, dict[str, Any]]:
    if not ids:
        return {}
    rows = await StoredFile.select(StoredFile.id, StoredFile.path, StoredFile.sha256).where(
        StoredFile.id.is_in([_uuid(i) for i in ids]) & (StoredFile.organisation == organisation_id)
    )
    return {str(r["id"]): r for r in rows}


def _uuid(value: Any) -> uuid.UUID:
    return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
