"""Job throughput with 1, 2 and 4 `formseal worker` processes on PostgreSQL, and duplicates.

For each worker count, a fresh batch of envelopes is created through the HTTP API (in
process); each queues one invitation `mail` job. The batch is held back (run_after in the
future) until every worker process is up and connected, then released at once: the time
from release to the last job's `finished_at` is the figure. Mails go to var/outbox/ (no
SMTP), one file per mail, so a job run twice leaves two files for the same recipient:
duplicates = mails in the outbox - distinct recipients. They must be 0.

Run alone: python -m tests.perf.bench_jobs --workdir DIR [--quick] [--out FILE]
"""

from __future__ import annotations

import asyncio
import email
import subprocess
import time
import uuid
from collections import Counter
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

from tests.perf.common import (
    ROOT,
    BenchOutput,
    Row,
    bench_main,
    free_port,
    log_tail,
    running,
)
from tests.perf.formseal_process import formseal_command, formseal_env, postgres_database

WORKER_COUNTS = (1, 2, 4)
DEMO = ROOT / "runtime" / "demo" / "service_agreement.json"


@dataclass
class Round:
    workers: int
    jobs: int
    seconds: float
    done: int
    failed: int
    mails: int
    duplicates: int
    per_worker: dict[str, int]

    @property
    def rate(self) -> float:
        return self.done / self.seconds if self.seconds else 0.0


async def _admin(url: str, sql: str, *args: object) -> list:
    import asyncpg

    conn = await asyncio.wait_for(asyncpg.connect(url), timeout=10)
    try:
        return list(await conn.fetch(sql, *args))
    finally:
        await conn.close()


async def _create_batch(env: dict[str, str], count: int, tag: str) -> int:
    """Queue `count` envelopes (one invitation mail job each) through the envelope service,
    as the API does; returns the first job id of the batch."""
    import msgspec

    from runtime.accounts.service import ensure_organisation
    from runtime.database import close_pool, configure_database, start_pool
    from runtime.envelopes.schemas import EnvelopeCreate
    from runtime.envelopes.service import create_envelope
    from runtime.settings import settings_from_env
    from runtime.templates.service import import_and_publish

    settings = settings_from_env(env, run_worker=False, database_pool_size=10)
    engine = configure_database(settings)
    await start_pool(engine, settings)
    try:
        org = await ensure_organisation(f"Jobs bench {tag}")
        template = await import_and_publish(org, DEMO.read_bytes(), actor="bench")
        first = await _admin(
            _pg(settings.database_url), "SELECT coalesce(max(id), 0) + 1 AS n FROM job"
        )

        async def one(i: int) -> None:
            address = f"{tag}-{i}@example.com"
            request = msgspec.convert(
                {
                    "template_id": str(template["id"]),
                    "recipients": [{"role": "customer", "name": f"Signer {i}", "email": address}],
                    "prefill": {"email": address},
                },
                EnvelopeCreate,
            )
            await create_envelope(org, request, settings=settings, actor="bench")

        for start in range(0, count, 10):
            await asyncio.gather(*(one(i) for i in range(start, min(count, start + 10))))
    finally:
        await close_pool(engine)
    return int(first[0]["n"])


def _pg(url: str) -> str:
    return url.replace("postgres://", "postgresql://", 1)


def run_round(workdir: Path, pg_url: str, workers: int, count: int) -> Round:
    home = workdir / f"workers-{workers}"
    home.mkdir()
    env = formseal_env(home / "var", free_port(), pg_url)
    env.update(
        FORMSEAL_SEAL_PROCESSES="0",
        FORMSEAL_WORKER_POLL_SECONDS="0.1",
        FORMSEAL_DATABASE_POOL_SIZE="4",
    )
    tag = f"w{workers}-{uuid.uuid4().hex[:6]}"
    first_job = asyncio.run(_create_batch(env, count, tag))
    hold = "UPDATE job SET run_after = now() + interval '1 hour' WHERE id >= $1 AND kind = 'mail' AND status = 'queued'"
    asyncio.run(_admin(pg_url, hold, first_job))
    jobs = asyncio.run(
        _admin(pg_url, "SELECT count(*) AS n FROM job WHERE id >= $1 AND kind = 'mail'", first_job)
    )[0]["n"]
    db = pg_url.rsplit("/", 1)[1]
    with ExitStack() as stack:
        procs = [
            stack.enter_context(
                running(
                    [*formseal_command(), "worker", "--kind", "mail"],
                    env=env,
                    cwd=home,
                    log=home / f"worker-{n}.log",
                )
            )
            for n in range(workers)
        ]
        _wait_for_connections(pg_url, db, workers, procs, home)
        released = asyncio.run(
            _admin(
                pg_url,
                "UPDATE job SET run_after = now() WHERE id >= $1 AND kind = 'mail' "
                "AND status = 'queued' RETURNING now() AS t",
                first_job,
            )
        )
        start = released[0]["t"] if released else None
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            left = asyncio.run(
                _admin(
                    pg_url,
                    "SELECT count(*) AS n FROM job WHERE id >= $1 AND kind = 'mail' "
                    "AND status IN ('queued', 'running')",
                    first_job,
                )
            )[0]["n"]
            if left == 0:
                break
            if any(p.poll() is not None for p in procs):
                raise RuntimeError("a worker died:\n" + log_tail(home / "worker-0.log"))
            time.sleep(0.2)
        else:
            raise RuntimeError(f"{left} jobs still waiting after 300 s")
    rows = asyncio.run(
        _admin(
            pg_url,
            "SELECT status, locked_by, finished_at FROM job WHERE id >= $1 AND kind = 'mail'",
            first_job,
        )
    )
    done = [r for r in rows if r["status"] == "done"]
    last = max(r["finished_at"] for r in done) if done else start
    seconds = (last - start).total_seconds() if start and last else 0.0
    recipients = Counter(
        str(email.message_from_bytes(p.read_bytes())["To"])
        for p in (home / "var" / "outbox").glob("*.eml")
    )
    return Round(
        workers=workers,
        jobs=int(jobs),
        seconds=seconds,
        done=len(done),
        failed=sum(1 for r in rows if r["status"] == "failed"),
        mails=sum(recipients.values()),
        duplicates=sum(n - 1 for n in recipients.values()),
        per_worker=dict(Counter(r["locked_by"] or "?" for r in rows)),
    )


def _wait_for_connections(
    pg_url: str, db: str, workers: int, procs: list, home: Path, timeout: float = 60
) -> None:
    """Every worker process holds at least one pooled connection once it is up."""
    deadline = time.monotonic() + timeout
    sql = "SELECT count(DISTINCT pid) AS n FROM pg_stat_activity WHERE datname = $1"
    while time.monotonic() < deadline:
        for p in procs:
            if p.poll() is not None:
                raise RuntimeError("a worker exited at start:\n" + log_tail(home / "worker-0.log"))
        n = asyncio.run(_admin(pg_url, sql, db))[0]["n"]
        if n >= workers:
            time.sleep(0.5)  # the first claims run; the batch is still held back
            return
        time.sleep(0.2)
    raise RuntimeError("workers did not connect in time:\n" + log_tail(home / "worker-0.log"))


def run(workdir: Path, quick: bool) -> BenchOutput:
    count = 60 if quick else 200
    out = BenchOutput()
    with postgres_database() as pg_url:
        if pg_url is None:
            out.rows.append(
                Row("jobs", "Job throughput, PostgreSQL", "not measured", "—", met=None)
            )
            out.notes.append("Job throughput skipped: no PostgreSQL answered on 127.0.0.1:5432.")
            return out
        env = formseal_env(workdir / "migrate", free_port(), _pg(pg_url))
        done = subprocess.run(
            [*formseal_command(), "migrate"], env=env, capture_output=True, text=True, timeout=120
        )
        if done.returncode != 0:
            raise RuntimeError(f"formseal migrate failed:\n{done.stdout}\n{done.stderr}")
        rounds = [run_round(workdir, _pg(pg_url), n, count) for n in WORKER_COUNTS]
    one = rounds[0].rate
    for r in rounds:
        scaling = r.rate / one if one else None
        clean = r.duplicates == 0 and r.done == r.jobs and r.failed == 0
        out.rows.append(
            Row(
                key=f"jobs_{r.workers}",
                name=f"Job throughput, {r.workers} worker process{'es' if r.workers > 1 else ''}, "
                f"PostgreSQL ({r.jobs} invitation mails)",
                formseal=f"{r.rate:,.0f} jobs/s · {r.done} done in {r.seconds:.1f} s · "
                f"{r.duplicates} duplicates · {r.failed} failed",
                baseline=f"1 worker: {one:,.0f} jobs/s" if r.workers > 1 else "—",
                ratio=scaling,
                goal="0 duplicates",
                met=clean,
                data={
                    "per_worker": r.per_worker,
                    "mails": r.mails,
                    "jobs": r.jobs,
                    "seconds": r.seconds,
                },
            )
        )
    out.notes.append(
        f"Job throughput: for each worker count, {count} envelopes are created through the API, "
        "each queuing one invitation `mail` job; the batch is held back until every "
        "`formseal worker --kind mail` process is connected (pool of 4 each), then released "
        "at once. Time = release to the last job's finished_at. Mails are written to "
        "var/outbox/ (no SMTP); duplicates = mail files − distinct recipients, from the files "
        "themselves. Ratio = jobs/s ÷ jobs/s with 1 worker (all processes share the machine's "
        "2 cores with the database, so more processes than cores cannot scale). Jobs per "
        "worker: "
        + "; ".join(
            f"{r.workers}: " + ", ".join(str(n) for n in sorted(r.per_worker.values()))
            for r in rounds
        )
        + "."
    )
    return out


def main() -> None:
    bench_main(__doc__, "bench-jobs-", "Job throughput benchmark", run)


if __name__ == "__main__":
    main()
