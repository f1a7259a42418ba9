"""Is a job worker running? Each running worker says so once a minute (a heartbeat), and
the screens that promise "sent within a few seconds" or warn "no job worker is running"
read the latest heartbeats.

Before, the screens looked for the hourly retention purge a worker's sweep queues: any in
the last 75 minutes counted, so a worker stopped an hour ago still read as running (and a
queued delivery "is sent within a few seconds"). A heartbeat is now at most
`BEAT_SECONDS` old while a worker runs, from a task of its own beside the jobs (a long seal
does not stop it), and a worker that stops takes its own away at once.

The heartbeats are rows of `rate_limit_slot` (the database's shared, expiring counters,
which the worker's sweep already deletes once they expire): the slot is
`worker|<worker id>|<kinds, or *>`, `hits` the beats so far, `expires_at` (epoch seconds)
`SEEN_WITHIN_SECONDS` after the latest beat. No table of its own, so no migration; any
number of workers, on any machine that reaches the database, each keep one row.
"""

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable

from runtime.database import unavailable_errors
from runtime.tables import RateLimitSlot

log = logging.getLogger("formseal.heartbeat")

BEAT_SECONDS = 60.0
SEEN_WITHIN_SECONDS = 180
"""Three beats missed: the worker stopped (or its machine or database link did)."""
PREFIX = "worker|"

_BEAT = (
    "INSERT INTO rate_limit_slot (slot, hits, expires_at) VALUES ({}, 1, {}) "
    "ON CONFLICT (slot) DO UPDATE SET hits = rate_limit_slot.hits + 1, "
    "expires_at = excluded.expires_at"
)

# The clock, in one place so tests can move it.
now: Callable[[], float] = time.time


def slot(worker_id: str, kinds: tuple[str, ...] | None) -> str:
    return f"{PREFIX}{worker_id}|{','.join(kinds) if kinds else '*'}"[:200]


async def beat(worker_id: str, kinds: tuple[str, ...] | None = None) -> None:
    """Say that this worker runs (of `kinds`, or every kind), for the next few minutes."""
    await RateLimitSlot.raw(_BEAT, slot(worker_id, kinds), int(now()) + SEEN_WITHIN_SECONDS)


async def forget(worker_id: str) -> None:
    """A worker that stops takes its heartbeat away: the screens say so at once."""
    await RateLimitSlot.delete().where(RateLimitSlot.slot.like(f"{PREFIX}{worker_id}|%"))


async def worker_seen(kind: str | None = None) -> bool:
    """Has a job worker (one that takes `kind` jobs, when given) beaten in the last
    `SEEN_WITHIN_SECONDS`? False on an instance served with FORMSEAL_RUN_WORKER=false and
    no `formseal worker`, and a few minutes after the last worker stopped or died."""
    rows = await RateLimitSlot.select(RateLimitSlot.slot).where(
        RateLimitSlot.slot.like(f"{PREFIX}%") & (RateLimitSlot.expires_at > int(now()))
    )
    for row in rows:
        kinds = row["slot"].rsplit("|", 1)[-1]
        if kind is None or kinds == "*" or kind in kinds.split(","):
            return True
    return False


async def keep_beating(
    worker_id: str, kinds: tuple[str, ...] | None, stopping: asyncio.Event
) -> None:
    """A worker's heartbeat until `stopping` is set; its row goes when it stops. While the
    database is unreachable the beats fail quietly (the worker's loop says so, once); any
    other failure is logged once, not every minute, until a beat succeeds again."""
    failing = False
    try:
        while not stopping.is_set():
            try:
                await beat(worker_id, kinds)
                failing = False
            except unavailable_errors():
                pass
            except Exception as exc:
                if not failing:
                    log.warning(
                        "the worker's check-in failed (the screens may say none runs): %s", exc
                    )
                failing = True
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(BEAT_SECONDS):
                    await stopping.wait()
    finally:
        with contextlib.suppress(Exception):
            await forget(worker_id)
