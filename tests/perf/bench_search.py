"""Archive search latency on PostgreSQL with 100,000 envelopes in one organisation.

A fresh database is created, migrated and filled by tests/perf/gen_archive.py (COPY), then
`runtime.archive.search.search` — the same call the API and the archive screen make, with
its count and the page's templates, recipients and tags — runs a mix of searches: a rare
name, a common name, an email fragment, a template name, an answer value, two words,
filters without text (status + dates, tag) and text with filters. Each is repeated; the
report gives p50 and p95 per kind and over all of them. The goal is p95 under 200 ms.

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
        await engine.start_connection_pool(min_size=1, max_size=4)  # as `formseal serve` does
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
    p50, p95 = percentile(every, 0.5), percentile(every, 0.95)
    rows = [
        Row(
            "search_p95",
            f"Archive search, {count:,} envelopes (PostgreSQL), p95 over all kinds",
            fmt_ms(p95),
            "—",
            None,
            f"< {GOAL_MS:.0f} ms",
            p95 < GOAL_MS,
            {"p50_ms": p50, "p95_ms": p95, "envelopes": count},
        ),
        Row("search_p50", "Archive search, p50 over all kinds", fmt_ms(p50), "—"),
    ]
    table = ["| search | matches | p50 | p95 |", "|---|---:|---:|---:|"]
    for kind, params in kinds:
        ms = [s * 1000 for s in samples[kind]]
        shown = ", ".join(f"{k}={v}" for k, v in params.items())
        table.append(
            f"| {kind} (`{shown}`) | {totals[kind]:,} | {fmt_ms(statistics.median(ms))} "
            f"| {fmt_ms(percentile(ms, 0.95))} |"
        )
    notes = [
        f"Archive: {count:,} envelopes loaded with COPY in {load_seconds:.0f} s; each search "
        f"ran {repeats} times after a warm-up; the full-text plan "
        + ("uses" if uses_gin else "does NOT use")
        + f" the GIN index envelope_search_tsv; load {loadavg()}.",
    ]
    return BenchOutput(
        rows=rows, notes=notes, sections=["### Archive search\n\n" + "\n".join(table)]
    )


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
