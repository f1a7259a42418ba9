"""The storage interface every backend implements, and helpers for chunked bytes."""

from collections.abc import AsyncIterable, AsyncIterator, Iterable
from dataclasses import dataclass
from typing import Protocol

CHUNK_BYTES = 256 * 1024
"""Size of the pieces read from or written to storage."""

SPOOL_BYTES = 2 * 1024 * 1024
"""Above this, an upload to object storage is buffered on disk, not in memory."""


@dataclass(frozen=True)
class StoredObject:
    """What `put` learned while writing: the content's sha256 and size in bytes."""

    sha256: str
    size: int


class Storage(Protocol):
    """Bytes under keys such as `ab/ab12…` (the StoredFile's `path`)."""

    name: str
    """`local` or `s3`, shown by /readyz and in logs."""

    async def put(self, key: str, chunks: AsyncIterable[bytes]) -> StoredObject:
        """Write all chunks under `key`; the object appears whole or not at all."""
        ...

    def open(self, key: str) -> AsyncIterator[bytes]:
        """Yield the object's bytes in chunks; FileNotFoundError when it is missing."""
        ...

    async def exists(self, key: str) -> bool: ...

    async def delete(self, key: str) -> None:
        """Remove the object; no error when it is already gone."""
        ...

    async def probe(self) -> None:
        """Write, read back and delete a small object; raises when storage is unusable."""
        ...


async def chunks_of(data: bytes | Iterable[bytes]) -> AsyncIterator[bytes]:
    """Bytes (or an iterable of byte strings) as an async stream of CHUNK_BYTES pieces."""
    parts = [data] if isinstance(data, bytes | bytearray | memoryview) else data
    for part in parts:
        view = memoryview(part)
        for start in range(0, len(view), CHUNK_BYTES):
            yield bytes(view[start : start + CHUNK_BYTES])


async def read_all(storage: Storage, key: str) -> bytes:
    """The whole object; only for callers that need the bytes anyway (e.g. sealing)."""
    return b"".join([chunk async for chunk in storage.open(key)])
