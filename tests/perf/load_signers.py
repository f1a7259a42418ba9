"""Load: many signers completing envelopes at once against two server processes (PostgreSQL).

Two `formseal serve` processes listen on two loopback ports, one `formseal worker` seals,
all on one PostgreSQL database. Envelopes are created through the API; every signer then
walks the demo wizard over real HTTP at the same time, half on each server: open the link,
agree to electronic records, step 1, an htmx autosave, Continue, step 2 with a typed
signature, Sign and finish. When every envelope is sealed, each sealed PDF is downloaded
through the API and every value that signer submitted must be in it: in the embedded
answers.json, and the name and company in the page text too.

Used by `make bench` (200 signers, via tests/perf/bench_load.py; `--quick` runs 40). Not in
the test suite: starting the cluster alone takes longer than the suite's budget allows.
"""

from __future__ import annotations

import asyncio
import io
import json
import statistics
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from tests.perf.common import LOCALHOST, ROOT, free_port, log_tail, running, wait_until_up
from tests.perf.formseal_process import formseal_command, formseal_env

DEMO = ROOT / "runtime" / "demo" / "service_agreement.json"


@dataclass
class LoadReport:
    signers: int
    servers: int
    errors: list[str] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)
    by_step: dict[str, list[float]] = field(default_factory=dict)
    signing_seconds: float = 0.0
    sealing_seconds: float = 0.0
    sealed: int = 0
    values_checked: int = 0
    values_missing: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and not self.values_missing and self.sealed == self.signers

    def percentile(self, p: float) -> float:
        if not self.latencies:
            return 0.0
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))] * 1000

    @property
    def median_ms(self) -> float:
        return statistics.median(self.latencies) * 1000 if self.latencies else 0.0

    def steps(self) -> list[tuple[str, int, float, float]]:
        """(step, requests, p50 ms, p99 ms) for each kind of request, in walking order:
        where the waiting is, since one figure for all hides it."""
        out = []
        for step, times in self.by_step.items():
            ordered = sorted(times)
            p99 = ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))]
            out.append((step, len(times), statistics.median(times) * 1000, p99 * 1000))
        return out


@contextmanager
def cluster(workdir: Path, database_url: str, servers: int = 2) -> Iterator[list[int]]:
    """`servers` web processes (no worker inside) and one `formseal worker`; yields ports."""
    home = workdir / "cluster"
    home.mkdir()
    ports = [free_port() for _ in range(servers)]
    env = formseal_env(home / "var", ports[0], database_url)
    env.update(
        FORMSEAL_RUN_WORKER="false",
        FORMSEAL_SEAL_PROCESSES="2",
        FORMSEAL_WORKER_POLL_SECONDS="0.2",
        # every signer comes from 127.0.0.1: keep the per-address limits out of the way
        FORMSEAL_SIGNER_RATE_LIMIT_PER_MINUTE="1000000000",
        FORMSEAL_API_RATE_LIMIT_PER_MINUTE="1000000000",
    )
    cmd = formseal_command()
    done = subprocess.run(
        [*cmd, "migrate"], env=env, cwd=home, capture_output=True, text=True, timeout=120
    )
    if done.returncode != 0:
        raise RuntimeError(f"formseal migrate failed:\n{done.stdout}\n{done.stderr}")
    with ExitStack() as stack:
        for n, port in enumerate(ports):
            log = home / f"serve-{n}.log"
            proc = stack.enter_context(
                running(
                    [*cmd, "serve", "--port", str(port)],
                    env={**env, "FORMSEAL_PORT": str(port)},
                    cwd=home,
                    log=log,
                )
            )
            wait_until_up(proc, port, "/healthz", log)
        stack.enter_context(running([*cmd, "worker"], env=env, cwd=home, log=home / "worker.log"))
        key = subprocess.run(
            [*cmd, "apikey", "create", "--name", "load"],
            env=env,
            cwd=home,
            capture_output=True,
            text=True,
            timeout=60,
        )
        if key.returncode != 0:
            raise RuntimeError(f"apikey create failed: {key.stderr}")
        (home / "api-key").write_text(key.stdout.strip().split()[-1])
        yield ports


def api_key(workdir: Path) -> str:
    return (workdir / "cluster" / "api-key").read_text().strip()


class Signer:
    """One person: their envelope, their answers, their walk through the wizard."""

    def __init__(self, index: int, envelope_id: str, link: str, port: int) -> None:
        tag = uuid.uuid4().hex[:8]
        self.envelope_id = envelope_id
        self.path = "/" + link.split("/", 3)[3]
        self.base = f"http://{LOCALHOST}:{port}"
        self.values = {
            "full_name": f"Signer {index} {tag}",
            "email": f"signer-{index}-{tag}@example.com",
            "company": f"Company {tag} Ltd",
            "start_date": "2027-03-01",
            "notes": f"Note {tag} from signer {index}",
        }

    async def walk(self, report: LoadReport) -> None:
        async with httpx.AsyncClient(base_url=self.base, timeout=60) as client:

            async def call(
                method: str, path: str, expect: int, step: str, **kw: Any
            ) -> httpx.Response:
                started = time.perf_counter()
                response = await client.request(method, path, **kw)
                took = time.perf_counter() - started
                report.latencies.append(took)
                report.by_step.setdefault(step, []).append(took)
                if response.status_code != expect:
                    raise AssertionError(
                        f"{method} {path.split('/')[-1] or '/'} answered "
                        f"{response.status_code}, expected {expect}: {response.text[:200]}"
                    )
                return response

            first = await call(
                "GET", self.path, 303, "open the link"
            )  # the consent page comes first
            if first.headers["location"].endswith("/consent"):
                await call("GET", f"{self.path}/consent", 200, "consent page")
                await call("POST", f"{self.path}/consent", 303, "agree", data={"consent": "yes"})
                first = await call("GET", self.path, 302, "open the link")
            step1 = first.headers["location"]
            await call("GET", step1, 200, "step page")
            step1_values = {k: self.values[k] for k in ("full_name", "email", "company")}
            await call(
                "POST",
                f"{step1}/draft",
                200,
                "autosave",
                data=step1_values,
                headers={"HX-Request": "true"},
            )
            answers = {**step1_values, "start_date": self.values["start_date"]}
            step2 = await call("POST", step1, 303, "Continue", data=answers)
            await call("GET", step2.headers["location"], 200, "step page")
            await call(
                "POST",
                step2.headers["location"],
                303,
                "Continue",
                data={
                    "notes": self.values["notes"],
                    "accept_terms": "yes",
                    "signature__typed": self.values["full_name"],
                },
            )
            await call("GET", f"{self.path}/review", 200, "Check your answers")
            await call("POST", f"{self.path}/finish", 303, "Sign and finish")


async def create_envelopes(ports: list[int], key: str, count: int) -> list[Signer]:
    auth = {"Authorization": f"Bearer {key}"}
    async with httpx.AsyncClient(base_url=f"http://{LOCALHOST}:{ports[0]}", timeout=60) as api:
        template = await api.post(
            "/api/v1/templates",
            content=DEMO.read_bytes(),
            headers={**auth, "Content-Type": "application/json"},
        )
        template.raise_for_status()
        template_id = template.json()["id"]

        async def one(i: int) -> Signer:
            body = {
                "template_id": template_id,
                "recipients": [
                    {"role": "customer", "name": f"Signer {i}", "email": f"s{i}@example.com"}
                ],
            }
            answer = await api.post("/api/v1/envelopes", json=body, headers=auth)
            answer.raise_for_status()
            created = answer.json()
            link = created["recipients"][0]["signing_url"]
            return Signer(i, created["id"], link, ports[i % len(ports)])

        signers: list[Signer] = []
        for start in range(0, count, 20):
            signers += await asyncio.gather(*(one(i) for i in range(start, min(count, start + 20))))
    return signers


async def wait_sealed(
    port: int, key: str, signers: list[Signer], timeout: float
) -> dict[str, bytes]:
    """The sealed PDF of every envelope, once the worker has sealed them all."""
    auth = {"Authorization": f"Bearer {key}"}
    sealed: dict[str, bytes] = {}
    deadline = time.monotonic() + timeout
    async with httpx.AsyncClient(base_url=f"http://{LOCALHOST}:{port}", timeout=60) as api:
        while len(sealed) < len(signers) and time.monotonic() < deadline:
            for s in signers:
                if s.envelope_id in sealed:
                    continue
                pdf = await api.get(f"/api/v1/envelopes/{s.envelope_id}/sealed.pdf", headers=auth)
                if pdf.status_code == 200:
                    sealed[s.envelope_id] = pdf.content
                elif pdf.status_code != 409:
                    raise AssertionError(f"sealed.pdf answered {pdf.status_code}: {pdf.text[:200]}")
            if len(sealed) < len(signers):
                await asyncio.sleep(1.0)
    return sealed


def check_pdf(signer: Signer, data: bytes, report: LoadReport) -> None:
    """Every submitted value is in answers.json; the name and company in the page text."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    answers = json.loads(reader.attachments["answers.json"][0])
    text = " ".join(page.extract_text() or "" for page in reader.pages)
    for key, value in signer.values.items():
        report.values_checked += 1
        if answers.get(key) != value:
            report.values_missing.append(f"{signer.envelope_id} answers.json {key}")
        if key in ("full_name", "company") and value not in " ".join(text.split()):
            report.values_missing.append(f"{signer.envelope_id} page text {key}")


async def _run(
    workdir: Path, ports: list[int], signers_count: int, seal_timeout: float
) -> LoadReport:
    report = LoadReport(signers=signers_count, servers=len(ports))
    key = api_key(workdir)
    signers = await create_envelopes(ports, key, signers_count)
    _progress(f"{len(signers)} envelopes created; signing")
    started = time.monotonic()
    results = await asyncio.gather(*(s.walk(report) for s in signers), return_exceptions=True)
    report.signing_seconds = time.monotonic() - started
    report.errors = [f"{type(r).__name__}: {r}" for r in results if isinstance(r, BaseException)]
    _progress(f"signed in {report.signing_seconds:.1f} s, {len(report.errors)} errors; sealing")
    sealed = await wait_sealed(ports[1 % len(ports)], key, signers, seal_timeout)
    _progress(f"{len(sealed)} sealed after {time.monotonic() - started:.1f} s")
    report.sealing_seconds = time.monotonic() - started
    report.sealed = len(sealed)
    for s in signers:
        if s.envelope_id in sealed:
            check_pdf(s, sealed[s.envelope_id], report)
    return report


def _progress(text: str) -> None:
    print(f"[load] {text}", file=sys.stderr, flush=True)


def run_load(workdir: Path, database_url: str, signers: int, seal_timeout: float) -> LoadReport:
    """The whole run: cluster up, envelopes, signers, seals, checks; cluster down."""
    with cluster(workdir, database_url) as ports:
        try:
            return asyncio.run(_run(workdir, ports, signers, seal_timeout))
        except Exception as exc:
            home = workdir / "cluster"
            raise RuntimeError(
                f"{exc}\n--- worker log ---\n{log_tail(home / 'worker.log')}"
                f"\n--- serve-0 log ---\n{log_tail(home / 'serve-0.log')}"
            ) from exc
