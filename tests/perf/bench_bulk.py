"""Bulk send of 10,000 rows: accepting and queueing the file, then creating every envelope.

In one process on a fresh SQLite database (the default installation), as the API and the
designer do it: `runtime.bulk.service.start` reads and checks the CSV and queues the job
(the figure a request waits for), then a worker runs the `bulk_send` job until every
envelope exists with its invitation mail queued (the mails themselves are not sent).
Peak memory: tracemalloc's peak while accepting the file, and the process's peak resident
size over the whole run. Baseline: sqlite3 `executemany` inserting the same 10,000 rows
(an envelope and a recipient each) into two bare tables, in one transaction.

Run alone: python -m tests.perf.bench_bulk --workdir DIR [--quick] [--out FILE]
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import sqlite3
import tempfile
import time
import tracemalloc
import uuid
from pathlib import Path

from tests.perf.common import ROOT, BenchOutput, Row, install_sigterm_exit

DEMO = ROOT / "runtime" / "demo" / "service_agreement.json"
HEADER = "Customer name,Customer email,Service start date,Company name (optional)\n"


def rows_csv(count: int) -> bytes:
    lines = (
        f"Person {i},person{i}@example.com,2027-01-{(i % 28) + 1:02d},Firm {i}\n"
        for i in range(count)
    )
    return (HEADER + "".join(lines)).encode()


async def _formseal(home: Path, data: bytes, count: int) -> dict[str, float]:
    from runtime.accounts.service import ensure_organisation
    from runtime.bulk import service
    from runtime.database import close_pool, configure_database, migrate, start_pool
    from runtime.jobs.worker import Worker
    from runtime.settings import settings_from_env
    from runtime.tables import BulkSend, Envelope, Job
    from runtime.templates.service import import_and_publish

    env = {"FORMSEAL_VAR_DIR": str(home / "var"), "FORMSEAL_DATABASE_URL": ""}
    settings = settings_from_env(env, run_worker=False, seal_processes=0)
    await migrate(settings)
    engine = configure_database(settings)
    await start_pool(engine, settings)
    try:
        org = await ensure_organisation("Bulk bench")
        template = await import_and_publish(org, DEMO.read_bytes(), actor="bench")
        template_id = uuid.UUID(str(template["id"]))

        tracemalloc.start()
        began = time.perf_counter()
        bulk = await service.start(org, template_id, data, {}, filename="bench.csv", actor="bench")
        accepted = time.perf_counter() - began
        _, accept_peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()

        began = time.perf_counter()
        await Worker(settings, kinds=("bulk_send",)).run_until_idle()
        created = time.perf_counter() - began
        state = await BulkSend.select(BulkSend.status, BulkSend.created).where(
            BulkSend.id == uuid.UUID(bulk["id"])
        )
        envelopes = await Envelope.count().where(Envelope.organisation == org)
        mails = await Job.count().where((Job.kind == "mail") & (Job.status == "queued"))
    finally:
        await close_pool(engine)
    if state[0]["status"] != "done" or envelopes != count or mails < count:
        raise RuntimeError(f"bulk send incomplete: {state}, {envelopes} envelopes, {mails} mails")
    return {"accept": accepted, "create": created, "accept_peak": accept_peak / 2**20}


def _baseline(home: Path, count: int) -> float:
    db = sqlite3.connect(home / "baseline.sqlite3")
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("CREATE TABLE envelope (id TEXT PRIMARY KEY, prefill TEXT, bulk_key TEXT UNIQUE)")
    db.execute(
        "CREATE TABLE recipient (id TEXT PRIMARY KEY, envelope TEXT, name TEXT, email TEXT, "
        "token_hash TEXT UNIQUE)"
    )
    envelopes = [
        (str(uuid.uuid4()), f'{{"company": "Firm {i}"}}', f"bench:{i}") for i in range(count)
    ]
    recipients = [
        (str(uuid.uuid4()), e[0], f"Person {i}", f"person{i}@example.com", uuid.uuid4().hex)
        for i, e in enumerate(envelopes)
    ]
    began = time.perf_counter()
    with db:
        db.executemany("INSERT INTO envelope VALUES (?, ?, ?)", envelopes)
        db.executemany("INSERT INTO recipient VALUES (?, ?, ?, ?, ?)", recipients)
    seconds = time.perf_counter() - began
    db.close()
    return seconds


def run(workdir: Path, quick: bool) -> BenchOutput:
    count = 1_000 if quick else 10_000
    data = rows_csv(count)
    figures = asyncio.run(_formseal(workdir, data, count))
    baseline = _baseline(workdir, count)
    peak_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    rate = count / figures["create"]
    size = f"{len(data) / 2**20:.1f} MiB CSV"
    return BenchOutput(
        rows=[
            Row(
                "bulk_accept",
                f"Bulk send, {count:,} rows: accept and queue ({size})",
                f"{figures['accept']:.2f} s",
                "—",
                goal="< 30 s (within one request)",
                met=figures["accept"] < 30,
                data=figures,
            ),
            Row(
                "bulk_create",
                f"Bulk send, {count:,} rows: create every envelope (1 worker)",
                f"{figures['create']:.0f} s ({rate:.0f} envelopes/s)",
                f"{baseline:.2f} s (`executemany`)",
                ratio=figures["create"] / baseline if baseline else None,
                data={"rate": rate},
            ),
            Row(
                "bulk_memory",
                f"Bulk send, {count:,} rows: peak memory",
                f"{figures['accept_peak']:.0f} MiB traced while accepting; "
                f"{peak_rss:.0f} MiB peak RSS",
                "—",
                goal="< 500 MiB RSS",
                met=peak_rss < 500,
            ),
        ],
        notes=[
            "Bulk send: SQLite, one process, `runtime.bulk.service.start` then one worker "
            "running the `bulk_send` job (200 rows per job). Each envelope is checked, "
            "stored with its recipient, audited (hash chain) and its invitation mail queued "
            "in its own transaction, which is where the time goes next to the bare insert."
        ],
    )


def main() -> None:
    install_sigterm_exit()
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--workdir", type=Path)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-bulk-", dir=args.workdir) as tmp:
        result = run(Path(tmp), args.quick)
    if args.out:
        args.out.write_text(result.to_json(), encoding="utf-8")
    else:
        print(result.to_json())


if __name__ == "__main__":
    main()
