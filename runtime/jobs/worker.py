"""The job worker: claims jobs from the database and runs their handler.

It runs inside the web process by default (`run_worker`), or alone with `formseal worker`
when an operator runs several processes.
"""

import asyncio
import contextlib
import datetime as dt
import logging
import multiprocessing
import signal
import time
import traceback
import uuid
from collections.abc import Awaitable, Callable
from concurrent.futures import Executor, ProcessPoolExecutor
from typing import Any

from runtime.archive.jobs import retention_purge, schedule_purge
from runtime.bulk.service import run_chunk
from runtime.database import unavailable_errors
from runtime.jobs import failure_mail, queue
from runtime.jobs.heartbeat import keep_beating
from runtime.jobs.reconcile import reconcile_envelopes
from runtime.jobs.registry import EXTRA_HANDLERS
from runtime.jobs.seal import reconcile_seals, seal_envelope
from runtime.mail.jobs import expire, expiry_warning, queue_notices, remind, send_mail

# runtime/jobs/seal.py imports the sealing pipeline (WeasyPrint, pyHanko) only when it seals,
# so that `formseal` commands stay quick; the worker loads it at start, as it always did, so
# a worker sealing in a thread (FORMSEAL_SEAL_PROCESSES=0) does not pay it on its first seal.
from runtime.sealing import pipeline  # noqa: F401
from runtime.sealing.freshness import StaleSealProcess
from runtime.settings import Settings
from runtime.stamps.autosign import auto_sign
from runtime.tables import Envelope
from runtime.web import limits
from runtime.webhooks.delivery import deliver_webhook
from runtime.webhooks.delivery import gave_up as webhook_gave_up

log = logging.getLogger("formseal.worker")
RECONCILE_SECONDS = 60.0
OUTAGE_MAX_WAIT_SECONDS = 30.0


class Outage:
    """The database unreachable: one warning when it starts and one when it ends, and
    waits that double up to 30 s between tries. (Each poll used to log a traceback: two a
    second per worker, burying the journal while PostgreSQL restarted.)"""

    def __init__(self) -> None:
        self.since: float | None = None
        self.tries = 0

    def failed(self, exc: BaseException, poll: float) -> float:
        """Note a failed try; returns how long to wait before the next."""
        self.tries += 1
        if self.since is None:
            self.since = time.monotonic()
            log.warning(
                "database unavailable (%s): jobs wait; trying again, less often, until it answers",
                "".join(traceback.format_exception_only(exc)).strip(),
            )
        return min(OUTAGE_MAX_WAIT_SECONDS, max(poll, 0.1) * 2 ** min(self.tries, 10))

    def over(self) -> None:
        if self.since is not None:
            log.warning(
                "database available again after %.0f s: jobs resume", time.monotonic() - self.since
            )
        self.since, self.tries = None, 0


class Trouble(Outage):
    """Any other error of the loop itself (not of a job), such as "permission denied for
    table job" after a restore made as another database user: its traceback once (again
    when the error changes), the same growing waits, and one line when it is over. Each
    poll used to log "worker loop error" with the traceback, twice a second, for good."""

    def __init__(self) -> None:
        super().__init__()
        self.said = ""

    def failed(self, exc: BaseException, poll: float) -> float:
        said = f"{type(exc).__name__}: {exc}"
        if said != self.said:
            self.said = said
            log.error(
                "worker loop error (%s): jobs wait; trying again, less often, until it works",
                said,
                exc_info=exc,
            )
        self.since = self.since if self.since is not None else time.monotonic()
        self.tries += 1
        return min(OUTAGE_MAX_WAIT_SECONDS, max(poll, 0.1) * 2 ** min(self.tries, 10))

    def over(self) -> None:
        if self.since is not None:
            log.warning("worker loop works again after %.0f s", time.monotonic() - self.since)
        self.since, self.tries, self.said = None, 0, ""


Handler = Callable[[Settings, dict[str, Any], Executor | None], Awaitable[None]]


async def _seal(settings: Settings, payload: dict[str, Any], executor: Executor | None) -> None:
    envelope_id = uuid.UUID(payload["envelope_id"])
    await seal_envelope(settings, envelope_id, executor)
    envelope = await Envelope.select().where(Envelope.id == envelope_id).first()
    if envelope and envelope["status"] == "completed":
        await queue_notices(envelope, "completed", only_waiting=False)


HANDLERS: dict[str, Handler] = {
    "seal": _seal,
    "mail": send_mail,
    "remind": remind,
    "expire": expire,
    "expiry_warning": expiry_warning,
    "webhook": deliver_webhook,
    "bulk_send": run_chunk,
    "retention_purge": retention_purge,
    "auto_sign": auto_sign,
}


def _log_failure(
    job: dict[str, Any], exc: Exception, *, gave_up: bool, permanent: bool, retry_seconds: float
) -> None:
    """Say whether the job is tried again and when: every failure used to read the same
    ("job 15 (mail) failed: …", an error), so the journal did not tell an SMTP server that
    was down for a minute from a mail that will never go."""
    what = f"job {job['id']} ({job['kind']}) failed"
    if permanent:
        log.error("%s for good (retrying cannot help): %s", what, exc)
    elif gave_up:
        log.error("%s for good after %d attempts: %s", what, job["attempts"], exc)
    else:
        log.warning(
            "%s (attempt %d of %d; next in %.0f s): %s",
            what,
            job["attempts"],
            job["max_attempts"],
            queue.retry_delay(job["attempts"], retry_seconds),
            exc,
        )


class Worker:
    def __init__(self, settings: Settings, kinds: tuple[str, ...] | None = None) -> None:
        self.settings = settings
        self.kinds = kinds
        self.id = queue.new_worker_id()
        self.executor: Executor | None = self._seal_processes()
        self._stopping = asyncio.Event()
        self._outage = Outage()
        self._trouble = Trouble()

    def _seal_processes(self) -> Executor | None:
        """Fresh seal processes (spawned: each imports formseal's code as it is on disk)."""
        if self.settings.seal_processes <= 0:
            return None
        return ProcessPoolExecutor(
            max_workers=self.settings.seal_processes,
            mp_context=multiprocessing.get_context("spawn"),
        )

    async def _run(self, handler: Handler, payload: dict[str, Any]) -> None:
        """The handler; when the seal processes turn out older than the PDF templates they
        read (an upgrade while they ran), once more with new ones, so no seal waits for
        someone to restart formseal."""
        try:
            await handler(self.settings, payload, self.executor)
        except StaleSealProcess as exc:
            if self.executor is None:  # sealing in this process: only a restart helps
                raise StaleSealProcess(
                    str(exc).replace(
                        "the seal processes are started again and the seal is retried",
                        "restart formseal (its worker) to load it",
                    )
                ) from None
            log.warning("%s", exc)
            old, self.executor = self.executor, self._seal_processes()
            old.shutdown(wait=False, cancel_futures=False)
            await handler(self.settings, payload, self.executor)

    async def run_one(self) -> bool:
        """Run one job if there is one; True when a job was run (successfully or not)."""
        lease = dt.timedelta(seconds=self.settings.job_lease_seconds)
        job = await queue.claim(self.id, lease, self.kinds)
        if job is None:
            return False
        handler = HANDLERS.get(job["kind"]) or EXTRA_HANDLERS.get(job["kind"])
        try:
            if handler is None:
                raise RuntimeError(f"no handler for job kind {job['kind']!r}")
            await self._run(handler, job["payload"])
        except Exception as exc:
            reason = "".join(traceback.format_exception_only(exc)).strip()
            permanent = isinstance(exc, queue.PermanentJobError)
            retry = self.settings.job_retry_seconds
            gave_up = await queue.fail(job, reason, permanent=permanent, retry_seconds=retry)
            _log_failure(job, exc, gave_up=gave_up, permanent=permanent, retry_seconds=retry)
            if gave_up:
                await self._gave_up(job, reason)
        else:
            await queue.finish(job["id"])
        return True

    async def _gave_up(self, job: dict[str, Any], reason: str) -> None:
        """A seal or stamp that failed for good: mail the organisation's administrators.
        A webhook delivery that did: its delivery log says `failed`."""
        if job["kind"] == "webhook":
            try:
                await webhook_gave_up(job["payload"])
            except Exception:
                log.exception("could not mark the delivery of job %s failed", job["id"])
        try:
            await failure_mail.job_gave_up(self.settings.base_url, {**job, "last_error": reason})
        except Exception:
            log.exception("could not queue the failure mails of job %s", job["id"])

    async def run_until_idle(self) -> int:
        """Run jobs until none is runnable; returns how many ran (used by tests and the CLI)."""
        count = 0
        while await self.run_one():
            count += 1
        return count

    async def run_forever(self) -> None:
        # "a worker runs here", once a minute, beside the jobs (runtime/jobs/heartbeat.py)
        beating = asyncio.create_task(keep_beating(self.id, self.kinds, self._stopping))
        try:
            await self._loop()
        finally:
            self._stopping.set()  # also when cancelled: the heartbeat stops and goes
            await asyncio.wait([beating], timeout=5)

    async def _loop(self) -> None:
        next_sweep = 0.0
        loop = asyncio.get_running_loop()
        while not self._stopping.is_set():
            wait = self.settings.worker_poll_seconds
            try:
                if loop.time() >= next_sweep:
                    next_sweep = loop.time() + RECONCILE_SECONDS
                    await self._sweep()
                ran = await self.run_one()
                self._outage.over()
                self._trouble.over()
            except unavailable_errors() as exc:  # restarting, network cut: wait, say it once
                ran = False
                wait = self._outage.failed(exc, wait)
                next_sweep = 0.0  # sweep first thing when it is back
            except Exception as exc:
                ran = False
                wait = self._trouble.failed(exc, wait)
            if not ran:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._stopping.wait(), wait)

    async def _sweep(self) -> None:
        """Once a minute: envelopes and seals left behind, retention, rate-limit rows."""
        try:
            await reconcile_envelopes()
            await reconcile_seals()
            await schedule_purge()
            await limits.purge()  # rate-limit counts of past minutes
        except unavailable_errors():
            raise
        except Exception:
            log.exception("reconcile sweep failed")

    async def run_until_signalled(self) -> None:
        """`formseal worker`: run until SIGTERM (systemctl stop) or Ctrl+C. The job in hand
        finishes first instead of being cut off and retried only after its lease."""
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(signum, self.stop)
        kinds = ", ".join(self.kinds) if self.kinds else "every kind"
        processes = self.settings.seal_processes
        log.info("worker started: jobs of %s, %d seal process(es)", kinds, processes)
        await self.run_forever()
        log.info("worker stopped")

    def stop(self) -> None:
        self._stopping.set()
        if self.executor is not None:
            self.executor.shutdown(wait=False, cancel_futures=True)
