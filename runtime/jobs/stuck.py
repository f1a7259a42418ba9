"""Envelopes that are not moving: a seal or an organisation auto-sign that failed, keeps
failing, or has waited too long. What `formseal seals` and the envelope's page show;
Settings → Problems lists them with the other failed work (runtime/jobs/problems.py).

A job's organisation is its envelope's, so every list and retry is scoped through the
envelope: another organisation's envelope is simply not found.
"""

import datetime as dt
import re
import uuid
from dataclasses import dataclass
from typing import Any

from runtime import audit
from runtime.clock import iso, utcnow
from runtime.errors import NotFound
from runtime.jobs.queue import restart_failed
from runtime.tables import Envelope, Job, Recipient, TemplateVersion

OUTCOMES = {
    "sealed": "The envelope is already sealed; nothing to retry.",
    "stamp": "The company stamp will be applied again now.",
    "seal": "The seal was queued again; it runs as soon as a job worker takes it.",
    "nothing": "Nothing to retry: recipients are still to act.",
}
"""What `retry_envelope` did, by the code it returns."""
PENDING_TOO_LONG = dt.timedelta(minutes=15)
"""A seal still queued or running this long after it was queued is listed too."""
KINDS = ("seal", "auto_sign")
LIMIT = 500


@dataclass(frozen=True)
class StuckEnvelope:
    envelope_id: uuid.UUID
    template_name: str
    kind: str
    """seal, or auto_sign (the organisation's company stamp)."""
    state: str
    """failed (gave up), retrying (failed, will try again) or slow (pending too long)."""
    reason: str
    attempts: int
    max_attempts: int
    next_run_at: str | None
    queued_at: str | None

    @property
    def what(self) -> str:
        return "Sealing" if self.kind == "seal" else "Company stamp (auto-sign)"


_EXCEPTION_NAME = re.compile(
    r"^(?:[A-Za-z_]\w*\.)+[A-Za-z_]\w*: |^[A-Za-z_]\w*(?:Error|Exception): "
)


def reason_in_words(job: dict[str, Any], state: str | None) -> str:
    """The last error as people read it: without the Python exception's dotted name."""
    text = _EXCEPTION_NAME.sub("", (job["last_error"] or "").strip())
    return text or ("Waiting for a worker." if state == "slow" else "No reason was recorded.")


def _stuck(job: dict[str, Any], now: dt.datetime) -> str | None:
    if job["status"] == "failed":
        return "failed"
    if job["status"] == "queued" and job["last_error"]:
        return "retrying"
    if job["status"] in ("queued", "running") and job["created_at"] < now - PENDING_TOO_LONG:
        return "slow"
    return None


def _stuck_envelope(
    envelope_id: uuid.UUID, template_name: str, job: dict[str, Any], state: str
) -> StuckEnvelope:
    return StuckEnvelope(
        envelope_id=envelope_id,
        template_name=template_name,
        kind=job["kind"],
        state=state,
        reason=reason_in_words(job, state),
        attempts=job["attempts"],
        max_attempts=job["max_attempts"],
        next_run_at=iso(job["run_after"]) if job["status"] == "queued" else None,
        queued_at=iso(job["created_at"]),
    )


async def envelope_of(job: dict[str, Any]) -> uuid.UUID | None:
    """The envelope a seal or auto_sign job is about (None when its payload is broken)."""
    payload = job["payload"] or {}
    try:
        if job["kind"] == "seal":
            return uuid.UUID(str(payload["envelope_id"]))
        row = (
            await Recipient.select(Recipient.envelope)
            .where(Recipient.id == uuid.UUID(str(payload["recipient_id"])))
            .first()
        )
    except (KeyError, ValueError):
        return None
    return row["envelope"] if row else None


async def envelope_problem(envelope_id: uuid.UUID) -> StuckEnvelope | None:
    """The failed or retrying seal / auto-sign job of one envelope, for its page."""
    # Here, not at the top: failure_mail.py, which every entry point imports (through the
    # designer), needs only the light part of this module, not the seal job's imports.
    from runtime.jobs.seal import seal_job_key

    keys = [seal_job_key(envelope_id)] + [
        f"auto-sign:{r['id']}"
        for r in await Recipient.select(Recipient.id).where(Recipient.envelope == envelope_id)
    ]
    envelope = await _scoped(None, envelope_id)
    if envelope is None or envelope["sealed_file"] is not None:
        return None
    now = utcnow()
    for job in await Job.select().where(Job.dedupe_key.is_in(keys)).output(load_json=True):
        state = _stuck(job, now)
        if state in ("failed", "retrying"):
            return _stuck_envelope(envelope_id, "", job, state)
    return None


async def stuck_envelopes(organisation_id: uuid.UUID | None) -> list[StuckEnvelope]:
    """Failed first, then retrying, then slow; `None` lists every organisation (the CLI)."""
    now = utcnow()
    jobs = (
        await Job.select()
        .where(Job.kind.is_in(list(KINDS)) & Job.status.is_in(["queued", "running", "failed"]))
        .order_by(Job.id)
        .limit(LIMIT)
        .output(load_json=True)
    )
    candidates = [(j, state) for j in jobs if (state := _stuck(j, now))]
    found: list[StuckEnvelope] = []
    for job, state in candidates:
        envelope_id = await envelope_of(job)
        if envelope_id is None:
            continue
        envelope = await _scoped(organisation_id, envelope_id)
        if envelope is None or envelope["sealed_file"] is not None:
            continue
        name = await _template_name(envelope["template_version"])
        found.append(_stuck_envelope(envelope_id, name, job, state))
    order = {"failed": 0, "retrying": 1, "slow": 2}
    return sorted(found, key=lambda s: (order[s.state], s.queued_at or ""))


async def _scoped(organisation_id: uuid.UUID | None, envelope_id: uuid.UUID) -> dict | None:
    where: Any = Envelope.id == envelope_id
    if organisation_id is not None:
        where &= Envelope.organisation == organisation_id
    return (
        await Envelope.select(
            Envelope.id, Envelope.organisation, Envelope.template_version, Envelope.sealed_file
        )
        .where(where)
        .first()
    )


async def _template_name(version_id: uuid.UUID) -> str:
    row = (
        await TemplateVersion.select(TemplateVersion.template.name.as_alias("name"))  # type: ignore[attr-defined]
        .where(TemplateVersion.id == version_id)
        .first()
    )
    return row["name"] if row else ""


async def retry_envelope(
    organisation_id: uuid.UUID | None, envelope_id: uuid.UUID, *, actor: str
) -> str:
    """Run the envelope's failed or waiting job again now; returns a key of OUTCOMES."""
    from runtime.jobs.seal import retry_seal

    envelope = await _scoped(organisation_id, envelope_id)
    if envelope is None:
        raise NotFound(f"No envelope with id {envelope_id}.")
    if envelope["sealed_file"] is not None:
        return "sealed"
    waiting = await Recipient.select(Recipient.id).where(
        (Recipient.envelope == envelope_id) & (Recipient.status == "notified")
    )
    for r in waiting:
        job = await Job.select().where(Job.dedupe_key == f"auto-sign:{r['id']}").first()
        if job is not None and await _run_now(job):
            await audit.record(
                envelope["organisation"],
                "envelope.auto_sign_retried",
                envelope_id=envelope_id,
                actor=actor,
                data={"previous_error": (job["last_error"] or "")[:500]},
            )
            return "stamp"
    return "seal" if await retry_seal(envelope_id, actor=actor) else "nothing"


async def _run_now(job: dict[str, Any]) -> bool:
    """A failed job starts over; a queued one runs now. A running one is left to its worker."""
    now = utcnow()
    if job["status"] == "queued":
        await Job.update({Job.run_after: now}).where(
            (Job.id == job["id"]) & (Job.status == "queued")
        )
        return True
    return await restart_failed(job["id"])


__all__ = ["StuckEnvelope", "envelope_problem", "retry_envelope", "stuck_envelopes"]
