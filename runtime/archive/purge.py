"""Purging one envelope: its files and personal data go, an audit stub stays.

What is removed: the sealed PDF and every attachment (files and their rows), answers,
prefill, the sender's message and reasons, the sender's email unless a designer user sent
it (the organisation's own user, who stays on its Users screen), recipients' names,
emails, phone numbers, IP addresses, browsers, identity codes and drafts, and webhook
delivery bodies that carried the envelope. Signing links stop working.

What stays (the stub): the envelope row with its id, template version, status and dates,
the recipients' roles and statuses (so the dashboard keeps its counts), tags, and a new
audit trail of one `envelope.purged` event that records the old trail's length and head
hash, the sealed PDF's sha256 and the template version's hash. The old events held names,
emails and IPs, so they are deleted; the new trail starts a fresh hash chain, which
`formseal audit verify` checks like any other. The organisation's own trail gets a
`retention.purged` event with the same hashes, so the purge itself is chained evidence.
"""

import secrets
import uuid
from typing import Any

from piccolo.columns.combination import WhereRaw

from runtime import audit
from runtime.archive.document import refresh
from runtime.archive.filters import is_postgres
from runtime.clock import iso, utcnow
from runtime.database import transaction
from runtime.envelopes.origin import DESIGNER
from runtime.settings import Settings
from runtime.storage import storage_for
from runtime.tables import (
    AuditEvent,
    Envelope,
    IdentityCode,
    Recipient,
    StoredFile,
    TemplateVersion,
    WebhookDelivery,
)


async def purge_envelope(settings: Settings, envelope_id: uuid.UUID, *, days: int) -> bool:
    """Purge one ended envelope; False when it is already purged (safe to repeat)."""
    envelope = await Envelope.select().where(Envelope.id == envelope_id).first()
    if envelope is None or envelope["purged_at"] is not None:
        return False
    recipients = await Recipient.select(Recipient.id).where(Recipient.envelope == envelope_id)
    owners = [f"recipient:{r['id']}" for r in recipients]
    files = await StoredFile.select(StoredFile.id, StoredFile.path, StoredFile.sha256).where(
        _files_of(envelope, owners)
    )
    sealed_sha = next((f["sha256"] for f in files if f["id"] == envelope["sealed_file"]), "")
    # Files first: if the database part fails, the job retries and finishes it.
    storage = storage_for(settings)
    for f in files:  # a failure raises: the job is retried, nothing is left unpointed-to
        await storage.delete(f["path"])
    version = (
        await TemplateVersion.select(
            TemplateVersion.template,
            TemplateVersion.sha256,
            TemplateVersion.template.name.as_alias("template_name"),  # type: ignore[attr-defined]
        )
        .where(TemplateVersion.id == envelope["template_version"])
        .first()
    )
    org = envelope["organisation"]
    keep_sender = envelope["sender_email"] if envelope["sent_via"] == DESIGNER else ""
    async with transaction():
        trail = audit.verify_chain(await audit.events(org, envelope_id))
        await AuditEvent.delete().where(AuditEvent.envelope == envelope_id)
        stub = {
            "reason": f"retention period of {days} days",
            "template_id": str(version["template"]) if version else "",
            "template_version_sha256": version["sha256"] if version else "",
            "status": envelope["status"],
            "sent_at": iso(envelope["created_at"]),
            "completed_at": iso(envelope["completed_at"]),
            "sealed_pdf_sha256": sealed_sha,
            "files_deleted": len(files),
            "previous_trail": {"events": trail.count, "head": trail.head, "intact": trail.ok},
        }
        head = await audit.record(
            org, "envelope.purged", envelope_id=envelope_id, actor="retention", data=stub
        )
        await audit.record(
            org,
            "retention.purged",
            actor="retention",
            data={
                "envelope_id": str(envelope_id),
                "template": version["template_name"] if version else "",
                "days": days,
                "previous_head": trail.head,
                "purged_head": head,
            },
        )
        await _forget_people(envelope_id)
        await Envelope.update(
            {
                Envelope.answers: {},
                Envelope.prefill: {},
                Envelope.message: "",
                Envelope.decline_reason: "",
                # the sender's email stays when a designer user sent it (the
                # organisation's own user, on its Users screen and in its audit trail,
                # not a signer); an address the API or the CLI was given goes
                Envelope.sender_email: keep_sender,
                Envelope.sealed_file: None,
                Envelope.purged_at: utcnow(),
            }
        ).where(Envelope.id == envelope_id)
        if files:
            await StoredFile.delete().where(StoredFile.id.is_in([f["id"] for f in files]))
        await _forget_webhook_bodies(envelope_id)
        await refresh(envelope_id)  # only the template's name and the tags are left
    return True


def _files_of(envelope: dict[str, Any], owners: list[str]) -> Any:
    where: Any = StoredFile.id == (envelope["sealed_file"] or uuid.uuid4())
    if owners:
        where |= StoredFile.owner.is_in(owners)
    return where & (StoredFile.organisation == envelope["organisation"])


async def _forget_people(envelope_id: uuid.UUID) -> None:
    recipients = await Recipient.select(Recipient.id).where(Recipient.envelope == envelope_id)
    ids = [r["id"] for r in recipients]
    if not ids:
        return
    await IdentityCode.delete().where(IdentityCode.recipient.is_in(ids))
    for rid in ids:  # each link token gets a random hash: the old link finds nothing
        await Recipient.update(
            {
                Recipient.name: "",
                Recipient.email: "",
                Recipient.phone: "",
                Recipient.ip: "",
                Recipient.user_agent: "",
                Recipient.answers: {},
                Recipient.draft: {},
                Recipient.decline_reason: "",
                Recipient.external_subject: "",
                Recipient.embed_origin: "",
                Recipient.access_code_hash: "",
                Recipient.token_hash: "purged-" + secrets.token_hex(28),
            }
        ).where(Recipient.id == rid)


async def _forget_webhook_bodies(envelope_id: uuid.UUID) -> None:
    """Delivery logs keep their status lines but lose bodies that named the envelope."""
    column = "payload::text" if is_postgres() else "payload"
    await WebhookDelivery.update(
        {WebhookDelivery.payload: {}, WebhookDelivery.response_excerpt: ""}
    ).where(WhereRaw(f"{column} LIKE {{}}", f"%{envelope_id}%"))
