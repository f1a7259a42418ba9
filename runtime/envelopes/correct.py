"""Correcting a mistyped email address before the person has opened their link.

A sender who typed `fin@exmaple.com` must not have to void an envelope two people have
already signed. While the person has not opened the link (not invited yet, or invited and
not opened) the address can be corrected: someone not yet invited is invited at the new
address when their turn comes; someone already invited gets a new link there at once,
and the link mailed to the wrong address stops working (as with a resent link,
runtime/envelopes/resend.py).

Once the link has been opened, someone at the wrong address may have read the document,
agreed to sign electronically or typed answers. Handing that over to the right person is
not safe, so the sender is told to void the envelope and send a new one instead.
"""

import uuid
from typing import Any

from components import get_component
from components.errors import FieldError
from runtime import audit
from runtime.archive.document import refresh as refresh_search_document
from runtime.database import transaction
from runtime.envelopes.links import new_link_secret
from runtime.envelopes.service import envelope_row, recipient_row
from runtime.envelopes.states import ACTIVE_ENVELOPE
from runtime.errors import Conflict, Invalid
from runtime.jobs.queue import enqueue
from runtime.settings import Settings
from runtime.tables import Recipient

CORRECTABLE = ("pending", "notified")


class _Address:
    label = "the new email address"
    validation: dict[str, Any] = {}
    required = True


async def correct_email(
    settings: Settings,
    organisation_id: uuid.UUID,
    envelope_id: uuid.UUID,
    recipient_id: uuid.UUID,
    new_email: str,
    *,
    actor: str,
) -> dict[str, Any]:
    """Change the person's address; returns `{"email", "invited"}` (invited: a new link
    was mailed to it now)."""
    envelope = await envelope_row(organisation_id, envelope_id)
    recipient = await recipient_row(
        envelope_id, recipient_id, Recipient.id, Recipient.name, Recipient.email, Recipient.status
    )
    who = recipient["name"] or recipient["email"]
    if envelope["status"] not in ACTIVE_ENVELOPE:
        raise Conflict(
            f"The envelope is {envelope['status'].replace('_', ' ')}; nothing in it can change."
        )
    if not recipient["email"]:
        raise Conflict(f"{who} is the organisation itself; it has no email address.")
    if recipient["status"] not in CORRECTABLE:
        if recipient["status"] in ("viewed", "verified"):
            raise Conflict(
                f"The link sent to {recipient['email']} has already been opened, so someone "
                "there may have read the document. To be safe, void this envelope and send "
                "a new one to the right address."
            )
        raise Conflict(f"{who} has already {recipient['status']}; the address cannot change.")
    if not new_email.strip():
        raise Invalid(f"Enter the corrected email address for {who}.")
    email = get_component("email")
    assert email is not None
    try:
        cleaned = str(email.clean(new_email.strip(), _Address()))  # type: ignore[arg-type]
    except FieldError as exc:
        raise Invalid(exc.message) from None
    if cleaned.lower() == recipient["email"].lower():
        raise Invalid(f"{cleaned} is already {who}'s address; type the corrected one.")
    invite = recipient["status"] == "notified"
    values: dict[Any, Any] = {Recipient.email: cleaned}
    if invite:
        _, salt, token_hash = new_link_secret(settings, recipient_id)
        values.update({Recipient.token_salt: salt, Recipient.token_hash: token_hash})
    async with transaction():
        changed = (
            await Recipient.update(values)
            .where(
                (Recipient.id == recipient_id)
                & (Recipient.status == recipient["status"])
                & (Recipient.email == recipient["email"])
            )
            .returning(Recipient.id)
        )
        if not changed:  # opened, finished or corrected by someone else meanwhile
            raise Conflict(f"{who}'s status changed meanwhile; look at the page again.")
        await audit.record(
            organisation_id,
            "recipient.email_corrected",
            envelope_id=envelope_id,
            actor=actor,
            data={"recipient_id": str(recipient_id), "from": recipient["email"], "to": cleaned},
        )
    await refresh_search_document(envelope_id)  # found by the right address from now on
    if invite:  # the mail job derives the link from the new salt when it runs
        await enqueue(
            "mail",
            {"mail": "invitation", "recipient_id": str(recipient_id)},
            organisation_id=organisation_id,
            dedupe_key=f"corrected:{recipient_id}:{uuid.uuid4().hex[:12]}",
        )
    return {"recipient_id": str(recipient_id), "email": cleaned, "invited": invite}
