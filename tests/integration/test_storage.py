"""File storage: one contract, two backends (a folder and an S3-compatible bucket served by
moto on loopback), and a whole envelope sealed with its PDF kept in the bucket."""

import hashlib
import json
import os
import tracemalloc
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from runtime.settings import Settings
from runtime.storage import Storage, chunks_of, read_all, storage_for
from runtime.storage.local import LocalStorage
from runtime.storage.s3 import S3Location, S3Storage
from runtime.tables import Envelope, StoredFile
from runtime.verification.service import verify_signature
from tests.integration.claim_form import CLAIM_FORM, PDF, opened_claim, upload
from tests.integration.conftest import (
    app_client,
    create_envelope,
    fill_demo,
    import_template,
    new_org,
    path_of,
    run_jobs,
)
from tests.integration.s3_server import S3Server, running_s3_server

MiB = 1024 * 1024


@pytest.fixture(scope="module")
def s3_server() -> Iterator[S3Server]:
    with running_s3_server() as server:
        yield server


@pytest.fixture(params=["local", "s3"])
def storage(request: pytest.FixtureRequest, tmp_path: Path) -> Storage:
    if request.param == "local":
        (tmp_path / "files").mkdir()
        return LocalStorage(tmp_path / "files")
    server: S3Server = request.getfixturevalue("s3_server")
    bucket = server.new_bucket()
    location = S3Location.parse(f"s3://{bucket}/tenant-a?endpoint={server.endpoint}")
    return S3Storage(location, access_key_id="test", secret_access_key="test", region="us-east-1")


def _in_bucket(settings: Settings, server: S3Server, where: str) -> Settings:
    """`settings` that keep files in the test S3 server's bucket `where` ("bucket" or
    "bucket/prefix")."""
    return replace(
        settings,
        storage_url=f"s3://{where}?endpoint={server.endpoint}",
        s3_access_key_id="test",
        s3_secret_access_key="test",
        s3_region="us-east-1",
    )


async def _generated(total: int, piece: int = 64 * 1024) -> AsyncIterator[bytes]:
    """`total` bytes that are produced as they are read (never all at once)."""
    block = os.urandom(piece)
    for start in range(0, total, piece):
        yield block[: min(piece, total - start)]


async def test_put_get_exists_delete(storage: Storage) -> None:
    data = b"%PDF-1.7 sealed " * 1000
    stored = await storage.put("ab/ab01", chunks_of(data))
    assert stored.sha256 == hashlib.sha256(data).hexdigest() and stored.size == len(data)
    assert await storage.exists("ab/ab01")
    assert await read_all(storage, "ab/ab01") == data
    await storage.delete("ab/ab01")
    assert not await storage.exists("ab/ab01")
    await storage.delete("ab/ab01")  # deleting twice is no error


async def test_missing_object_is_file_not_found(storage: Storage) -> None:
    assert not await storage.exists("cd/nothing")
    with pytest.raises(FileNotFoundError):
        await read_all(storage, "cd/nothing")


async def test_overwrite_replaces_whole_object(storage: Storage) -> None:
    await storage.put("ef/one", chunks_of(b"first version, longer than the second"))
    await storage.put("ef/one", chunks_of(b"second"))
    assert await read_all(storage, "ef/one") == b"second"


async def test_streams_in_chunks_both_ways(storage: Storage) -> None:
    """32 MiB go in and come out in pieces: memory stays well below the file's size
    (the S3 client holds at most two 8 MiB parts)."""
    size = 32 * MiB
    digest = hashlib.sha256()
    tracemalloc.start()
    try:
        stored = await storage.put("aa/large", _generated(size))
        largest = 0
        async for chunk in storage.open("aa/large"):
            digest.update(chunk)
            largest = max(largest, len(chunk))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert stored.size == size and digest.hexdigest() == stored.sha256
    assert largest <= 1 * MiB
    assert peak < 24 * MiB, f"peak {peak / MiB:.1f} MiB for a {size / MiB:.0f} MiB file"


async def test_probe_leaves_nothing_behind(storage: Storage) -> None:
    await storage.probe()
    if isinstance(storage, LocalStorage):
        assert list(storage.root.iterdir()) == []


async def test_keys_cannot_leave_the_folder(tmp_path: Path) -> None:
    storage = LocalStorage(tmp_path / "files")
    with pytest.raises(ValueError):
        await storage.put("../escape", chunks_of(b"x"))
    assert not (tmp_path / "escape").exists()


def test_storage_url_is_checked() -> None:
    location = S3Location.parse("s3://bucket/a/b/?endpoint=http://127.0.0.1:9000&region=eu-1")
    assert (location.bucket, location.prefix, location.region) == ("bucket", "a/b/", "eu-1")
    assert S3Location.parse("s3://bucket").prefix == ""
    for wrong in ["https://bucket/x", "s3:///x", "s3://bucket/x?endpiont=http://h"]:
        with pytest.raises(ValueError):
            S3Location.parse(wrong)


async def test_not_ready_when_the_bucket_is_missing(
    settings: Settings, s3_server: S3Server
) -> None:
    missing = _in_bucket(settings, s3_server, f"no-such-bucket-{uuid.uuid4().hex[:8]}")
    async with app_client(missing) as client:
        answer = await client.get("/readyz")
    assert answer.status_code == 503
    assert answer.json()["files"] == "NoSuchBucket" and answer.json()["database"] == "ok"


async def test_envelope_sealed_into_the_bucket(settings: Settings, s3_server: S3Server) -> None:
    """The sealed PDF goes to the bucket (not var/files), downloads through the API and the
    signer's link, and pyHanko finds the seal intact and ours."""
    bucket = s3_server.new_bucket()
    s3 = _in_bucket(settings, s3_server, f"{bucket}/formseal")

    async with app_client(s3) as client:
        assert (await client.get("/readyz")).json()["files"] == "ok"
        org = await new_org("S3 org")
        template = await import_template(client, org)
        envelope = await create_envelope(client, org, template["id"])
        link = path_of(envelope["recipients"][0]["signing_url"])
        await fill_demo(client, link)
        await run_jobs(s3)
        row = await Envelope.select().where(Envelope.id == envelope["id"]).first()
        assert row["status"] == "completed" and row["sealed_file"] is not None
        stored = await StoredFile.select().where(StoredFile.id == row["sealed_file"]).first()

        assert f"formseal/{stored['path']}" in s3_server.keys(bucket)
        assert not (s3.files_dir / stored["path"]).exists()

        answer = await client.get(
            f"/api/v1/envelopes/{envelope['id']}/sealed.pdf", headers=org.auth
        )
        assert answer.status_code == 200, answer.text
        assert answer.headers["content-type"] == "application/pdf"
        assert int(answer.headers["content-length"]) == stored["size"] == len(answer.content)
        assert hashlib.sha256(answer.content).hexdigest() == stored["sha256"]
        report = verify_signature(s3, answer.content)
        assert report["intact"] and report["sealed_by_this_instance"], report
        assert report["envelope_id"] == envelope["id"]

        signer_copy = await client.get(f"{link}/sealed.pdf")
        assert signer_copy.status_code == 200 and signer_copy.content == answer.content

        # the object is gone: a clear 404-style failure, not a half-sent PDF
        s3_server.client().delete_object(Bucket=bucket, Key=f"formseal/{stored['path']}")
        gone = await client.get(f"/api/v1/envelopes/{envelope['id']}/sealed.pdf", headers=org.auth)
        assert gone.status_code >= 400
    assert storage_for(s3).name == "s3"


async def test_signer_attachment_kept_in_the_bucket(
    settings: Settings, s3_server: S3Server
) -> None:
    """A signer's PDF attachment goes to the bucket, downloads whole and gets a thumbnail
    (pdftoppm is fed the bytes, not a local path)."""
    bucket = s3_server.new_bucket()
    s3 = _in_bucket(settings, s3_server, bucket)
    async with app_client(s3) as client:
        org = await new_org("S3 uploads")
        link, _ = await opened_claim(client, org)
        assert (await upload(client, f"{link}/files/receipts", "a.pdf", PDF)).status_code == 200
        row = (
            await StoredFile.select()
            .where((StoredFile.organisation == org.id) & (StoredFile.kind == "attachment"))
            .first()
        )
        assert row["path"] in s3_server.keys(bucket)
        download = await client.get(f"{link}/files/{row['id']}/download")
        assert download.status_code == 200 and download.content == PDF
        thumb = await client.get(f"{link}/files/{row['id']}/thumb.png")
        assert thumb.status_code == 200 and thumb.content.startswith(b"\x89PNG")


@pytest.mark.parametrize("backend", ["local", "s3"])
async def test_large_signer_upload_is_streamed_to_storage(
    settings: Settings,
    backend: str,
    request: pytest.FixtureRequest,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A large attachment (far above the parser's 1 MiB in-memory spool) goes from the
    request to storage in pieces: while the handler checks and stores it, memory grows by
    far less than the file (local, 24 MiB: about 0.5 MiB; S3, 48 MiB: about 30 MiB, the same
    as for 24 MiB: the client's two 5 MiB parts, its copies and its own set-up), and what is
    stored, and downloaded again, is byte for byte what was sent."""
    from runtime.signing import uploads

    size = 24 * MiB if backend == "local" else 48 * MiB
    payload = b"%PDF-1.4\n" + os.urandom(size - 9)
    definition = json.loads(json.dumps(CLAIM_FORM))
    definition["sections"][0]["fields"][1]["validation"]["max_size"] = 64 * MiB
    # the server's own cap (FORMSEAL_MAX_UPLOAD_BYTES, 20 MiB by default) must let it in
    configured = replace(settings, max_upload_bytes=80 * MiB)
    if backend == "s3":
        server: S3Server = request.getfixturevalue("s3_server")
        configured = _in_bucket(configured, server, server.new_bucket())
    peaks: list[int] = []
    add_file = uploads.add_file

    async def measured(*args: object, **kwargs: object) -> dict:
        tracemalloc.reset_peak()
        before, _ = tracemalloc.get_traced_memory()
        try:
            return await add_file(*args, **kwargs)  # type: ignore[arg-type]
        finally:
            peaks.append(tracemalloc.get_traced_memory()[1] - before)

    monkeypatch.setattr(uploads, "add_file", measured)
    async with app_client(configured) as client:
        org = await new_org("Large uploads")
        link, _ = await opened_claim(client, org, definition)
        tracemalloc.start()
        try:
            answer = await upload(client, f"{link}/files/receipts", "scan.pdf", payload)
        finally:
            tracemalloc.stop()
        assert answer.status_code == 200 and "scan.pdf" in answer.text, answer.text[:500]
        row = (
            await StoredFile.select()
            .where((StoredFile.organisation == org.id) & (StoredFile.kind == "attachment"))
            .first()
        )
        assert row["size"] == size and row["sha256"] == hashlib.sha256(payload).hexdigest()
        download = await client.get(f"{link}/files/{row['id']}/download")
        assert download.status_code == 200 and download.content == payload
    bound = 4 * MiB if backend == "local" else 40 * MiB
    assert len(peaks) == 1 and peaks[0] < bound, f"{peaks[0] / MiB:.1f} MiB while storing"
