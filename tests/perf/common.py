"""Shared helpers: rows of figures, child processes that always die, the machine."""

from __future__ import annotations

import contextlib
import ctypes
import http.client
import json
import os
import platform
import signal
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
LOCALHOST = "127.0.0.1"
FORBIDDEN_PORTS = {8000}  # the port `make run` uses: never take it


@dataclass
class Row:
    """One line of the results table; `ratio` is formseal / baseline."""

    key: str
    name: str
    formseal: str
    baseline: str
    ratio: float | None = None
    goal: str = ""
    met: bool | None = None
    data: dict[str, Any] = field(default_factory=dict)


@dataclass
class BenchOutput:
    rows: list[Row] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    sections: list[str] = field(default_factory=list)  # extra Markdown, already formatted

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, indent=2)

    @classmethod
    def from_json(cls, text: str) -> BenchOutput:
        raw = json.loads(text)
        return cls(
            rows=[Row(**r) for r in raw.get("rows", [])],
            notes=list(raw.get("notes", [])),
            sections=list(raw.get("sections", [])),
        )


def install_sigterm_exit() -> None:
    """Turn SIGTERM into SystemExit so `finally` blocks stop servers and remove files."""

    def handler(signum: int, frame: object) -> None:
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, handler)


def _die_with_parent() -> None:  # runs in the child between fork and exec
    with contextlib.suppress(Exception):
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG: SIGTERM when our parent dies


def spawn(
    args: Sequence[str], *, env: Mapping[str, str], cwd: Path, log: Path
) -> subprocess.Popen[bytes]:
    """Start a server in its own process group that is also killed if we are killed."""
    out = open(log, "ab")  # noqa: SIM115 - handed to the child, closed right after
    try:
        return subprocess.Popen(
            list(args),
            env=dict(env),
            cwd=cwd,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None,
        )
    finally:
        out.close()


def stop(proc: subprocess.Popen[bytes], grace: float = 10.0) -> None:
    """SIGTERM the whole process group, then SIGKILL whatever is left."""
    for sig, wait in ((signal.SIGTERM, grace), (signal.SIGKILL, 5.0)):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, sig)
        try:
            proc.wait(timeout=wait)
        except subprocess.TimeoutExpired:
            continue
        # The leader is gone; sweep any child it left in its group.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        return


@contextlib.contextmanager
def running(
    args: Sequence[str], *, env: Mapping[str, str], cwd: Path, log: Path
) -> Iterator[subprocess.Popen[bytes]]:
    proc = spawn(args, env=env, cwd=cwd, log=log)
    try:
        yield proc
    finally:
        stop(proc)


def free_port() -> int:
    """A free TCP port on 127.0.0.1 (never 8000)."""
    for _ in range(50):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
            s.bind((LOCALHOST, 0))
            port = int(s.getsockname()[1])
        if port not in FORBIDDEN_PORTS:
            return port
    raise RuntimeError("no free port found")


def log_tail(log: Path, lines: int = 30) -> str:
    try:
        return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def wait_until_up(
    proc: subprocess.Popen[bytes], port: int, path: str, log: Path, timeout: float = 60.0
) -> None:
    """Poll until the server answers `path` (any status below 500) or give up."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}:\n{log_tail(log)}")
        try:
            status, _, _ = http_request(port, "GET", path, timeout=2.0)
            if status < 500:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(
        f"server on port {port} did not come up in {timeout:.0f} s:\n{log_tail(log)}"
    )


def http_request(
    port: int,
    method: str,
    path: str,
    *,
    body: bytes | None = None,
    headers: Mapping[str, str] | None = None,
    timeout: float = 10.0,
) -> tuple[int, http.client.HTTPMessage, bytes]:
    """One request to 127.0.0.1:port, redirects not followed."""
    conn = http.client.HTTPConnection(LOCALHOST, port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers=dict(headers or {}))
        response = conn.getresponse()
        return response.status, response.headers, response.read()
    finally:
        conn.close()


def cpu_seconds(pid: int) -> float:
    """User + system CPU time a process has used so far, all its threads (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_mib(pid: int) -> float | None:
    """Resident memory of a process and its children, in MiB (Linux only)."""
    total = 0
    pids = [pid]
    with contextlib.suppress(OSError):
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        pids += [int(c) for c in children]
    for p in pids:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total / 1024 if total else None


def median_ms(samples: Sequence[float]) -> float:
    return statistics.median(samples) * 1000


def loadavg() -> str:
    with contextlib.suppress(OSError):
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    return "?"


def machine() -> dict[str, str]:
    cpu = "unknown"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    ram = "unknown"
    with contextlib.suppress(OSError, ValueError, IndexError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                ram = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
                break
    return {
        "cores": str(os.cpu_count() or "?"),
        "cpu": cpu,
        "ram": ram,
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
    }


def fmt_ms(value: float) -> str:
    if value >= 100:
        return f"{value:,.0f} ms"
    if value >= 10:
        return f"{value:.1f} ms"
    return f"{value:.2f} ms"


def bench_main(
    description: str | None, prefix: str, label: str, run: Callable[[Path, bool], BenchOutput]
) -> None:
    """The command line every benchmark script shares: --workdir, --quick, --out; `run`
    gets a temporary folder, its result is printed (or written) as JSON for run.py."""
    import argparse
    import tempfile

    install_sigterm_exit()
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--workdir", type=Path)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix=prefix, dir=args.workdir) as tmp:
        result = run(Path(tmp), args.quick)
    result.notes.append(f"{label} took {time.monotonic() - started:.0f} s.")
    if args.out:
        args.out.write_text(result.to_json(), encoding="utf-8")
    else:
        print(result.to_json())
