"""Load: 200 signers completing envelopes at once, 2 server processes, PostgreSQL.

See tests/perf/load_signers.py for what each signer does and what is checked.
Run alone: python -m tests.perf.bench_load --workdir DIR [--quick] [--out FILE]
"""

from __future__ import annotations

from pathlib import Path

from tests.perf.common import BenchOutput, Row, bench_main, fmt_ms
from tests.perf.formseal_process import postgres_database
from tests.perf.load_signers import run_load


def run(workdir: Path, quick: bool) -> BenchOutput:
    signers = 40 if quick else 200
    out = BenchOutput()
    with postgres_database() as pg_url:
        if pg_url is None:
            out.notes.append("Load test skipped: no PostgreSQL answered on 127.0.0.1:5432.")
            return out
        report = run_load(workdir, pg_url, signers, seal_timeout=420)
    requests = len(report.latencies)
    out.rows.append(
        Row(
            key="load_signers",
            name=f"Load: {signers} signers at once, 2 `formseal serve` + 1 worker, PostgreSQL",
            formseal=(
                f"{len(report.errors)} errors · {requests:,} requests in "
                f"{report.signing_seconds:.1f} s · p50 {fmt_ms(report.median_ms)} · "
                f"p99 {fmt_ms(report.percentile(99))} · {report.sealed}/{signers} sealed after "
                f"{report.sealing_seconds:.0f} s · {report.values_checked - len(report.values_missing)}"
                f"/{report.values_checked} values found in their sealed PDF"
            ),
            baseline="—",
            goal="no errors, every value in its PDF",
            met=report.ok,
            data={"errors": report.errors[:20], "missing": report.values_missing[:20]},
        )
    )
    out.notes.append(
        f"Load: {signers} envelopes created through the API, then {signers} signers at once "
        "(asyncio + httpx, one client each, half on each of two `formseal serve` processes "
        "sharing one PostgreSQL database; one `formseal worker` with 2 seal processes): open "
        "the link, consent, step 1, an htmx autosave, Continue, step 2 with a typed signature, "
        "review, Sign and finish — 11 requests each. Every sealed PDF is then downloaded "
        "through the API; every submitted value (name, email, company, start date, notes) "
        "must be in its answers.json, the name and company also in the page text (pypdf). "
        "Latencies are per request with all signers in flight; time to sealed counts from the "
        "first signer's first request."
    )
    out.notes.append(
        "Load, by kind of request (requests, p50, p99): "
        + "; ".join(
            f"{step} {count:,}, {fmt_ms(p50)}, {fmt_ms(p99)}"
            for step, count, p50, p99 in report.steps()
        )
        + "."
    )
    if report.errors:
        out.notes.append("Load errors (first 5): " + "; ".join(report.errors[:5]))
    if report.values_missing:
        out.notes.append("Values missing (first 5): " + "; ".join(report.values_missing[:5]))
    return out


def main() -> None:
    bench_main(__doc__, "bench-load-", "Load test", run)


if __name__ == "__main__":
    main()
