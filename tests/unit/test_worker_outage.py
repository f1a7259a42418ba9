"""A worker while the database is away (PostgreSQL restarting, network cut): one warning
when it goes, one when it is back, waits that grow; not a traceback every poll."""

import asyncio
import logging
from pathlib import Path

import asyncpg.exceptions as pg
import pytest

from runtime.jobs import worker as worker_module
from runtime.jobs.worker import OUTAGE_MAX_WAIT_SECONDS, Outage, Worker
from runtime.settings import Settings


def test_the_wait_doubles_up_to_a_ceiling() -> None:
    outage = Outage()
    waits = [outage.failed(ConnectionRefusedError(), 0.5) for _ in range(12)]
    assert waits[:3] == [1.0, 2.0, 4.0]
    assert waits[-1] == OUTAGE_MAX_WAIT_SECONDS and max(waits) == OUTAGE_MAX_WAIT_SECONDS
    outage.over()
    assert outage.failed(ConnectionRefusedError(), 0.5) == 1.0  # a new outage starts short


@pytest.mark.parametrize(
    "error",
    [
        ConnectionRefusedError(111, "Connect call failed"),
        # the database dropped or renamed, the user's password changed, while formseal runs:
        # these logged "worker loop error" with a traceback twice a second
        pg.InvalidCatalogNameError('database "formseal" does not exist'),
        pg.InvalidPasswordError('password authentication failed for user "formseal"'),
    ],
    ids=["refused", "database-gone", "password-changed"],
)
async def test_an_outage_is_logged_once_and_its_end_once(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    error: Exception,
) -> None:
    waits = await _run_through(tmp_path, monkeypatch, caplog, [error] * 5)
    lines = [r for r in caplog.records if r.name == "formseal.worker"]
    assert [r.levelname for r in lines] == ["WARNING", "WARNING"], [r.message for r in lines]
    assert lines[0].message.startswith("database unavailable (")
    assert f"{type(error).__name__}: {error}): jobs wait;" in lines[0].message
    assert lines[1].message.startswith("database available again after ")
    assert not any(r.exc_info for r in lines)  # no traceback
    assert waits[:5] == [0.2, 0.4, 0.8, 1.6, 3.2]  # growing, from a floor of 0.1 s


async def _run_through(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    errors: list[Exception],
) -> list[float]:
    """A worker's loop whose polls raise `errors`, then find nothing and stop; returns the
    waits between polls (waited for no time)."""
    settings = Settings(
        var_dir=tmp_path, secret_key="outage-" + "x" * 40, seal_processes=0, worker_poll_seconds=0
    )
    worker = Worker(settings)
    results: list[object] = [*errors, False]
    calls = 0
    waits: list[float] = []

    async def run_one() -> bool:
        nonlocal calls
        calls += 1
        result = results[min(calls, len(results)) - 1]
        if isinstance(result, Exception):
            raise result
        worker.stop()
        return False

    async def sweep() -> None:
        return None

    real_wait_for = asyncio.wait_for

    async def quick_wait_for(awaitable, timeout):  # type: ignore[no-untyped-def]
        waits.append(timeout)
        return await real_wait_for(awaitable, 0)

    monkeypatch.setattr(worker, "run_one", run_one)
    monkeypatch.setattr(worker, "_sweep", sweep)
    monkeypatch.setattr(worker_module.asyncio, "wait_for", quick_wait_for)
    with caplog.at_level(logging.INFO, logger="formseal.worker"):
        await worker.run_forever()
    return waits


async def test_any_other_loop_error_is_logged_once_with_its_traceback_and_waits_grow(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """e.g. a restore made as postgres without --no-owner: "permission denied for table job"
    at every poll logged "worker loop error" and its traceback twice a second, for good."""
    denied = pg.InsufficientPrivilegeError("permission denied for table job")
    waits = await _run_through(tmp_path, monkeypatch, caplog, [denied] * 5)
    lines = [r for r in caplog.records if r.name == "formseal.worker"]
    assert [r.levelname for r in lines] == ["ERROR", "WARNING"], [r.message for r in lines]
    assert lines[0].message == (
        "worker loop error (InsufficientPrivilegeError: permission denied for table job): "
        "jobs wait; trying again, less often, until it works"
    )
    assert lines[0].exc_info  # the traceback, once
    assert lines[1].message.startswith("worker loop works again after ")
    assert waits[:5] == [0.2, 0.4, 0.8, 1.6, 3.2]
