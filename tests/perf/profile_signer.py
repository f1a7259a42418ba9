"""CPU time per request of the signer step page and autosave, beside the baseline app's.

Both apps run in this one process and are called through ASGI directly (no HTTP, no load
generator), in alternating blocks, so whatever else the machine is doing hits both alike:
the ratio is steady where `make bench`'s requests/s swing with the load. It is the quickest
way to see whether a change to the signer's path helped. Not part of `make bench`.

    python -m tests.perf.profile_signer [--rounds 20] [--block 100]

For where the time goes, run it under py-spy (`py-spy record -f raw -o out -- python -m
tests.perf.profile_signer`) or cProfile.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

from tests.asgi_scope import http_scope
from tests.perf.baseline_app import FIELDS
from tests.perf.bench_signer_http import LINK, SHOWN, STEP1
from tests.perf.common import ROOT
from tests.perf.formseal_process import formseal_command, formseal_env

PORT = 18123  # only written into links; nothing listens


async def _call(
    app: Any, method: str, path: str, body: bytes = b"", headers: tuple = ()
) -> tuple[int, dict[bytes, bytes], bytes]:
    """One HTTP request straight into the ASGI app."""
    scope = http_scope(method, path, list(headers), ("127.0.0.1", PORT))
    sent = False
    answer: dict[str, Any] = {"status": 0, "headers": {}, "body": b""}

    async def receive() -> dict[str, Any]:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        await asyncio.sleep(3600)
        return {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            answer["status"] = message["status"]
            answer["headers"] = dict(message.get("headers") or [])
        elif message["type"] == "http.response.body":
            answer["body"] += message.get("body", b"")

    await app(scope, receive, send)
    return answer["status"], answer["headers"], answer["body"]


async def _start(app: Any) -> None:
    inbox: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
    outbox: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
    await inbox.put({"type": "lifespan.startup"})
    lifespan = {"type": "lifespan", "asgi": {"version": "3.0"}, "state": {}}
    asyncio.get_running_loop().create_task(app(lifespan, inbox.get, outbox.put))
    started = await outbox.get()
    if started["type"] != "lifespan.startup.complete":
        raise RuntimeError(f"the app did not start: {started}")


def demo_instance(home: Path) -> str:
    """`formseal migrate` and `formseal demo` in `home`; the signing link's path."""
    env = formseal_env(home / "var", PORT)
    for step in ("migrate", "demo"):
        done = subprocess.run(
            [*formseal_command(), step], env=env, cwd=home, capture_output=True, text=True
        )
        if done.returncode != 0:
            raise RuntimeError(f"formseal {step} failed:\n{done.stdout}\n{done.stderr}")
    os.environ.update(env)
    os.environ["FORMSEAL_RUN_WORKER"] = "false"
    found = LINK.search(done.stdout)
    assert found, done.stdout
    return urlsplit(found.group(1)).path


async def measure(link: str, rounds: int, block: int, only: str = "") -> None:
    from runtime.app import create_app
    from tests.perf.baseline_app import app as baseline

    app = create_app()
    await _start(baseline)
    await _start(app)
    # In separate processes (as served) the baseline's logging set-up would not touch ours.
    logging.getLogger().handlers.clear()
    form = (b"content-type", b"application/x-www-form-urlencoded")
    status, headers, _ = await _call(app, "GET", link)
    if headers.get(b"location", b"").endswith(b"/consent"):
        await _call(app, "POST", link + "/consent", b"consent=yes", (form,))
    step = link + "/step/1"
    _, _, page = await _call(app, "GET", step)
    shown = SHOWN.search(page.decode())
    assert shown, "step 1 has no shown-keys input"
    posted = urlencode({**STEP1, "__shown": shown.group(1)}).encode()
    base_posted = urlencode({**STEP1, "__shown": " ".join(k for k, *_ in FIELDS)}).encode()
    pairs = {
        "GET": (
            (baseline, "GET", "/form", b"", ()),
            (app, "GET", step, b"", ()),
        ),
        "POST": (
            (baseline, "POST", "/form/draft", base_posted, (form,)),
            (
                app,
                "POST",
                step + "/draft",
                posted,
                ((b"hx-request", b"true"), form),
            ),
        ),
    }
    for method, sides in pairs.items():
        if only and method != only:
            continue
        times: list[list[float]] = [[], []]
        for side in sides:
            for _ in range(50):  # warm up: templates compiled, definition cached
                status, _, _ = await _call(*side)
            if status != 200:
                raise RuntimeError(f"{method} {side[2]} answered {status}")
        for _ in range(rounds):
            for i, side in enumerate(sides):
                started = time.process_time()
                for _ in range(block):
                    await _call(*side)
                times[i].append((time.process_time() - started) / block)
        base, mine = (sorted(t)[len(t) // 4] for t in times)  # lower quartile of the blocks
        print(
            f"{method}: baseline {base * 1e3:.3f} ms, signer {mine * 1e3:.3f} ms of CPU per "
            f"request; ratio {base / mine:.3f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--block", type=int, default=100)
    parser.add_argument("--only", choices=("GET", "POST"), help="measure one of the two")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    with tempfile.TemporaryDirectory(prefix="profile-signer-") as tmp:
        link = demo_instance(Path(tmp))
        asyncio.run(measure(link, args.rounds, args.block, args.only or ""))


if __name__ == "__main__":
    main()
