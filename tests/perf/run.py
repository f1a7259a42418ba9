"""Run every benchmark and rewrite docs/performance.md: `make bench`.

    python -m tests.perf.run            # full run (about 2 minutes), rewrites the doc
    python -m tests.perf.run --quick    # smoke run (well under a minute), prints only
    python -m tests.perf.run --only seal --output /tmp/perf.md

Each benchmark runs as a child process with a time limit; a child that overruns gets SIGTERM
(it then stops its servers), then SIGKILL. The temporary folder is removed in every case.
Figures below a goal do not fail the run; a benchmark that crashes or times out does.
"""

from __future__ import annotations

import argparse
import contextlib
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from tests.perf.common import ROOT, BenchOutput, Row, loadavg
from tests.perf.report import RunInfo, console_table, markdown, merge, run_info


@dataclass(frozen=True)
class Bench:
    name: str
    module: str
    timeout: float  # seconds, full run
    quick_timeout: float
    keys: tuple[tuple[str, str], ...]  # rows to show as failed when the benchmark fails
    prefixes: tuple[str, ...] = ()  # how its rows and notes in the page start (for --only)


BENCHES = [
    Bench(
        "http",
        "tests.perf.bench_signer_http",
        240,
        120,
        (
            ("signer_get", "Signer step page GET"),
            ("signer_post", "Signer step POST (autosave)"),
        ),
        (
            "Signer step",
            "Signer autosave",
            "Signer HTTP",
            "HTTP load",
            "formseal runs as",
            "Page sizes",
            "Server CPU time",
            "Requests measured",
        ),
    ),
    Bench(
        "seal",
        "tests.perf.bench_seal",
        420,
        180,
        (("seal", "Sealing (`seal_document`)"),),
        ("Seal", "Sealing", "Chinese fonts", "The drawn signature"),
    ),
    Bench(
        "jobs",
        "tests.perf.bench_jobs",
        420,
        240,
        (("jobs_1", "Job throughput, 1 / 2 / 4 workers, PostgreSQL"),),
        ("Job throughput",),
    ),
    Bench(
        "load",
        "tests.perf.bench_load",
        600,
        400,
        (("load_signers", "Load: 200 signers, 2 servers, PostgreSQL"),),
        ("Load:", "Load test"),
    ),
    Bench(
        "bulk",
        "tests.perf.bench_bulk",
        2400,
        600,
        (("bulk_create", "Bulk send, 10,000 rows: create every envelope"),),
        ("Bulk send",),
    ),
    Bench(
        "search",
        "tests.perf.bench_search",
        600,
        240,
        (("search_p95", "Archive search, 100,000 envelopes (PostgreSQL), p95"),),
        ("Archive search", "Archive:"),
    ),
]


def run_bench(bench: Bench, workdir: Path, quick: bool) -> BenchOutput:
    out_file = workdir / f"{bench.name}.json"
    log_file = workdir / f"{bench.name}.log"
    args = [sys.executable, "-m", bench.module, "--workdir", str(workdir), "--out", str(out_file)]
    if quick:
        args.append("--quick")
    timeout = bench.quick_timeout if quick else bench.timeout
    print(f"== {bench.name}: {bench.module} (limit {timeout:.0f} s)", flush=True)
    with open(log_file, "wb") as log:
        proc = subprocess.Popen(args, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
        try:
            proc.wait(timeout=timeout)
            error = None if proc.returncode == 0 else f"exited with {proc.returncode}"
        except subprocess.TimeoutExpired:
            error = f"timed out after {timeout:.0f} s"
        finally:
            _end(proc)
    if error is None and out_file.exists():
        return BenchOutput.from_json(out_file.read_text(encoding="utf-8"))
    tail = log_file.read_text(errors="replace").strip().splitlines()[-12:]
    print(f"!! {bench.name} {error or 'wrote no result'}:\n" + "\n".join(tail), file=sys.stderr)
    reason = f"FAILED: {error or 'no result'}"
    last = " / ".join(line.strip()[:160] for line in tail[-3:] if line.strip())
    return BenchOutput(
        rows=[Row(key, name, reason, "—", data={"failed": True}) for key, name in bench.keys],
        notes=[f"{bench.name} benchmark failed ({error or 'no result'}); its log ended: `{last}`"],
    )


def _end(proc: subprocess.Popen[bytes]) -> None:
    """SIGTERM lets the benchmark stop its servers; SIGKILL if it does not within 20 s."""
    if proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="short smoke run; prints only")
    parser.add_argument(
        "--only", default="", help="comma-separated: " + ", ".join(b.name for b in BENCHES)
    )
    parser.add_argument(
        "--output",
        type=Path,
        help="where to write the report (default docs/performance.md; none with --quick)",
    )
    args = parser.parse_args(argv)
    wanted = {w.strip() for w in args.only.split(",") if w.strip()}
    unknown = wanted - {b.name for b in BENCHES}
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(sorted(unknown))}")
    output = args.output or (None if args.quick else ROOT / "docs" / "performance.md")

    started = time.monotonic()
    info: RunInfo = run_info(quick=args.quick)
    results: list[BenchOutput] = []
    failed = False
    workdir = Path(tempfile.mkdtemp(prefix="formseal-bench-"))
    try:
        for bench in BENCHES:
            if wanted and bench.name not in wanted:
                continue
            result = run_bench(bench, workdir, args.quick)
            failed = failed or any(r.data.get("failed") for r in result.rows)
            results.append(result)
    finally:
        with contextlib.suppress(OSError):
            shutil.rmtree(workdir)
    info.seconds = time.monotonic() - started
    info.load_end = loadavg()

    print()
    print(console_table(results))
    print(f"\nTotal {info.seconds:.0f} s.")
    if output:
        output.parent.mkdir(parents=True, exist_ok=True)
        page = markdown(info, results)
        if wanted and output.exists():  # a partial run keeps the other benchmarks' rows
            ran = [b for b in BENCHES if b.name in wanted]
            prefixes = tuple(p for b in ran for p in b.prefixes)
            previous = output.read_text(encoding="utf-8")
            page = merge(previous, page, prefixes, [b.name for b in ran])
        output.write_text(page, encoding="utf-8")
        print(f"Wrote {output.relative_to(ROOT) if output.is_relative_to(ROOT) else output}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
