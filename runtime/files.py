"""Files kept outside the database, under generated ids (never the uploaded name).

The bytes live in the configured storage (runtime/storage: var/files or an S3 bucket);
the StoredFile row records the key, sha256, size and type. Write the bytes first, then
the row: a row never points at a missing file.
"""

import uuid
from collections.abc import AsyncIterable, AsyncIterator
from typing import Any

from litestar.response import Stream

from runtime.download import Download
from runtime.file_names import content_disposition
from runtime.settings import Settings
from runtime.storage import chunks_of, read_all, storage_for
from runtime.tables import StoredFile

#: room for the multipart form around an uploaded file (boundaries, headers, other fields):
#: a request may be this much larger than the files it carries (the signer's uploads,
#: FORMSEAL_MAX_UPLOAD_BYTES in runtime/app.py, /verify, bulk files, a logo, a stamp)
MULTIPART_OVERHEAD = 64 * 1024


def _relative_path(file_id: uuid.UUID) -> str:
    return f"{file_id.hex[:2]}/{file_id.hex}"


async def store_stream(
    settings: Settings,
    organisation_id: uuid.UUID,
    kind: str,
    chunks: AsyncIterable[bytes],
    *,
    content_type: str,
    original_name: str = "",
) -> StoredFile:
    """Store a stream of chunks (e.g. a request body) without holding it whole in memory."""
    file_id = uuid.uuid4()
    key = _relative_path(file_id)
    stored = await storage_for(settings).put(key, chunks)
    row = StoredFile(
        id=file_id,
        organisation=organisation_id,
        kind=kind,
        path=key,
        sha256=stored.sha256,
        size=stored.size,
        content_type=content_type,
        original_name=original_name[:255],
    )
    await row.save()
    return row


async def store_bytes(
    settings: Settings,
    organisation_id: uuid.UUID,
    kind: str,
    data: bytes,
    *,
    content_type: str,
    original_name: str = "",
) -> StoredFile:
    """`store_stream` for bytes already in memory (a sealed PDF, a small upload)."""
    return await store_stream(
        settings,
        organisation_id,
        kind,
        chunks_of(data),
        content_type=content_type,
        original_name=original_name,
    )


async def _row(organisation_id: uuid.UUID, file_id: uuid.UUID) -> dict[str, Any]:
    row = (
        await StoredFile.select()
        .where((StoredFile.id == file_id) & (StoredFile.organisation == organisation_id))
        .first()
    )
    if row is None:
        raise FileNotFoundError(str(file_id))
    return row


async def read_file(
    settings: Settings, organisation_id: uuid.UUID, file_id: uuid.UUID
) -> tuple[dict, bytes]:
    """The row and the whole content, for callers that need the bytes (mail, zip, seal)."""
    row = await _row(organisation_id, file_id)
    return row, await read_all(storage_for(settings), row["path"])


async def open_file(
    settings: Settings, organisation_id: uuid.UUID, file_id: uuid.UUID
) -> tuple[dict, AsyncIterator[bytes]]:
    """The row and the content as chunks. The first chunk is read here, so a missing
    object raises FileNotFoundError now, before a response has started."""
    row = await _row(organisation_id, file_id)
    chunks = storage_for(settings).open(row["path"])
    first = await anext(chunks, b"")

    async def all_chunks() -> AsyncIterator[bytes]:
        try:
            if first:
                yield first
            async for chunk in chunks:
                yield chunk
        finally:
            await chunks.aclose()  # type: ignore[attr-defined]

    return row, all_chunks()


async def stream_download(
    settings: Settings,
    organisation_id: uuid.UUID,
    file_id: uuid.UUID,
    filename: str,
    *,
    inline: bool = False,
) -> Stream:
    """A streaming HTTP response for a stored file, with its length and type (also a HEAD
    answer, when its route takes HEAD)."""
    row, chunks = await open_file(settings, organisation_id, file_id)
    return Download(
        chunks,
        media_type=row["content_type"],
        headers={
            "Content-Disposition": content_disposition(filename, inline=inline),
            "Content-Length": str(row["size"]),
            "Cache-Control": "no-store",
            "X-Content-Type-Options": "nosniff",
        },
    )


async def delete_file(settings: Settings, organisation_id: uuid.UUID, file_id: uuid.UUID) -> None:
    """Remove the row, then the bytes (a crash in between leaves only an orphan object)."""
    row = await _row(organisation_id, file_id)
    await StoredFile.delete().where(StoredFile.id == file_id)
    await storage_for(settings).delete(row["path"])
