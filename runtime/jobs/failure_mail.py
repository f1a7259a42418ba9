"""Tell an organisation's administrators when its seal or company-stamp job gives up.

The worker calls `job_gave_up` once a job is marked failed for good (after its retries, or
at once for a permanent error). For a `seal` or `auto_sign` job, one `seal_failed` mail is
queued per administrator (themes/<theme>/email/seal_failed.txt/.html) with the envelope id,
the template, the reason and a link to Settings → Problems (seals only), where they retry it; the
envelope's audit trail records `envelope.seal_failed` (or `envelope.auto_sign_failed`) with
the attempts and the reason, which its timeline shows to senders in words. The mail
job words it in each administrator's language for mails, else the template's
(runtime/mail/jobs.py `_language`), the reason too where formseal worded it
(runtime/i18n/reasons.py); here it stays English, as the Problems page shows it.

Administrators are designer users, and `runtime/` never imports `designer/`
(docs/architecture.md): the designer registers how to list them (`register_admins`, done
when the `designer` package is imported, which every entry point does). Without it nobody
can be mailed, and a warning is logged.
"""

import hashlib
import logging
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

from runtime import audit
from runtime.jobs.queue import enqueue
from runtime.jobs.stuck import KINDS, envelope_of, reason_in_words
from runtime.tables import Envelope, TemplateVersion

log = logging.getLogger("formseal.jobs")

AdminLookup = Callable[[uuid.UUID], Awaitable[list[tuple[str, str]]]]
"""organisation id -> [(name, email)] of its active administrators."""

ADMIN_PAGE = "/designer/settings/problems?show=seals"
"""Settings → Problems, seals and company stamps only: where the mail's reader retries it."""
_admins: AdminLookup | None = None


def register_admins(lookup: AdminLookup) -> None:
    global _admins
    _admins = lookup


def admin_lookup() -> AdminLookup | None:
    """The registered look-up (runtime/stamps/waiting.py mails the administrators too)."""
    return _admins


async def job_gave_up(base_url: str, job: dict[str, Any]) -> int:
    """Queue the `seal_failed` mails for a job that will not be retried; returns how many."""
    if job["kind"] not in KINDS:
        return 0
    envelope_id = await envelope_of(job)
    envelope = (
        await Envelope.select(Envelope.id, Envelope.organisation, Envelope.template_version)
        .where(Envelope.id == envelope_id)
        .first()
        if envelope_id
        else None
    )
    if envelope is None:
        return 0
    # the envelope's timeline says so too ("Sealing failed: the administrators were told")
    await audit.record(
        envelope["organisation"],
        "envelope.seal_failed" if job["kind"] == "seal" else "envelope.auto_sign_failed",
        envelope_id=envelope["id"],
        actor="formseal",
        data={"attempts": job["attempts"], "error": reason_in_words(job, "failed")[:500]},
    )
    if _admins is None:
        log.warning("job %s failed but no administrator directory is registered", job["id"])
        return 0
    version = (
        await TemplateVersion.select(TemplateVersion.number)
        .where(TemplateVersion.id == envelope["template_version"])
        .first()
    )
    failure = {
        "what": "seal" if job["kind"] == "seal" else "stamp",
        "reason": reason_in_words(job, "failed"),
        "attempts": job["attempts"],
        "version": version["number"] if version else "",
        "url": base_url.rstrip("/") + ADMIN_PAGE,
    }
    queued = 0
    for name, email in await _admins(envelope["organisation"]):
        # One mail per failure and administrator: the claim's lease end differs on every run,
        # so a retry by hand that fails again mails again.
        run = f"{job['id']}:{job['attempts']}:{job['locked_until']}:{email}"
        key = "seal-failed:" + hashlib.sha256(run.encode()).hexdigest()
        payload = {
            "mail": "seal_failed",
            "envelope_id": str(envelope["id"]),
            "to_name": name,
            "to_email": email,
            "failure": failure,
        }
        queued += await enqueue(
            "mail", payload, organisation_id=envelope["organisation"], dedupe_key=key
        )
    return queued
