"""Who tried a failed job again from Settings → Problems, and which: one audit event per
actual re-queue (runtime/jobs/problems.py calls this in the re-queue's transaction; an
"already queued" answer records nothing).

An administrator who sends something to a customer again is accountable for it, as for a
seal retry (`envelope.seal_retried`). A mail to a signer belongs to its envelope, so its
retry goes on the envelope's timeline next to the `mail.sent` that follows; a webhook
delivery belongs to the organisation's endpoint (integration plumbing, not evidence of the
signing), so it goes on the organisation's trail with the envelope's id, as does anything
else (a bulk send, an invitation to the designer).
"""

import uuid
from typing import Any

from runtime import audit

MAIL_RETRIED = "mail.retried"
WEBHOOK_RETRIED = "webhook.delivery_retried"
JOB_RETRIED = "job.retried"


async def record_retry(
    organisation_id: uuid.UUID,
    job: dict[str, Any],
    *,
    what: str,
    envelope_id: uuid.UUID | None,
    to: str,
    delivery: dict[str, Any] | None,
    mail: bool,
    actor: str,
) -> None:
    """`what` is the Problems page's name for the job ("Invitation email to ana@… for
    “NDA”"), kept so the trail reads the same words whatever the job's rows become."""
    data: dict[str, Any] = {"job": job["id"], "what": what}
    if delivery is not None:
        data |= {"url": delivery["url"], "event_type": delivery["event_type"]}
        if envelope_id is not None:
            data["envelope_id"] = str(envelope_id)
        await audit.record(organisation_id, WEBHOOK_RETRIED, actor=actor, data=data)
        return
    if mail:
        data |= {"mail": str((job["payload"] or {}).get("mail", "")), "to": to}
        await audit.record(
            organisation_id, MAIL_RETRIED, envelope_id=envelope_id, actor=actor, data=data
        )
        return
    await audit.record(organisation_id, JOB_RETRIED, actor=actor, data=data)
