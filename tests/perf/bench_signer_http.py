"""Signer step page GET and step POST over real HTTP, against a bare Litestar + Jinja2 app.

formseal runs as an operator would start it (`formseal migrate`, `formseal demo`,
`formseal serve`: SQLite, the job worker inside the web process) in a temporary folder on a
free port of 127.0.0.1. The baseline (tests/perf/baseline_app.py) runs under uvicorn with
the same defaults. Both servers are up together and the runs alternate, baseline first, so
background load on the machine hits both sides alike.

Run alone: python -m tests.perf.bench_signer_http --workdir DIR [--quick] [--out FILE]
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from tests.perf.baseline_app import FIELDS
from tests.perf.common import (
    LOCALHOST,
    ROOT,
    BenchOutput,
    Row,
    bench_main,
    cpu_seconds,
    fmt_ms,
    free_port,
    http_request,
    loadavg,
    rss_mib,
    running,
    wait_until_up,
)
from tests.perf.formseal_process import formseal_command, formseal_env, postgres_database
from tests.perf.loadgen import LoadResult, run_load, tool_name

LINK = re.compile(r"Open this link to fill and sign it:\s+(\S+)")
GOAL = 0.5  # formseal must reach at least half the bare framework's throughput
STEP1 = {"full_name": "Alex Example", "email": "alex@example.com", "start_date": "2027-03-01"}
SHOWN = re.compile(r'id="shown-keys" value="([^"]*)"')


@dataclass
class Target:
    """A running server and what to load on it."""

    port: int
    get_path: str
    post_path: str
    post_body: str
    headers: dict[str, str]
    pid: int
    page_bytes: int
    post_paths: tuple[str, ...] = ()
    """Autosave paths of as many signers, taken in turn by the POST load (tests/perf/
    demo_signers.py): one signer's autosaves are a compare-and-set on its draft."""


POST_SIGNERS = 100
"""Signers whose autosaves the POST load takes in turn (two per connection of 50)."""


@contextmanager
def formseal_server(workdir: Path, database_url: str = "") -> Iterator[Target]:
    home = workdir / ("formseal-postgres" if database_url else "formseal")
    home.mkdir()
    port = free_port()
    env = formseal_env(home / "var", port, database_url)
    cmd = formseal_command()
    for step in ("migrate", "demo"):
        done = subprocess.run(
            [*cmd, step], env=env, cwd=home, capture_output=True, text=True, timeout=120
        )
        if done.returncode != 0:
            raise RuntimeError(f"formseal {step} failed:\n{done.stdout}\n{done.stderr}")
    found = LINK.search(done.stdout)
    if not found:
        raise RuntimeError(f"no signing link in `formseal demo` output:\n{done.stdout}")
    link = urlsplit(found.group(1))
    if link.hostname != LOCALHOST or link.port != port:
        raise RuntimeError(f"signing link is not on {LOCALHOST}:{port}: {link.geturl()}")
    more = subprocess.run(
        [sys.executable, "-m", "tests.perf.demo_signers", str(POST_SIGNERS - 1)],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if more.returncode != 0:
        raise RuntimeError(f"more demo signers failed:\n{more.stdout}\n{more.stderr}")
    log = home / "serve.log"
    with running([*cmd, "serve"], env=env, cwd=home, log=log) as proc:
        wait_until_up(proc, port, "/", log)
        target = open_as_signer(port, link.path, proc.pid)
        others = [open_as_signer(port, urlsplit(u).path, proc.pid) for u in more.stdout.split()]
        yield replace(target, post_paths=(target.post_path, *(t.post_path for t in others)))


def open_as_signer(port: int, path: str, pid: int) -> Target:
    """Open the link like a person: agree to electronic records if asked, land on step 1."""
    status, headers, _ = http_request(port, "GET", path)
    if status == 303 and headers["location"].endswith("/consent"):
        status, _, _ = http_request(
            port,
            "POST",
            headers["location"],
            body=b"consent=yes",
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        if status != 303:
            raise RuntimeError(f"giving consent answered {status}")
        status, headers, _ = http_request(port, "GET", path)
    step1 = headers.get("location", "")
    if status not in (302, 303) or not step1.endswith("/step/1"):
        raise RuntimeError(f"opening the link gave {status} to {step1!r}")
    status, _, page = http_request(port, "GET", step1)
    if status != 200 or b'name="full_name"' not in page:
        raise RuntimeError(f"step 1 gave {status} without its fields")
    # what a browser's autosave posts: the step's inputs and the keys of the fields shown
    shown = SHOWN.search(page.decode())
    if not shown:
        raise RuntimeError("step 1 has no shown-keys input")
    body = urlencode({**STEP1, "__shown": shown.group(1)})
    return Target(port, step1, step1 + "/draft", body, {"HX-Request": "true"}, pid, len(page))


@contextmanager
def baseline_server(workdir: Path) -> Iterator[Target]:
    home = workdir / "baseline"
    home.mkdir()
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    args = [
        sys.executable,
        "-m",
        "uvicorn",
        "tests.perf.baseline_app:app",
        "--host",
        LOCALHOST,
        "--port",
        str(port),
        "--log-level",
        "warning",
        "--no-access-log",
    ]
    log = home / "uvicorn.log"
    with running(args, env=env, cwd=ROOT, log=log) as proc:
        wait_until_up(proc, port, "/form", log)
        status, _, page = http_request(port, "GET", "/form")
        if status != 200:
            raise RuntimeError(f"baseline form page gave {status}")
        shown = " ".join(key for key, *_ in FIELDS)
        body = urlencode({"_csrf_token": "0" * 64, **STEP1, "__shown": shown})
        yield Target(port, "/form", "/form/draft", body, {}, proc.pid, len(page))


def load(
    target: Target, method: str, duration: float, warmup: float, workdir: Path
) -> tuple[LoadResult, float]:
    """The load's result, and the server process's CPU time per request in ms (its own
    figure: the machine's other load stretches latencies, much less the CPU per request)."""
    kwargs: dict = {"method": method, "headers": dict(target.headers), "workdir": workdir}
    path = target.get_path
    if method == "POST":
        path = target.post_path
        kwargs["paths"] = target.post_paths
        kwargs["body"] = target.post_body
        kwargs["headers"]["Content-Type"] = "application/x-www-form-urlencoded"
    if warmup:
        run_load(target.port, path, duration=warmup, **kwargs)
    before = cpu_seconds(target.pid)
    result = run_load(target.port, path, duration=duration, **kwargs)
    used = cpu_seconds(target.pid) - before
    return result, used * 1000 / max(result.requests, 1)


def check(target: Target, method: str) -> int:
    """One request after the load: the server must still answer correctly. Returns the
    answer's size in bytes."""
    headers = dict(target.headers)
    if method == "POST":
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        for _attempt in range(20):  # the load's last autosaves may still be writing: 409 busy
            status, _, answer = http_request(
                target.port,
                "POST",
                target.post_path,
                body=target.post_body.encode(),
                headers=headers,
            )
            if status != 409:
                break
            time.sleep(0.25)
    else:
        status, _, answer = http_request(target.port, "GET", target.get_path, headers=headers)
    if status != 200:
        raise RuntimeError(f"after the load, {method} answered {status}, not 200: {answer[:300]!r}")
    return len(answer)


def describe(result: LoadResult) -> str:
    text = f"{result.rps:,.0f} req/s · p50 {fmt_ms(result.p50_ms)} · p99 {fmt_ms(result.p99_ms)}"
    if result.errors:
        text += f" · {result.errors} errors"
    return text


def run(workdir: Path, quick: bool) -> BenchOutput:
    duration, warmup = (3.0, 1.0) if quick else (10.0, 2.0)
    out = BenchOutput()
    loads: dict[tuple[str, str], LoadResult] = {}
    load_before: dict[tuple[str, str], str] = {}
    answer_sizes: dict[tuple[str, str], int] = {}
    cpu: dict[tuple[str, str], float] = {}
    with ExitStack() as stack:
        targets = {"baseline": stack.enter_context(baseline_server(workdir))}
        targets["formseal"] = stack.enter_context(formseal_server(workdir))
        pg_url = stack.enter_context(postgres_database())
        if pg_url:
            targets["formseal-pg"] = stack.enter_context(formseal_server(workdir, pg_url))
        # Alternate: baseline, then formseal, for each method, so background load hits both.
        for method in ("GET", "POST"):
            for name, target in targets.items():
                load_before[(name, method)] = loadavg()
                loads[(name, method)], cpu[(name, method)] = load(
                    target, method, duration, warmup, workdir
                )
                answer_sizes[(name, method)] = check(target, method)
        # The request pipeline alone: a constant answer through the same middleware.
        pipeline = replace(targets["formseal"], get_path="/healthz")
        _, cpu[("formseal /healthz", "GET")] = load(pipeline, "GET", duration, warmup, workdir)
        rss = {name: rss_mib(t.pid) for name, t in targets.items()}

    variants = [("formseal", "", "SQLite")]
    if ("formseal-pg", "GET") in loads:
        variants.append(("formseal-pg", "_pg", "PostgreSQL"))
    for name, suffix, engine in variants:
        for method, key, label in (
            ("GET", "signer_get", "Signer step page GET (`/s/<token>/step/1`)"),
            ("POST", "signer_post", "Signer autosave POST (`/s/<token>/step/1/draft`, htmx)"),
        ):
            mine, theirs = loads[(name, method)], loads[("baseline", method)]
            out.rows.append(_row(key + suffix, f"{label}, {engine}", mine, theirs))
    if len(variants) == 1:
        out.notes.append("PostgreSQL rows skipped: no PostgreSQL answered on 127.0.0.1:5432.")

    out.notes.append(
        f"HTTP load: {tool_name()} with 2 threads, 50 connections, {duration:.0f} s measured "
        f"after a {warmup:.0f} s warm-up; client and servers share the same 2 cores. "
        "Ratio = formseal req/s ÷ baseline req/s; latencies are per request as the client saw "
        "them with 50 in flight."
    )
    out.notes.append(
        "formseal runs as `formseal serve` with its defaults: one uvicorn process, the job "
        "worker polling inside it, SQLite (WAL, pooled connections) in a temporary folder or, "
        "for the PostgreSQL rows, a database created for the run (asyncpg pool of 10), except "
        "the per-address limit on failed link look-ups, raised out of reach (a working link "
        "never counts against it). The signer has opened the demo link and agreed to electronic records. Every "
        "GET renders step 1 (the recipient, envelope and organisation read, the stage checked, "
        "visibility evaluated); every POST is the htmx autosave of step 1 "
        "(`/step/1/draft`) as a browser posts it (the step's inputs and `__shown`): the same "
        "reads, form parsing, the draft stored in the recipient row, the step's caption and "
        "field slots sent back (fields that just appeared and computed values rendered); "
        f"the autosaves go to {POST_SIGNERS} signers of the demo (each with its own envelope) "
        "in turn, since one signer's autosave is a compare-and-set on its draft and a "
        "browser sends one at a time. The baseline (`tests/perf/baseline_app.py`) "
        "has no database, no middleware and no translations: its GET renders a form page of "
        "the same size and structure (layout, language switcher, four fields, hidden inputs), "
        "its POST parses the form and renders the caption and the fields' slots, empty for the "
        "fields the page already shows (`__shown`, as formseal's autosave answers: the page "
        "keeps its own copy of those). The PostgreSQL rows reuse the "
        "baseline figures of this run."
    )
    out.notes.append(
        "Page sizes: "
        + ", ".join(f"{n} {b:,} bytes" for (n, m), b in answer_sizes.items() if m == "GET")
        + "; autosave answers: "
        + ", ".join(f"{n} {b:,} bytes" for (n, m), b in answer_sizes.items() if m == "POST")
        + ". Resident memory after the runs: "
        + ", ".join(f"{n} {_mib(v)}" for n, v in rss.items())
        + "."
    )
    out.notes.append(
        "Server CPU time per request under the load (the server process's user + system "
        "time, all threads, over the measured seconds ÷ requests answered; steadier than "
        "requests/s on a shared machine, since the load generator and other work stretch "
        "wall time, not the server's own CPU; `/healthz` is a constant answer through "
        "formseal's request pipeline, what any formseal page costs before its own work): "
        + "; ".join(
            f"{name} {method} {ms:.2f} ms"
            + (
                f" (baseline ÷ formseal {cpu[('baseline', method)] / ms:.2f})"
                if name != "baseline" and ms
                else ""
            )
            for (name, method), ms in cpu.items()
        )
        + "."
    )
    out.notes.append(
        "Requests measured (load average before each run): "
        + "; ".join(
            f"{name} {method} {result.requests:,} ({load_before[(name, method)]})"
            for (name, method), result in loads.items()
        )
        + "."
    )
    return out


def _row(key: str, label: str, mine: LoadResult, theirs: LoadResult) -> Row:
    ratio = mine.rps / theirs.rps if theirs.rps else None
    valid = mine.error_share < 0.01 and theirs.error_share < 0.01
    return Row(
        key=key,
        name=label,
        formseal=describe(mine),
        baseline=describe(theirs),
        ratio=ratio,
        goal=f"≥ {GOAL}",
        met=ratio is not None and ratio >= GOAL and valid,
        data={"formseal": mine.__dict__, "baseline": theirs.__dict__, "valid": valid},
    )


def _mib(value: float | None) -> str:
    return f"{value:.0f} MiB" if value else "?"


def main() -> None:
    bench_main(__doc__, "bench-http-", "Signer HTTP benchmark", run)


if __name__ == "__main__":
    main()
