"""A job worker running, or none, as the screens see it (runtime/jobs/heartbeat.py): what a
worker's heartbeat leaves in the database, without running one."""

from runtime.jobs.heartbeat import PREFIX, beat
from runtime.tables import RateLimitSlot


async def no_worker() -> None:
    """No worker has checked in here (every heartbeat of this test database goes)."""
    await RateLimitSlot.delete().where(RateLimitSlot.slot.like(f"{PREFIX}%"))


async def a_worker_runs(kinds: tuple[str, ...] | None = None) -> None:
    """A worker (of `kinds`, else every kind) has just checked in."""
    await beat("worker-test", kinds)
