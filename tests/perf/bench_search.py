"""Archive search latency on PostgreSQL with 100,000 envelopes in one organisation.

A fresh database is created, migrated and filled by tests/perf/gen_archive.py (COPY), then
`runtime.archive.search.search` — the same call the API and the archive screen make, with
its count and the page's templates, recipients and tags — runs a mix of searches: a rare
name, a common name, an email fragment, a template name, an answer value, two words,
filters without text (status + dates, tag) and text with filters. Each is repeated; the
report gives p50, p95 and p99 per kind and over all of them. The goal is p95 under 200 ms.

Beside it: the baseline, the same page and count queries in bare SQL (asyncpg, no Piccolo,
no recipients, template names or tags), and the whole mix again with 10 searches in flight
on a pool of 10 connections, as a busy archive screen would see it.

Run alone: python -m tests.perf.bench_search [--quick] [--out FILE]
(FORMSEAL_TEST_POSTGRES_URL names the server, as for the tests.)
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import os
import statistics
import time
import uuid
from pathlib import Path

from tests.perf.common import BenchOutput, Row, fmt_ms, install_sigterm_exit, loadavg

GOAL_MS = 200.0
CONCURRENCY = 10
ADMIN_URL = os.environ.get(
    "FORMSEAL_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"
)


def _searches(today: dt.date) -> list[tuple[str, dict[str, str]]]:
    month = (today - dt.timedelta(days=30)).isoformat()
    return [
        ("rare name", {"q": "xavier rossi"}),
        ("common name", {"q": "smith"}),
        ("email fragment", {"q": "omar.4"}),
        ("template name", {"q": "supplier nda"}),
        ("answer value", {"q": "invoice quarterly"}),
        ("status + dates", {"status": "completed", "from": month}),
        ("tag", {"tag": "priority"}),
        ("text + filters", {"q": "acme", "status": "completed", "tag": "hr"}),
    ]


def percentile(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, max(0, round(p * len(ordered)) - 1))]


async def _admin(sql: str) -> None:
    import asyncpg

    conn = await asyncpg.connect(ADMIN_URL)
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


async def run(workdir: Path, quick: bool) -> BenchOutput:
    from runtime.archive.filters import parse_filter
    from runtime.archive.search import search
    from runtime.database import configure_database, migrate
    from runtime.settings import Settings
    from runtime.tables import Envelope
    from tests.perf.gen_archive import generate, insert_with_copy, prepare_organisation

    count = 20_000 if quick else 100_000
    repeats = 5 if quick else 25
    name = f"formseal_bench_{uuid.uuid4().hex[:8]}"
    base, _, _ = ADMIN_URL.rpartition("/")
    url = f"{base}/{name}"
    await _admin(f'CREATE DATABASE "{name}"')
    try:
        settings = Settings(database_url=url, var_dir=workdir / "var")
        settings.ensure_dirs()
        await migrate(settings)
        engine = configure_database(settings)
        await engine.start_connection_pool(min_size=1, max_size=CONCURRENCY)
        org, versions = await prepare_organisation("Search benchmark")
        started = time.monotonic()
        data = generate(org, versions, count, seed=1)
        await insert_with_copy(url, data)
        load_seconds = time.monotonic() - started
        del data

        today = dt.date.today()
        kinds = _searches(today)
        samples: dict[str, list[float]] = {k: [] for k, _ in kinds}
        totals: dict[str, int] = {}
        for _ in range(2):  # warm-up: caches and plans
            for kind, params in kinds:
                await search(org, parse_filter(params))
        for _ in range(repeats):
            for kind, params in kinds:
                f = parse_filter(params)
                t0 = time.perf_counter()
                result = await search(org, f)
                samples[kind].append(time.perf_counter() - t0)
                totals[kind] = result["total"]
        bare = await _bare_sql(url, org, kinds, repeats)
        in_flight, per_second = await _concurrent(org, kinds, repeats)
        plan = await Envelope.raw(
            "EXPLAIN SELECT id FROM envelope "
            "WHERE search_tsv @@ to_tsquery('simple'::regconfig, 'xavier:*')"
        )
        uses_gin = any("envelope_search_tsv_column" in str(r) for r in plan)
    finally:
        from runtime.tables import Envelope as _E

        engine = _E._meta.db
        close = getattr(engine, "close_connection_pool", None)
        if close is not None:
            with contextlib.suppress(Exception):  # no pool was started
                await close()
        await _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    every = [s * 1000 for values in samples.values() for s in values]
    p50, p95, p99 = (percentile(every, p) for p in (0.5, 0.95, 0.99))
    bare_all = [s * 1000 for values in bare.values() for s in values]
    bare_p50, bare_p99 = percentile(bare_all, 0.5), percentile(bare_all, 0.99)
    busy_p50, busy_p95, busy_p99 = (percentile(in_flight, p) for p in (0.5, 0.95, 0.99))
    rows = [
        Row(
            "search_p95",
            f"Archive search, {count:,} envelopes (PostgreSQL), one at a time: "
            "p50 / p95 / p99 over the 8 kinds",
            f"{fmt_ms(p50)} / {fmt_ms(p95)} / {fmt_ms(p99)}",
            f"bare SQL: {fmt_ms(bare_p50)} / — / {fmt_ms(bare_p99)}",
            p50 / bare_p50 if bare_p50 else None,
            f"p95 < {GOAL_MS:.0f} ms",
            p95 < GOAL_MS,
            {"p50_ms": p50, "p95_ms": p95, "p99_ms": p99, "envelopes": count},
        ),
        Row(
            "search_busy",
            f"Archive search, {count:,} envelopes, {CONCURRENCY} searches in flight "
            f"({CONCURRENCY} connections): p50 / p95 / p99",
            f"{fmt_ms(busy_p50)} / {fmt_ms(busy_p95)} / {fmt_ms(busy_p99)} · "
            f"{per_second:.0f} searches/s",
            "—",
            None,
            "— (shows the machine's capacity)",
            None,
            {"p50_ms": busy_p50, "p95_ms": busy_p95, "p99_ms": busy_p99},
        ),
    ]
    table = [
        "| search | matches | p50 | p95 | p99 | bare SQL p50 |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for kind, params in kinds:
        ms = [s * 1000 for s in samples[kind]]
        shown = ", ".join(f"{k}={v}" for k, v in params.items())
        table.append(
            f"| {kind} (`{shown}`) | {totals[kind]:,} | {fmt_ms(statistics.median(ms))} "
            f"| {fmt_ms(percentile(ms, 0.95))} | {fmt_ms(percentile(ms, 0.99))} "
            f"| {fmt_ms(statistics.median(bare[kind]) * 1000)} |"
        )
    notes = [
        f"Archive search (`tests/perf/bench_search.py`): {count:,} envelopes loaded with COPY "
        f"in {load_seconds:.0f} s; each of the 8 searches ran {repeats} times after a warm-up, "
        "through `runtime.archive.search.search` (first page of 25 with recipients, template "
        "names and tags, plus the capped count: what the archive screen and the API run); "
        "bare SQL = the same page and count queries through asyncpg, nothing else; "
        f"{CONCURRENCY} in flight = the same mix {repeats} times from {CONCURRENCY} tasks "
        f"at once. The full-text plan "
        + ("uses" if uses_gin else "does NOT use")
        + f" the GIN index envelope_search_tsv. Load average {loadavg()}.",
        "Archive search with 10 in flight: each search needs CPU in Python and in PostgreSQL "
        "and the machine has 2 cores, so 10 at once queue: latency "
        "≈ searches in flight ÷ searches per second. EXPLAIN ANALYZE on the 100,000 rows "
        "(2026-11-27) found no plan to fix: the slowest kind, text + status + tag, is a "
        "BitmapAnd of the GIN index and envelope_status, then the tag checked on "
        "envelope_tag_unique (index only), 7 ms for the page and 5 ms for the count; "
        "status + dates walks envelope_org_created backwards (0.1 ms); a rare name is "
        "the GIN index alone (2.5 ms).",
    ]
    return BenchOutput(
        rows=rows, notes=notes, sections=["### Archive search\n\n" + "\n".join(table)]
    )


async def _bare_sql(
    url: str, org: uuid.UUID, kinds: list[tuple[str, dict[str, str]]], repeats: int
) -> dict[str, list[float]]:
    """The page and count queries alone, on one asyncpg connection: the floor."""
    import asyncpg

    from runtime.archive.filters import parse_filter, where_sql

    conn = await asyncpg.connect(url)
    samples: dict[str, list[float]] = {k: [] for k, _ in kinds}
    try:
        for n in range(repeats + 2):
            for kind, params in kinds:
                where, values = where_sql(org, parse_filter(params))
                for i in range(len(values)):
                    where = where.replace("{}", f"${i + 1}", 1)
                page_sql = (
                    f"SELECT e.id, e.status, e.created_at FROM envelope e WHERE {where} "  # noqa: S608
                    "ORDER BY e.created_at DESC, e.id LIMIT 25"
                )
                count_sql = (
                    f"SELECT count(*) FROM (SELECT 1 FROM envelope e WHERE {where} LIMIT 1001) m"  # noqa: S608
                )
                t0 = time.perf_counter()
                await conn.fetch(page_sql, *values)
                await conn.fetchval(count_sql, *values)
                if n >= 2:  # the first two rounds warm up
                    samples[kind].append(time.perf_counter() - t0)
    finally:
        await conn.close()
    return samples


async def _concurrent(
    org: uuid.UUID, kinds: list[tuple[str, dict[str, str]]], repeats: int
) -> tuple[list[float], float]:
    """The mix from CONCURRENCY tasks at once: latencies (ms) and searches per second."""
    from runtime.archive.filters import parse_filter
    from runtime.archive.search import search

    work = [params for _ in range(repeats) for _, params in kinds]
    latencies: list[float] = []

    async def worker(mine: list[dict[str, str]]) -> None:
        for params in mine:
            t0 = time.perf_counter()
            await search(org, parse_filter(params))
            latencies.append((time.perf_counter() - t0) * 1000)

    started = time.perf_counter()
    await asyncio.gather(*(worker(work[i::CONCURRENCY]) for i in range(CONCURRENCY)))
    return latencies, len(work) / (time.perf_counter() - started)


def main() -> None:
    install_sigterm_exit()
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp"))
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    import tempfile

    with tempfile.TemporaryDirectory(prefix="bench-search-", dir=args.workdir) as tmp:
        result = asyncio.run(run(Path(tmp), args.quick))
    text = result.to_json()
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    else:
        print(text)
        print("\n".join(result.sections))


if __name__ == "__main__":
    main()
