"""`Idempotency-Key` on POST /api/v1/envelopes and POST /api/v1/bulk-sends: a create
retried after a lost answer (a timeout, a dropped connection) sends nothing twice.

The first request with a key claims it (one row per organisation and key, kept a day) and
stores its answer; a retry with the same key and the same body gets that answer again
(`Idempotent-Replayed: true`), without a second envelope or mail. The same key with another
body is a 409 (a key names one intended create, and reusing it is a client bug that would
otherwise drop the second envelope in silence), as is a retry while the first request still
runs. A first request that fails frees its key, so the retry is a real try.
"""

import hashlib
import time
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

import msgspec
from litestar import Response

from runtime.errors import Conflict, Invalid
from runtime.tables import IdempotencyKey

HEADER = "Idempotency-Key"
KEEP_SECONDS = 24 * 3600
MAX_LENGTH = 255

_CLAIM = (
    "INSERT INTO idempotency_key (slot, request_sha256, status_code, response, created_at) "
    "VALUES ({}, {}, 0, '', {}) ON CONFLICT (slot) DO NOTHING RETURNING slot"
)

# The clock, in one place so tests can move a day on.
now: Callable[[], float] = time.time


def _checked(key: str) -> str:
    key = key.strip()
    if not key or len(key) > MAX_LENGTH or not key.isprintable():
        message = f"must be 1 to {MAX_LENGTH} printable characters, like a UUID"
        raise Invalid(
            f"The {HEADER} header {message}.",
            extra={"errors": [{"parameter": HEADER, "message": message}]},
        )
    return key


async def once(
    organisation_id: uuid.UUID,
    key: str,
    request: Any,
    create: Callable[[], Awaitable[dict[str, Any]]],
    *,
    status_code: int = 201,
    names: str = "envelope",
    look: str = "GET /api/v1/envelopes",
) -> Response[Any]:
    """`create()`'s answer (`status_code`), or the answer the first request with `key` got.

    `request` is what the body says (a Struct, or a dict of what a form says), hashed as
    JSON with sorted keys; `names` is what one request makes and `look` where to find it,
    for the 409s' words. Keys are per organisation, not per operation: a key names one
    request, so reusing an envelope's key for a bulk send is "another body"."""
    slot = f"{organisation_id}|{_checked(key)}"
    digest = hashlib.sha256(msgspec.json.encode(request, order="sorted")).hexdigest()
    at = int(now())
    await IdempotencyKey.delete().where(IdempotencyKey.created_at < at - KEEP_SECONDS)
    if not await IdempotencyKey.raw(_CLAIM, slot, digest, at):
        return await _replay(slot, digest, names, look)
    try:
        answer = await create()
    except Exception:  # refused or failed: nothing was sent, the key is free for the retry
        await IdempotencyKey.delete().where(IdempotencyKey.slot == slot)
        raise
    # (cancelled or shut down mid-way: the key stays claimed, since the envelope may exist;
    # a retry is told to look for it rather than risk sending it twice)
    await IdempotencyKey.update(
        {
            IdempotencyKey.status_code: status_code,
            IdempotencyKey.response: msgspec.json.encode(answer).decode(),
        }
    ).where(IdempotencyKey.slot == slot)
    return Response(answer, status_code=status_code)


async def _replay(slot: str, digest: str, names: str, look: str) -> Response[Any]:
    row = await IdempotencyKey.select().where(IdempotencyKey.slot == slot).first()
    if row is None:  # its day ended between the two queries: the key is free again
        raise Conflict(f"This {HEADER} expired just now: send the request again.")
    if row["request_sha256"] != digest:
        raise Conflict(
            f"This {HEADER} was used with another body in the last 24 hours: a key names one "
            f"{names}. Nothing was sent; use a new key for a new {names}.",
            extra={"errors": [{"parameter": HEADER, "message": "was used with another body"}]},
        )
    if not row["status_code"]:
        raise Conflict(
            f"The first request with this {HEADER} is still being handled: try again in a "
            f"moment. If minutes have passed, it was interrupted: look for the {names} "
            f"({look}) before sending it with a new key."
        )
    answer = msgspec.json.decode(row["response"])
    return Response(answer, status_code=row["status_code"], headers={"Idempotent-Replayed": "true"})
