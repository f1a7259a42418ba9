"""Helpers for the hostile-input suite: raw ASGI requests with a streamed body, counts of
what a refused request must not have left behind, and a bounded zip bomb."""

import io
import re
import struct
import uuid
import zipfile
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from litestar import Litestar

from runtime.tables import AuditEvent, Envelope, Job, StoredFile, Template
from tests.asgi_scope import http_scope


@dataclass
class Streamed:
    """What a streamed request produced: the status, and how much of the body was read."""

    status: int = 0
    body: bytes = b""
    bytes_read: int = 0
    headers: dict[str, str] = field(default_factory=dict)


async def stream_request(
    app: Litestar,
    path: str,
    headers: dict[str, str],
    *,
    total: int,
    chunk: int = 1024 * 1024,
    method: str = "POST",
) -> Streamed:
    """Send `total` bytes to `app` in `chunk`-sized ASGI messages, as a server would pass a
    chunked upload on, and count how many of them the app asked for before answering.
    (The test client reads whole bodies first, which would hide the point.)"""
    result = Streamed()
    sent_response = False

    async def receive() -> dict[str, Any]:
        if sent_response or result.bytes_read >= total:
            return {"type": "http.disconnect"}
        size = min(chunk, total - result.bytes_read)
        result.bytes_read += size
        more = result.bytes_read < total
        return {"type": "http.request", "body": b"\0" * size, "more_body": more}

    async def send(message: dict[str, Any]) -> None:
        nonlocal sent_response
        if message["type"] == "http.response.start":
            result.status = message["status"]
            result.headers = {k.decode().lower(): v.decode() for k, v in message["headers"]}
        elif message["type"] == "http.response.body":
            result.body += message.get("body", b"")
            if not message.get("more_body"):
                sent_response = True

    raw_headers = [(k.lower().encode(), v.encode()) for k, v in headers.items()]
    scope = http_scope(method, path, raw_headers, ("testserver.local", 80))
    send_fn: Callable[[dict[str, Any]], Awaitable[None]] = send
    await app(scope, receive, send_fn)  # type: ignore[arg-type]
    return result


async def traces(organisation_id: uuid.UUID | None = None) -> dict[str, int]:
    """Counts of everything a request could leave behind; compare before and after."""
    counts = {
        "files": await StoredFile.count(),
        "jobs": await Job.count(),
        "audit": await AuditEvent.count(),
    }
    if organisation_id is not None:
        counts["templates"] = await Template.count().where(Template.organisation == organisation_id)
        counts["envelopes"] = await Envelope.count().where(Envelope.organisation == organisation_id)
    return counts


def lying_zip(member: str, unpacked: int = 64 * 1024 * 1024) -> bytes:
    """A zip whose headers claim a 1 KB member that really inflates to `unpacked` bytes:
    the kind of bomb a check of the declared sizes alone would let through."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        archive.writestr(member, b"\0" * unpacked)
    data = bytearray(buffer.getvalue())
    declared = struct.pack("<I", 1024)
    # local file header: uncompressed size at offset 22; central directory entry: at 24
    at = 0
    while (at := data.find(b"PK\x03\x04", at)) != -1:
        name_len = struct.unpack_from("<H", data, at + 26)[0]
        if bytes(data[at + 30 : at + 30 + name_len]) == member.encode():
            data[at + 22 : at + 26] = declared
        at += 4
    at = 0
    while (at := data.find(b"PK\x01\x02", at)) != -1:
        name_len = struct.unpack_from("<H", data, at + 28)[0]
        if bytes(data[at + 46 : at + 46 + name_len]) == member.encode():
            data[at + 24 : at + 28] = declared
        at += 4
    return bytes(data)


#: for checks that do not depend on the database engine: run them on SQLite only, so the
#: suite stays fast (the isolation walks and full seals still run on both engines)
sqlite_only = pytest.mark.parametrize("settings", ["sqlite"], indirect=True)


PARAM = re.compile(r"\{(\w+):(\w+)\}")


def fill(path: str, values: dict[str, str]) -> str:
    """Real ids where we have them; otherwise a value of the right type, so that the route
    matches and only the check under test can refuse."""
    defaults = {"uuid": str(uuid.uuid4()), "int": "0", "str": "x", "path": "x"}
    return PARAM.sub(lambda m: values.get(m.group(1), defaults.get(m.group(2), "x")), path)
