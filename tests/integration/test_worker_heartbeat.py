"""Is a job worker running? The screens asked whether a retention purge had been queued in
the last 75 minutes (a running worker queues one an hour), so for more than an hour after
the last worker stopped they still promised a queued delivery "within a few seconds".
A running worker now checks in once a minute (runtime/jobs/heartbeat.py); three minutes
without it, or a worker that stopped, reads as none."""

import asyncio
from dataclasses import replace

import pytest
from litestar.testing import AsyncTestClient

from runtime.archive.jobs import schedule_purge
from runtime.jobs import heartbeat
from runtime.jobs.queue import worker_seen
from runtime.jobs.worker import Worker
from runtime.settings import Settings
from runtime.tables import Job
from tests.integration.workers import no_worker


async def _until(condition, seconds: float = 10.0) -> None:  # type: ignore[no-untyped-def]
    for _ in range(int(seconds / 0.1)):
        if await condition():
            return
        await asyncio.sleep(0.1)
    raise AssertionError("never happened")


async def test_a_worker_is_seen_while_it_runs_and_not_after(
    client: AsyncTestClient, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    await no_worker()
    await Job.delete().where(Job.kind == "retention_purge")
    assert await schedule_purge()  # a worker swept minutes ago, then stopped
    assert not await worker_seen()  # the purge it left says nothing of now

    worker = Worker(replace(settings, worker_poll_seconds=0.1), kinds=("seal",))
    task = asyncio.create_task(worker.run_forever())
    try:
        await _until(worker_seen)
        assert await worker_seen("seal")
        assert not await worker_seen("webhook")  # it takes no webhook deliveries
    finally:
        worker.stop()
        await asyncio.wait_for(task, 10)
    assert not await worker_seen()  # stopped: it said so on its way out

    # a worker that died without a word: seen for three minutes after its last beat, no more
    await heartbeat.beat("worker-died")
    assert await worker_seen("webhook")
    later = heartbeat.now() + heartbeat.SEEN_WITHIN_SECONDS + 1
    monkeypatch.setattr(heartbeat, "now", lambda: later)
    assert not await worker_seen()
