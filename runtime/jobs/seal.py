"""The seal job: render, sign and store an envelope's PDF, then mark it completed.

Rendering and signing are CPU-bound, so they run in a process pool (or a thread when
`seal_processes` is 0). The file is written before the row that points at it, and the
envelope becomes `completed` in the same transaction that records the file.

The job is idempotent (an envelope with a sealed file is left alone) and its state is
visible: `seal_status` says pending / sealed / failed and why, `retry_seal` runs a failed
seal again, and `reconcile_seals` queues a seal for any envelope that would otherwise stay
stuck (all recipients done, no sealed file, no seal job waiting or running).
"""

from __future__ import annotations

import asyncio
import uuid
from concurrent.futures import Executor
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from runtime import audit
from runtime.clock import iso, utcnow
from runtime.database import transaction
from runtime.envelopes.states import ACTIVE_ENVELOPE, RECIPIENT_DONE, move_envelope
from runtime.file_names import sealed_pdf_name
from runtime.files import store_bytes
from runtime.jobs.queue import enqueue
from runtime.jobs.seal_input import build_seal_input
from runtime.sealing.inputs import SealInput, SealOptions
from runtime.settings import Settings
from runtime.tables import Envelope, Job, Recipient

if TYPE_CHECKING:
    from runtime.sealing.pipeline import SealResult


def seal_options(settings: Settings) -> SealOptions:
    return SealOptions(
        tsa_url=settings.tsa_url,
        tsa_ca_file=settings.tsa_ca_file,
        tsa_timeout_seconds=settings.tsa_timeout_seconds,
        tsa_max_skew_seconds=settings.tsa_max_skew_minutes * 60,
        ltv=settings.seal_ltv,
        render_seconds=settings.seal_render_seconds,
    )


def _seal(seal_input: SealInput, settings: Settings) -> SealResult:
    """Runs in a seal process (or thread). WeasyPrint and pyHanko load here, not at the top:
    `formseal` commands and the pages that only read seal status import this module."""
    from jinja2 import TemplateError

    from runtime.sealing.freshness import code_changed_since_start, stale_process_error
    from runtime.sealing.pipeline import seal_document

    try:
        return seal_document(
            seal_input,
            keys_dir=settings.keys_dir,
            themes_dir=settings.themes_dir,
            theme=settings.theme,
            options=seal_options(settings),
        )
    except TemplateError as exc:  # templates newer than this process's code: the worker
        if code_changed_since_start():  # restarts its seal processes (runtime/jobs/worker.py)
            raise stale_process_error(exc) from None
        raise


async def seal_envelope(
    settings: Settings, envelope_id: uuid.UUID, executor: Executor | None
) -> None:
    """Seal once: an envelope that already has its sealed file is left alone."""
    envelope = (
        await Envelope.select().where(Envelope.id == envelope_id).output(load_json=True).first()
    )
    if envelope is None or envelope["sealed_file"] is not None:
        return
    seal_input = await build_seal_input(settings, envelope)
    loop = asyncio.get_running_loop()
    result: SealResult = await loop.run_in_executor(executor, _seal, seal_input, settings)
    async with transaction():
        stored = await store_bytes(
            settings,
            envelope["organisation"],
            "sealed_pdf",
            result.pdf,
            content_type="application/pdf",
            # the name it downloads with: admin screens and exports show it
            original_name=sealed_pdf_name(seal_input.template_name, envelope_id),
        )
        await move_envelope(
            envelope,
            "completed",
            data={"sha256": result.sha256, "document_sha256": result.document_sha256},
            changes={Envelope.sealed_file: stored.id},
        )
    await audit.record(
        envelope["organisation"],
        "envelope.sealed",
        envelope_id=envelope_id,
        data={"file_id": str(stored.id), "sha256": result.sha256},
    )


def seal_job_key(envelope_id: uuid.UUID | str) -> str:
    return f"seal:{envelope_id}"


@dataclass(frozen=True)
class SealStatus:
    """What an admin needs to know about one envelope's seal."""

    state: str
    """waiting (recipients still acting), pending (queued, running or retrying after an
    error), failed (gave up, or finished without a file) or sealed."""
    reason: str = ""
    attempts: int = 0
    max_attempts: int = 0
    next_attempt_at: str | None = None
    job_id: int | None = None
    retrying: bool = False
    """pending after a failed attempt: the queue tries again by itself (at next_attempt_at)."""


async def _envelope(envelope_id: uuid.UUID) -> dict[str, Any]:
    row = (
        await Envelope.select(
            Envelope.id, Envelope.organisation, Envelope.status, Envelope.sealed_file
        )
        .where(Envelope.id == envelope_id)
        .first()
    )
    if row is None:
        raise LookupError(f"no envelope {envelope_id}")
    return row


async def _waiting_for(envelope_ids: list[uuid.UUID]) -> set[uuid.UUID]:
    """Envelopes (of those given) with an acting recipient who is not done yet."""
    waiting: set[uuid.UUID] = set()
    for start in range(0, len(envelope_ids), 500):
        rows = await Recipient.select(Recipient.envelope).where(
            Recipient.envelope.is_in(envelope_ids[start : start + 500])
            & (Recipient.kind != "cc")
            & Recipient.status.not_in(list(RECIPIENT_DONE))
        )
        waiting.update(r["envelope"] for r in rows)
    return waiting


async def _job(envelope_id: uuid.UUID) -> dict[str, Any] | None:
    return await Job.select().where(Job.dedupe_key == seal_job_key(envelope_id)).first()


async def seal_status(envelope_id: uuid.UUID) -> SealStatus:
    """pending / sealed / failed (and waiting), with the reason in words."""
    envelope = await _envelope(envelope_id)
    if envelope["sealed_file"] is not None:
        return SealStatus("sealed", "The sealed PDF is stored.")
    job = await _job(envelope_id)
    if job is None:
        if envelope["status"] not in ACTIVE_ENVELOPE:
            return SealStatus("waiting", f"The envelope is {envelope['status']}; it is not sealed.")
        if await _waiting_for([envelope_id]):
            return SealStatus("waiting", "Recipients are still to act.")
        return SealStatus(
            "pending",
            "Every recipient is done but no seal job exists; reconcile_seals() queues one.",
        )
    common = {
        "attempts": job["attempts"],
        "max_attempts": job["max_attempts"],
        "job_id": job["id"],
    }
    from runtime.jobs.stuck import reason_in_words

    # in words, as the Problems page says it: without "runtime.sealing.inputs.SealingError: "
    error = reason_in_words(job, None) if (job["last_error"] or "").strip() else ""
    if job["status"] == "failed":
        return SealStatus("failed", error or "The seal job failed.", **common)
    if job["status"] == "done":
        return SealStatus(
            "failed", "The seal job finished but no sealed file was recorded.", **common
        )
    if job["status"] == "running":
        return SealStatus("pending", "Sealing now.", retrying=bool(error), **common)
    reason = "Queued."
    if error:
        if job["attempts"]:
            reason = (
                f"Queued again after an error (attempt {job['attempts']} of "
                f"{job['max_attempts']}): {error}"
            )
        else:
            reason = f"Queued to try again; the last error was: {error}"
    return SealStatus(
        "pending",
        reason,
        next_attempt_at=iso(job["run_after"]),
        retrying=bool(error),
        **common,
    )


async def _requeue(job_id: int) -> bool:
    """Reset a finished or failed job (its dedupe key blocks a new one) to run now.

    Only a job that is not queued or running is touched, so a worker holding it keeps it.
    """
    moved = (
        await Job.update(
            {
                Job.status: "queued",
                Job.attempts: 0,
                Job.run_after: utcnow(),
                Job.locked_until: None,
                Job.locked_by: "",
                Job.finished_at: None,
            }
        )
        .where((Job.id == job_id) & Job.status.is_in(["done", "failed"]))
        .returning(Job.id)
    )
    return bool(moved)


async def retry_seal(envelope_id: uuid.UUID, *, actor: str = "admin") -> bool:
    """Run the seal again now; False when there is nothing to retry (sealed, or not ready)."""
    envelope = await _envelope(envelope_id)
    if envelope["sealed_file"] is not None or envelope["status"] not in ACTIVE_ENVELOPE:
        return False
    if await _waiting_for([envelope_id]):
        return False
    job = await _job(envelope_id)
    if job is None:
        await enqueue(
            "seal",
            {"envelope_id": str(envelope_id)},
            organisation_id=envelope["organisation"],
            dedupe_key=seal_job_key(envelope_id),
        )
    elif job["status"] == "running":
        return True
    elif job["status"] == "queued":  # waiting out a back-off: run it now
        moved = (
            await Job.update({Job.run_after: utcnow()})
            .where((Job.id == job["id"]) & (Job.status == "queued"))
            .returning(Job.id)
        )
        if not moved or not job["last_error"]:
            return True  # a worker took it meanwhile, or nothing had failed: nothing to record
    elif not await _requeue(job["id"]):
        return True  # a worker took it meanwhile
    await audit.record(
        envelope["organisation"],
        "envelope.seal_retried",
        envelope_id=envelope_id,
        actor=actor,
        data={"previous_error": (job or {}).get("last_error", "")[:500]},
    )
    return True


async def reconcile_seals(*, include_failed: bool = False) -> list[uuid.UUID]:
    """Queue a seal for every envelope that would otherwise never be sealed.

    That is: active, no sealed file, every acting recipient done, and no seal job queued or
    running. A job marked done without a file is queued again. A failed job is left for an
    admin (its reason is in seal_status) unless ``include_failed``.
    """
    rows = await Envelope.select(Envelope.id, Envelope.organisation).where(
        Envelope.status.is_in(list(ACTIVE_ENVELOPE)) & Envelope.sealed_file.is_null()
    )
    ids = [r["id"] for r in rows]
    owner = {r["id"]: r["organisation"] for r in rows}
    waiting = await _waiting_for(ids)
    ready = [i for i in ids if i not in waiting]
    queued: list[uuid.UUID] = []
    for envelope_id in ready:
        job = await _job(envelope_id)
        if job is None:
            payload = {"envelope_id": str(envelope_id)}
            key = seal_job_key(envelope_id)
            if await enqueue("seal", payload, organisation_id=owner[envelope_id], dedupe_key=key):
                queued.append(envelope_id)
        elif (
            job["status"] == "done" or (include_failed and job["status"] == "failed")
        ) and await _requeue(job["id"]):
            queued.append(envelope_id)
    return queued


async def seal_report(envelope_id: uuid.UUID) -> dict[str, Any]:
    """The `seal` of the API's envelope: what happens to its sealed PDF, in one word, so a
    client polling `sealed` knows when to stop. `state` is `waiting` (recipients still to
    act), `sealing` (queued or running), `retrying` (an attempt failed; tried again by
    itself at `next_attempt_at`), `failed` (gave up: an administrator retries it on the
    Problems page or with `formseal seals retry`), `sealed`, or `never` (declined,
    voided or expired first). `error` is the last failure in words while it matters."""
    from runtime.jobs.stuck import reason_in_words

    envelope = await _envelope(envelope_id)
    status = await seal_status(envelope_id)
    state = {"pending": "retrying" if status.retrying else "sealing"}.get(
        status.state, status.state
    )
    if envelope["sealed_file"] is None and envelope["status"] in ("declined", "voided", "expired"):
        state = "never"
    job = await _job(envelope_id) if state in ("retrying", "failed") else None
    return {
        "state": state,
        "attempts": status.attempts,
        "max_attempts": status.max_attempts,
        "next_attempt_at": status.next_attempt_at if state == "retrying" else None,
        "error": reason_in_words(job, "failed") if job else None,
    }
