"""Files in an S3-compatible bucket (AWS S3, MinIO, Ceph, Garage, …) through boto3.

boto3 is synchronous: every call runs in a thread so the event loop keeps serving. Uploads
are spooled (in memory up to SPOOL_BYTES, on disk beyond) while their sha256 is computed,
then sent with boto3's managed transfer, which switches to a multipart upload for large
files; an object becomes visible only once the upload is complete.
"""

import asyncio
import hashlib
import tempfile
import uuid
from collections.abc import AsyncIterable, AsyncIterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlparse

from runtime.storage.base import CHUNK_BYTES, SPOOL_BYTES, StoredObject

PART_BYTES = 5 * 1024 * 1024
"""Multipart piece size (S3's minimum); at most two pieces are in memory at once (TRANSFER_THREADS)."""
TRANSFER_THREADS = 2

MISSING = {"404", "NoSuchKey", "NotFound"}


@dataclass(frozen=True)
class S3Location:
    """Parsed `s3://bucket/prefix?endpoint=…&region=…`."""

    bucket: str
    prefix: str
    endpoint: str
    region: str

    @classmethod
    def parse(cls, url: str) -> "S3Location":
        parts = urlparse(url)
        if parts.scheme != "s3" or not parts.netloc:
            raise ValueError(f"FORMSEAL_STORAGE_URL must look like s3://bucket/prefix, not {url!r}")
        query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        unknown = set(query) - {"endpoint", "region"}
        if unknown:
            raise ValueError(
                f"Unknown FORMSEAL_STORAGE_URL option(s): {', '.join(sorted(unknown))}"
            )
        prefix = parts.path.strip("/")
        return cls(
            bucket=parts.netloc,
            prefix=f"{prefix}/" if prefix else "",
            endpoint=query.get("endpoint", ""),
            region=query.get("region", ""),
        )


class S3Storage:
    name = "s3"

    def __init__(
        self,
        location: S3Location,
        *,
        access_key_id: str = "",
        secret_access_key: str = "",
        region: str = "",
    ) -> None:
        import boto3
        from botocore.config import Config

        self.location = location
        config = Config(
            connect_timeout=5,
            read_timeout=30,
            retries={"max_attempts": 3, "mode": "standard"},
            # Most self-hosted stores only answer path-style requests (host/bucket/key).
            s3={"addressing_style": "path" if location.endpoint else "auto"},
        )
        kwargs: dict[str, Any] = {"config": config}
        if location.endpoint:
            kwargs["endpoint_url"] = location.endpoint
        if location.region or region:
            kwargs["region_name"] = location.region or region
        if access_key_id:
            kwargs["aws_access_key_id"] = access_key_id
            kwargs["aws_secret_access_key"] = secret_access_key
        # Without explicit keys boto3 reads AWS_* variables, ~/.aws or an instance role.
        self.client = boto3.session.Session().client("s3", **kwargs)
        from boto3.s3.transfer import TransferConfig

        self.transfer = TransferConfig(
            multipart_threshold=PART_BYTES,
            multipart_chunksize=PART_BYTES,
            max_concurrency=TRANSFER_THREADS,
        )
        # s3transfer reads up to 10 parts ahead by default; two bound the memory an upload takes.
        self.transfer.max_in_memory_upload_chunks = TRANSFER_THREADS

    def _key(self, key: str) -> str:
        return self.location.prefix + key

    async def put(self, key: str, chunks: AsyncIterable[bytes]) -> StoredObject:
        digest, size = hashlib.sha256(), 0
        with tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES) as spool:
            async for chunk in chunks:
                digest.update(chunk)
                size += len(chunk)
                spool.write(chunk)
            spool.seek(0)
            await asyncio.to_thread(
                self.client.upload_fileobj,
                spool,
                self.location.bucket,
                self._key(key),
                Config=self.transfer,
            )
        return StoredObject(digest.hexdigest(), size)

    async def open(self, key: str) -> AsyncIterator[bytes]:
        try:
            answer = await asyncio.to_thread(
                self.client.get_object, Bucket=self.location.bucket, Key=self._key(key)
            )
        except Exception as exc:
            if _is_missing(exc):
                raise FileNotFoundError(key) from exc
            raise
        body = answer["Body"]
        try:
            while chunk := await asyncio.to_thread(body.read, CHUNK_BYTES):
                yield chunk
        finally:
            body.close()

    async def exists(self, key: str) -> bool:
        try:
            await asyncio.to_thread(
                self.client.head_object, Bucket=self.location.bucket, Key=self._key(key)
            )
        except Exception as exc:
            if _is_missing(exc):
                return False
            raise
        return True

    async def delete(self, key: str) -> None:
        await asyncio.to_thread(
            self.client.delete_object, Bucket=self.location.bucket, Key=self._key(key)
        )

    async def probe(self) -> None:
        key = self._key(f".ready-{uuid.uuid4().hex}")
        bucket = self.location.bucket
        await asyncio.to_thread(self.client.put_object, Bucket=bucket, Key=key, Body=b"ok")
        try:
            answer = await asyncio.to_thread(self.client.get_object, Bucket=bucket, Key=key)
            if await asyncio.to_thread(answer["Body"].read) != b"ok":
                raise OSError("object storage returned other bytes than were written")
        finally:
            await asyncio.to_thread(self.client.delete_object, Bucket=bucket, Key=key)


def _is_missing(exc: Exception) -> bool:
    error = getattr(exc, "response", {}).get("Error", {})
    return str(error.get("Code", "")) in MISSING
