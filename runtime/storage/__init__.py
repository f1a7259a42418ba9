"""Where stored files' bytes live: a local folder by default, or an S3-compatible bucket.

One small interface (`Storage`) with two implementations. Callers stream: `put` takes an
async iterable of chunks and `open` yields chunks, so a large sealed PDF or attachment is
never held whole in memory (bytes above `SPOOL_BYTES` spill to a temporary file).
`storage_for(settings)` picks the backend from `FORMSEAL_STORAGE_URL`.
"""

from runtime.storage.base import (
    CHUNK_BYTES,
    SPOOL_BYTES,
    Storage,
    StoredObject,
    chunks_of,
    read_all,
)
from runtime.storage.select import storage_for

__all__ = [
    "CHUNK_BYTES",
    "SPOOL_BYTES",
    "Storage",
    "StoredObject",
    "chunks_of",
    "read_all",
    "storage_for",
]
