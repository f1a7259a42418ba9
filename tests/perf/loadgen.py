"""HTTP load against 127.0.0.1: `wrk` when installed, else an asyncio generator in its own process.

Both keep `connections` keep-alive connections busy for `duration` seconds and report
requests/s, p50/p99 latency and errors (connection errors, timeouts, status >= 400).

Set BENCH_LOADGEN=python to use the fallback even when wrk is installed.
Run alone: python -m tests.perf.loadgen --port P --path /x [--method POST --body ...]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from tests.perf.common import LOCALHOST


@dataclass
class LoadResult:
    tool: str
    requests: int
    seconds: float
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int  # connect/read/write errors, timeouts and responses with status >= 400

    @property
    def error_share(self) -> float:
        return self.errors / max(self.requests, 1)


def _wrk_path() -> str | None:
    """wrk, unless BENCH_LOADGEN=python asks for the fallback generator."""
    if os.environ.get("BENCH_LOADGEN", "").lower() == "python":
        return None
    return shutil.which("wrk")


def wrk_version() -> str | None:
    path = _wrk_path()
    if not path:
        return None
    done = subprocess.run([path, "-v"], capture_output=True, text=True, timeout=10)
    first = (done.stdout or done.stderr).strip().splitlines()
    return first[0].split(" [")[0] if first else "wrk"


def tool_name() -> str:
    return wrk_version() or "python asyncio load generator (tests/perf/loadgen.py)"


def run_load(
    port: int,
    path: str,
    *,
    method: str = "GET",
    body: str = "",
    headers: Mapping[str, str] | None = None,
    connections: int = 50,
    duration: float = 10.0,
    workdir: Path,
    paths: Sequence[str] = (),
) -> LoadResult:
    """Load http://127.0.0.1:<port><path>; the client always runs in a separate process.
    With `paths`, the requests go to those paths in turn instead (each connection of the
    fallback generator keeps to one; wrk's two threads take half of them each, in turn)."""
    headers = dict(headers or {})
    if _wrk_path():
        return _wrk(port, path, method, body, headers, connections, duration, workdir, paths)
    args = [
        sys.executable,
        "-m",
        "tests.perf.loadgen",
        "--port",
        str(port),
        "--path",
        path,
        "--method",
        method,
        "--body",
        body,
        "--connections",
        str(connections),
        "--duration",
        str(duration),
    ]
    for extra in paths:
        args += ["--path-in-turn", extra]
    for name, value in headers.items():
        args += ["--header", f"{name}: {value}"]
    done = subprocess.run(
        args,
        capture_output=True,
        text=True,
        timeout=duration + 60,
        cwd=Path(__file__).resolve().parents[2],
    )
    if done.returncode != 0:
        raise RuntimeError(f"load generator failed: {done.stderr[-2000:]}")
    return LoadResult(**json.loads(done.stdout.strip().splitlines()[-1]))


def _lua_string(text: str) -> str:
    return json.dumps(text)  # a JSON string literal is a valid Lua string literal here


_WRK_DONE = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "WRKJSON {\\"requests\\":%d,\\"duration_us\\":%d,\\"p50_us\\":%d,\\"p99_us\\":%d,\\"errors\\":%d}\\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.connect + e.read + e.write + e.status + e.timeout))
end
"""


_WRK_PATHS = """
paths = {PATHS}
threads = 0
setup = function(thread)
  thread:set("id", threads)
  threads = threads + 1
end
counter = 0
request = function()
  local half = math.max(1, math.floor(#paths / 2))
  counter = counter + 1
  return wrk.format(nil, paths[((id or 0) % 2) * half + (counter % half) + 1])
end
"""


def _wrk(
    port: int,
    path: str,
    method: str,
    body: str,
    headers: dict[str, str],
    connections: int,
    duration: float,
    workdir: Path,
    paths: Sequence[str] = (),
) -> LoadResult:
    lines = [f"wrk.method = {_lua_string(method)}"]
    if body:
        lines.append(f"wrk.body = {_lua_string(body)}")
    for name, value in headers.items():
        lines.append(f"wrk.headers[{_lua_string(name)}] = {_lua_string(value)}")
    if paths:
        listed = ", ".join(_lua_string(p) for p in paths)
        lines.append(_WRK_PATHS.replace("PATHS", listed))
    with tempfile.NamedTemporaryFile(
        "w", suffix=".lua", dir=workdir, delete=False, encoding="utf-8"
    ) as script:
        script.write("\n".join(lines) + "\n" + _WRK_DONE)
    try:
        args = [
            "wrk",
            "-t2",
            f"-c{connections}",
            f"-d{max(1, round(duration))}s",
            "--timeout",
            "10s",
            "-s",
            script.name,
            f"http://{LOCALHOST}:{port}{path}",
        ]
        done = subprocess.run(args, capture_output=True, text=True, timeout=duration + 60)
    finally:
        Path(script.name).unlink(missing_ok=True)
    for line in done.stdout.splitlines():
        if line.startswith("WRKJSON "):
            raw = json.loads(line[len("WRKJSON ") :])
            seconds = raw["duration_us"] / 1e6
            return LoadResult(
                tool="wrk",
                requests=raw["requests"],
                seconds=seconds,
                rps=raw["requests"] / seconds if seconds else 0.0,
                p50_ms=raw["p50_us"] / 1000,
                p99_ms=raw["p99_us"] / 1000,
                errors=raw["errors"],
            )
    raise RuntimeError(f"wrk gave no result (exit {done.returncode}): {done.stderr[-2000:]}")


# --- the fallback generator (runs in its own process) -------------------------------------


async def _connection_loop(
    port: int, request: bytes, deadline: float, latencies: list[float], errors: list[int]
) -> None:
    reader: asyncio.StreamReader | None = None
    writer: asyncio.StreamWriter | None = None
    while time.monotonic() < deadline:
        try:
            if writer is None:
                reader, writer = await asyncio.open_connection(LOCALHOST, port)
            assert reader is not None
            start = time.perf_counter()
            writer.write(request)
            status, keep_alive = await asyncio.wait_for(_read_response(reader), timeout=10)
            latencies.append(time.perf_counter() - start)
            if status >= 400:
                errors[0] += 1
            if not keep_alive:
                writer.close()
                writer = None
        except (OSError, TimeoutError, asyncio.IncompleteReadError, ValueError):
            errors[0] += 1
            if writer is not None:
                writer.close()
            writer = None
            await asyncio.sleep(0.01)
    if writer is not None:
        writer.close()


async def _read_response(reader: asyncio.StreamReader) -> tuple[int, bool]:
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    fields = {}
    for line in lines[1:]:
        if ":" in line:
            name, value = line.split(":", 1)
            fields[name.strip().lower()] = value.strip().lower()
    if fields.get("transfer-encoding") == "chunked":
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
            await reader.readexactly(size + 2)
            if size == 0:
                break
    else:
        await reader.readexactly(int(fields.get("content-length", "0")))
    return status, fields.get("connection") != "close"


def _request_bytes(args: argparse.Namespace, path: str) -> bytes:
    body = args.body.encode()
    head = [f"{args.method} {path} HTTP/1.1", f"Host: {LOCALHOST}:{args.port}"]
    head += args.header
    if body:
        head.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(head) + "\r\n\r\n").encode() + body


async def _generate(args: argparse.Namespace) -> LoadResult:
    requests = [_request_bytes(args, path) for path in args.path_in_turn or [args.path]]
    latencies: list[float] = []
    errors = [0]
    start = time.monotonic()
    deadline = start + args.duration
    await asyncio.gather(
        *(
            _connection_loop(args.port, requests[i % len(requests)], deadline, latencies, errors)
            for i in range(args.connections)
        )
    )
    seconds = time.monotonic() - start
    latencies.sort()

    def pct(p: float) -> float:
        if not latencies:
            return 0.0
        return latencies[min(len(latencies) - 1, int(p / 100 * len(latencies)))] * 1000

    return LoadResult(
        tool="python",
        requests=len(latencies),
        seconds=seconds,
        rps=len(latencies) / seconds,
        p50_ms=pct(50),
        p99_ms=pct(99),
        errors=errors[0],
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--path", required=True)
    parser.add_argument("--method", default="GET")
    parser.add_argument("--body", default="")
    parser.add_argument("--header", action="append", default=[])
    parser.add_argument("--path-in-turn", action="append", default=[], help="paths taken in turn")
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--duration", type=float, default=10.0)
    args = parser.parse_args()
    try:
        import uvloop  # installed with uvicorn[standard]

        uvloop.install()
    except ImportError:
        pass
    result = asyncio.run(_generate(args))
    print(json.dumps(asdict(result)))


if __name__ == "__main__":
    main()
