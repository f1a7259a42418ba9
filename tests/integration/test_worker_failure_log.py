"""What the worker's log says when a job fails: whether it is tried again, and when
(docs/deploy.md, Logs). Every failure read "job 15 (mail) failed: …" as an error, so an
operator could not tell an SMTP server down for a minute from a mail that will never go."""

import logging
from dataclasses import replace
from typing import Any

import pytest
from litestar.testing import AsyncTestClient

from runtime.jobs import queue
from runtime.jobs.registry import EXTRA_HANDLERS
from runtime.jobs.worker import Worker
from runtime.settings import Settings

KIND = "test_unreachable"


async def _unreachable(settings: Settings, payload: dict[str, Any], executor: Any) -> None:
    raise ConnectionRefusedError("Error connecting to 127.0.0.1 on port 25")


async def _forbidden(settings: Settings, payload: dict[str, Any], executor: Any) -> None:
    raise queue.PermanentJobError("the address is not allowed")


def _worker_lines(caplog: pytest.LogCaptureFixture) -> list[tuple[str, str]]:
    return [(r.levelname, r.getMessage()) for r in caplog.records if r.name == "formseal.worker"]


async def test_a_failed_job_says_when_it_is_tried_again_and_when_it_gave_up(
    client: AsyncTestClient,
    settings: Settings,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(EXTRA_HANDLERS, KIND, _unreachable)
    worker = Worker(replace(settings, job_retry_seconds=0.0, seal_processes=0))
    await queue.enqueue(KIND, {}, organisation_id=None, max_attempts=2)
    with caplog.at_level(logging.INFO, logger="formseal.worker"):
        assert await worker.run_one()
        assert await worker.run_one()
    (first_level, first), (last_level, last) = _worker_lines(caplog)
    assert first_level == "WARNING" and first.endswith(
        f"({KIND}) failed (attempt 1 of 2; next in 0 s): Error connecting to 127.0.0.1 on port 25"
    )
    assert last_level == "ERROR" and last.endswith(
        f"({KIND}) failed for good after 2 attempts: Error connecting to 127.0.0.1 on port 25"
    )


async def test_a_job_that_retrying_cannot_help(
    client: AsyncTestClient,
    settings: Settings,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(EXTRA_HANDLERS, KIND, _forbidden)
    worker = Worker(replace(settings, seal_processes=0))
    await queue.enqueue(KIND, {}, organisation_id=None)
    with caplog.at_level(logging.INFO, logger="formseal.worker"):
        assert await worker.run_one()
    [(level, line)] = _worker_lines(caplog)
    assert level == "ERROR"
    assert line.endswith(
        f"({KIND}) failed for good (retrying cannot help): the address is not allowed"
    )
