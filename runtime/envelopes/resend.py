"""Resending a recipient's link: a fresh link replaces the old one, which stops working.

For the person who lost the mail, or whose mail went to a colleague: a new salt gives a
new token (runtime/envelopes/links.py), the invitation is mailed again with it, and the
audit trail records who asked. Only someone who was invited and has not finished can get
a new link, and only while the envelope is open.
"""

import uuid
from typing import Any

from runtime import audit
from runtime.database import transaction
from runtime.envelopes.links import new_link_secret
from runtime.envelopes.service import envelope_row, recipient_row
from runtime.envelopes.states import ACTIVE_ENVELOPE
from runtime.errors import Conflict
from runtime.jobs.queue import enqueue
from runtime.mail.jobs import WAITING
from runtime.settings import Settings
from runtime.tables import Recipient


async def resend_link(
    settings: Settings,
    organisation_id: uuid.UUID,
    envelope_id: uuid.UUID,
    recipient_id: uuid.UUID,
    *,
    actor: str,
) -> dict[str, Any]:
    envelope = await envelope_row(organisation_id, envelope_id)
    recipient = await recipient_row(
        envelope_id,
        recipient_id,
        Recipient.id,
        Recipient.name,
        Recipient.email,
        Recipient.status,
        Recipient.kind,
    )
    who = recipient["name"] or recipient["email"]
    if envelope["status"] not in ACTIVE_ENVELOPE:
        raise Conflict(
            f"The envelope is {envelope['status'].replace('_', ' ')}; its links cannot be sent again."
        )
    if not recipient["email"]:  # an organisation role (runtime/stamps): it has no link
        raise Conflict(f"{who} is the organisation itself; it applies its stamp without a link.")
    if recipient["status"] in ("completed", "declined"):
        raise Conflict(f"{who} has already {recipient['status']}; there is no link to resend.")
    if recipient["status"] not in WAITING:
        raise Conflict(f"{who} has not been invited yet: their stage has not opened.")
    _, salt, token_hash = new_link_secret(settings, recipient_id)
    async with transaction():
        await Recipient.update(
            {Recipient.token_salt: salt, Recipient.token_hash: token_hash}
        ).where(Recipient.id == recipient_id)
        await audit.record(
            organisation_id,
            "recipient.link_resent",
            envelope_id=envelope_id,
            actor=actor,
            data={"recipient_id": str(recipient_id), "to": recipient["email"]},
        )
    # the mail job derives the link from the new salt when it runs
    await enqueue(
        "mail",
        {"mail": "invitation", "recipient_id": str(recipient_id), "resent": True},
        organisation_id=organisation_id,
        dedupe_key=f"resend:{recipient_id}:{uuid.uuid4().hex[:12]}",
    )
    return {"recipient_id": str(recipient_id), "email": recipient["email"], "resent": True}
