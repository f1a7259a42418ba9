"""Files kept outside the database, under generated ids (never the uploaded name)."""

import hashlib
import os
import uuid
from pathlib import Path

from runtime.settings import Settings
from runtime.tables import StoredFile


def _relative_path(file_id: uuid.UUID) -> str:
    return f"{file_id.hex[:2]}/{file_id.hex}"


def write_file(settings: Settings, file_id: uuid.UUID, data: bytes) -> str:
    """Write atomically and durably (temp file, fsync, rename); returns the sha256."""
    path = settings.files_dir / _relative_path(file_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".part")
    with open(tmp, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)
    return hashlib.sha256(data).hexdigest()


async def store_bytes(
    settings: Settings,
    organisation_id: uuid.UUID,
    kind: str,
    data: bytes,
    *,
    content_type: str,
    original_name: str = "",
) -> StoredFile:
    """Write the bytes first, then the row: a row never points at a missing file."""
    file_id = uuid.uuid4()
    sha = write_file(settings, file_id, data)
    row = StoredFile(
        id=file_id,
        organisation=organisation_id,
        kind=kind,
        path=_relative_path(file_id),
        sha256=sha,
        size=len(data),
        content_type=content_type,
        original_name=original_name[:255],
    )
    await row.save()
    return row


async def read_file(
    settings: Settings, organisation_id: uuid.UUID, file_id: uuid.UUID
) -> tuple[dict, bytes]:
    row = (
        await StoredFile.select()
        .where((StoredFile.id == file_id) & (StoredFile.organisation == organisation_id))
        .first()
    )
    if row is None:
        raise FileNotFoundError(str(file_id))
    return row, Path(settings.files_dir / row["path"]).read_bytes()
