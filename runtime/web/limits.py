"""Rate limits shared by every process and machine, counted in the database.

Three budgets, each per minute (fixed windows: the count starts again on the minute):

- `api`: every /api/ request, per API key (per address when no key is sent);
- `links`: failed look-ups of signing links and embedded forms (an unknown token, a refused
  sign-in token), per client address: what guessing produces. A working link costs nothing,
  so the signer's pages pay no extra query;
- `verify`: uploads to the public /verify page, per client address (each is a PDF to check).

A hit is one statement, `INSERT … ON CONFLICT (slot) DO UPDATE SET hits = hits + 1
RETURNING hits`: atomic on PostgreSQL and SQLite, so processes that count at the same moment
never lose or double a hit. Over the budget the answer is 429 with `Retry-After` (seconds to
the next minute). The worker's sweep deletes the rows of past minutes (`purge`).
"""

import hashlib
import logging
import math
import time
from collections.abc import Callable

from litestar import Request
from litestar.types import ASGIApp, Receive, Scope, Send

from runtime.database import unavailable_errors
from runtime.errors import TooManyRequests
from runtime.i18n import gettext as _
from runtime.settings import Settings
from runtime.tables import RateLimitSlot

log = logging.getLogger("formseal.limits")

WINDOW_SECONDS = 60

_HIT = (
    "INSERT INTO rate_limit_slot (slot, hits, expires_at) VALUES ({}, 1, {}) "
    "ON CONFLICT (slot) DO UPDATE SET hits = rate_limit_slot.hits + 1 "
    "RETURNING hits"
)

# The clock, in one place so tests can hold a minute still.
now: Callable[[], float] = time.time


async def hit(bucket: str, caller: str, per_minute: int) -> int | None:
    """Count one hit for `caller` in `bucket`; the seconds to wait when this hit is over
    `per_minute`, else None."""
    at = now()
    window = int(at // WINDOW_SECONDS)
    ends = (window + 1) * WINDOW_SECONDS
    slot = f"{bucket}|{caller}|{window}"[:200]
    rows = await RateLimitSlot.raw(_HIT, slot, ends)
    if rows and rows[0]["hits"] > per_minute:
        return max(1, math.ceil(ends - at))
    return None


async def purge() -> int:
    """Delete the counts of minutes that are over; returns how many rows went."""
    rows = (
        await RateLimitSlot.delete()
        .where(RateLimitSlot.expires_at <= int(now()))
        .returning(RateLimitSlot.slot)
    )
    return len(rows)


def client_address(scope: Scope) -> str:
    client = scope.get("client")
    return client[0] if client else ""


async def count_failed_link(request: Request, settings: Settings) -> None:
    """Called when a signing link or an embed sign-in token was not accepted: counts the
    failure against the address, and turns the answer into 429 once over the budget."""
    if settings.signer_rate_limit_per_minute <= 0:
        return
    wait = await _hit_or_pass(
        "links", "ip:" + client_address(request.scope), settings.signer_rate_limit_per_minute
    )
    if wait is not None:
        raise TooManyRequests(
            _(
                "There have been too many attempts from your network. Wait a minute, then try again."
            ),
            retry_after=wait,
        )


async def _hit_or_pass(bucket: str, caller: str, per_minute: int) -> int | None:
    """A hit; when the database cannot count, the request goes on (it will meet the same
    outage in its own queries and get the usual 503 there)."""
    try:
        return await hit(bucket, caller, per_minute)
    except unavailable_errors():
        log.warning("rate limit %s not counted: the database is unavailable", bucket)
        return None


def _api_caller(scope: Scope) -> str:
    for name, value in scope.get("headers", ()):
        if name == b"authorization" and value:
            return "key:" + hashlib.sha256(value).hexdigest()[:24]
    return "ip:" + client_address(scope)


def rate_limit_middleware(settings: Settings) -> Callable[[ASGIApp], ASGIApp]:
    """Counts /api/ requests and /verify uploads before they are read."""
    api = settings.api_rate_limit_per_minute
    uploads = settings.signer_rate_limit_per_minute

    def wrap(app: ASGIApp) -> ASGIApp:
        async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
            if scope["type"] == "http":
                path = scope["path"]
                if api > 0 and path.startswith("/api/"):
                    wait = await _hit_or_pass("api", _api_caller(scope), api)
                    if wait is not None:
                        raise TooManyRequests(
                            f"This API key made more than {api} requests this minute. "
                            f"Try again in {wait} seconds.",
                            retry_after=wait,
                        )
                elif (
                    uploads > 0 and scope.get("method") == "POST" and path.rstrip("/") == "/verify"
                ):
                    wait = await _hit_or_pass("verify", "ip:" + client_address(scope), uploads)
                    if wait is not None:
                        raise TooManyRequests(
                            "Too many documents were checked from your network this minute. "
                            f"Try again in {wait} seconds.",
                            retry_after=wait,
                        )
            await app(scope, receive, send)

        return middleware

    return wrap
