"""The durable job queue in the database: enqueue, claim, finish, fail with back-off.

A claim is one conditional UPDATE, so two workers never run the same job; a job whose
lease ran out (its worker died) becomes claimable again.
"""

import datetime as dt
import json
import uuid
from typing import Any

from runtime.clock import utcnow
from runtime.jobs.heartbeat import worker_seen as worker_seen  # where the screens ask
from runtime.tables import Job

LEASE = dt.timedelta(minutes=5)


class PermanentJobError(Exception):
    """Raised by a handler when retrying cannot help (e.g. a forbidden webhook address)."""


async def enqueue(
    kind: str,
    payload: dict[str, Any],
    *,
    organisation_id: uuid.UUID | None,
    dedupe_key: str | None = None,
    run_after: dt.timedelta | None = None,
    run_at: dt.datetime | None = None,
    max_attempts: int = 5,
) -> bool:
    """Queue work; with a dedupe_key, queuing the same work twice does nothing. True if queued.

    `organisation_id` is whose work it is (required, so no caller forgets it): what
    Settings → Problems lists the job under; None only for instance-wide housekeeping."""
    when = run_at or (utcnow() + run_after if run_after else utcnow())
    job = Job(
        kind=kind,
        payload=payload,
        organisation=organisation_id,
        dedupe_key=dedupe_key,
        run_after=when,
        max_attempts=max_attempts,
    )
    # ON CONFLICT DO NOTHING: a duplicate never aborts the caller's transaction.
    inserted = await Job.insert(job).on_conflict(action="DO NOTHING").returning(Job.id)
    return bool(inserted)


def _claimable(now: dt.datetime) -> Any:
    queued = (Job.status == "queued") & (Job.run_after <= now)
    stale = (Job.status == "running") & (Job.locked_until < now)
    return queued | stale


async def claim(
    worker_id: str, lease: dt.timedelta = LEASE, kinds: tuple[str, ...] | None = None
) -> dict[str, Any] | None:
    """Take the oldest runnable job (of `kinds`, when given), or None."""
    now = utcnow()
    where = _claimable(now)
    if kinds:
        where = where & Job.kind.is_in(list(kinds))
    candidates = await Job.select(Job.id).where(where).order_by(Job.id).limit(5)
    for candidate in candidates:
        # The WHERE is evaluated again on the locked row: a job another worker took is skipped.
        taken = (
            await Job.update(
                {
                    Job.status: "running",
                    Job.locked_by: worker_id,
                    Job.locked_until: now + lease,
                    Job.attempts: Job.attempts + 1,
                }
            )
            .where((Job.id == candidate["id"]) & _claimable(now))
            .returning(*Job.all_columns())
        )
        if taken:
            row = taken[0]
            if isinstance(row["payload"], str):
                row["payload"] = json.loads(row["payload"])
            return row
    return None


async def finish(job_id: int) -> None:
    await Job.update({Job.status: "done", Job.finished_at: utcnow(), Job.locked_until: None}).where(
        Job.id == job_id
    )


async def fail(
    job: dict[str, Any], error: str, *, permanent: bool = False, retry_seconds: float = 30.0
) -> bool:
    """Retry with exponential back-off (30 s, 60 s, 120 s ... by default) until max_attempts.

    `retry_seconds` is the first wait (the `job_retry_seconds` setting); tests shorten it."""
    attempts = job["attempts"]
    gave_up = permanent or attempts >= job["max_attempts"]
    if gave_up:
        values: dict[Any, Any] = {Job.status: "failed", Job.finished_at: utcnow()}
    else:
        delay = dt.timedelta(seconds=retry_delay(attempts, retry_seconds))
        values = {Job.status: "queued", Job.run_after: utcnow() + delay}
    values.update({Job.last_error: error[:2000], Job.locked_until: None})
    await Job.update(values).where(Job.id == job["id"])
    return gave_up  # True: failed for good, nobody will run it again unless asked


def retry_delay(attempts: int, retry_seconds: float) -> float:
    """Seconds before the next try of a job that failed its `attempts`-th attempt."""
    return retry_seconds * 2 ** (attempts - 1)


async def restart_failed(job_id: int) -> bool:
    """A job that failed for good starts over, its attempts counted afresh. One conditional
    UPDATE, so two clicks (or two windows) restart it once: False for the later one."""
    moved = await (
        Job.update(
            {
                Job.status: "queued",
                Job.attempts: 0,
                Job.run_after: utcnow(),
                Job.locked_until: None,
                Job.locked_by: "",
                Job.finished_at: None,
            }
        )
        .where((Job.id == job_id) & (Job.status == "failed"))
        .returning(Job.id)
    )
    return bool(moved)


def new_worker_id() -> str:
    return f"worker-{uuid.uuid4().hex[:12]}"
