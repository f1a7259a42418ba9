"""Durable jobs: a worker killed with -9 mid-job is replaced once its lease runs out."""

import asyncio
import os
import signal
import subprocess
import sys
import time
import uuid
from dataclasses import replace

from litestar.testing import AsyncTestClient

from runtime.clock import utcnow
from runtime.jobs import queue
from runtime.settings import Settings
from runtime.tables import Envelope, Job, StoredFile
from tests.integration.conftest import (
    Org,
    create_envelope,
    fill_demo,
    import_template,
    path_of,
    run_jobs,
)


async def _wait_for(predicate, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if await predicate():
            return True
        await asyncio.sleep(0.02)
    return False


async def test_killed_worker_job_is_taken_over(
    client: AsyncTestClient, org: Org, settings: Settings
) -> None:
    template = await import_template(client, org)
    envelope = await create_envelope(client, org, template["id"])
    await run_jobs(settings)  # the invitation
    await fill_demo(client, path_of(envelope["recipients"][0]["signing_url"]))
    key = f"seal:{envelope['id']}"
    env = {
        **os.environ,
        "FORMSEAL_VAR_DIR": str(settings.var_dir),
        "FORMSEAL_DATABASE_URL": settings.database_url,
        "FORMSEAL_SECRET_KEY": settings.secret_key,
        "FORMSEAL_JOB_LEASE_SECONDS": "2",
        "FORMSEAL_SEAL_PROCESSES": "1",
        "FORMSEAL_DATABASE_POOL_SIZE": "0",
    }
    worker = subprocess.Popen(
        [sys.executable, "-m", "runtime.cli", "worker"],
        env=env,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:

        async def running() -> bool:
            row = await Job.select(Job.status).where(Job.dedupe_key == key).first()
            return row["status"] == "running"

        assert await _wait_for(running, 30), "the worker never took the seal job"
        os.killpg(worker.pid, signal.SIGKILL)  # the worker and its sealing process
        worker.wait(10)
    finally:
        if worker.poll() is None:
            os.killpg(worker.pid, signal.SIGKILL)
    envelope_id = uuid.UUID(envelope["id"])
    row = (
        await Envelope.select(Envelope.status, Envelope.sealed_file)
        .where(Envelope.id == envelope_id)
        .first()
    )
    assert row["status"] == "in_progress" and row["sealed_file"] is None

    # Before the lease runs out the job stays with the dead worker...
    job = await Job.select().where(Job.dedupe_key == key).first()
    assert job["status"] == "running" and job["locked_until"] > utcnow()
    await asyncio.sleep(2.1)
    # ...after it, the next worker does, and the envelope is sealed exactly once.
    await run_jobs(replace(settings, job_lease_seconds=60))
    job = await Job.select().where(Job.dedupe_key == key).first()
    assert job["status"] == "done" and job["attempts"] == 2
    row = (
        await Envelope.select(Envelope.status, Envelope.sealed_file)
        .where(Envelope.id == envelope_id)
        .first()
    )
    assert row["status"] == "completed"
    sealed = await StoredFile.count().where(
        (StoredFile.organisation == org.id) & (StoredFile.kind == "sealed_pdf")
    )
    assert sealed == 1


async def test_a_job_is_claimed_by_one_worker_only(
    settings: Settings, client: AsyncTestClient
) -> None:
    kind = f"probe-{uuid.uuid4().hex[:6]}"
    await queue.enqueue(kind, {}, organisation_id=None, dedupe_key=kind)
    claims = await asyncio.gather(*(queue.claim(f"w{i}") for i in range(8)))
    mine = [c for c in claims if c and c["kind"] == kind]
    assert len(mine) == 1
    assert await queue.enqueue(kind, {}, organisation_id=None, dedupe_key=kind) is False
