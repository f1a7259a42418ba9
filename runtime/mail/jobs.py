"""Jobs that send mail, remind, warn before expiry and expire envelopes.

Each mail is its own job (one addressee), so a failing address is retried alone and the
rest go out. Context is read from the database when the job runs, so a mail always says
what is true at that moment.
"""

import uuid
from concurrent.futures import Executor
from typing import Any

from runtime import audit
from runtime.branding.resolve import brand_for_envelope, theme_for_envelope
from runtime.clock import iso
from runtime.envelopes.downloads import sealed_pdf_filename
from runtime.envelopes.links import signing_url
from runtime.envelopes.routing import schedule_reminder
from runtime.envelopes.states import ACTIVE_ENVELOPE, try_move_envelope
from runtime.files import read_file
from runtime.i18n import current, supported, use_language
from runtime.i18n.dates import format_datetime_minutes
from runtime.i18n.reasons import translate_reason
from runtime.jobs.queue import enqueue
from runtime.mail.compose import compose
from runtime.mail.people import user_language
from runtime.mail.transport import deliver, outbox_file
from runtime.settings import Settings
from runtime.tables import Envelope, Recipient, TemplateVersion
from runtime.templates.versions import version_definition

WAITING = ("notified", "viewed", "verified")
ACTIONS = {"signer": "sign", "approver": "review and approve", "cc": "receive"}


async def _envelope(envelope_id: uuid.UUID) -> dict[str, Any]:
    row = await Envelope.select().where(Envelope.id == envelope_id).output(load_json=True).first()
    assert row is not None, f"envelope {envelope_id} vanished"
    return row


async def _document_name(envelope: dict[str, Any]) -> str:
    return (await version_definition(envelope["template_version"])).name


async def send_mail(settings: Settings, payload: dict[str, Any], executor: Executor | None) -> None:
    """The `mail` job: payload {mail, envelope_id?, recipient_id?, to_name?, to_email?}."""
    kind = payload["mail"]
    recipient = None
    if payload.get("recipient_id"):
        recipient = (
            await Recipient.select()
            .where(Recipient.id == uuid.UUID(payload["recipient_id"]))
            .first()
        )
        assert recipient is not None
        if not recipient["email"]:
            return  # the organisation's own recipient (runtime/stamps): nobody to mail
        envelope = await _envelope(recipient["envelope"])
    else:
        envelope = await _envelope(uuid.UUID(payload["envelope_id"]))
    if kind in ("invitation", "reminder", "expiry_warning"):
        assert recipient is not None
        if envelope["status"] not in ACTIVE_ENVELOPE or recipient["status"] not in WAITING:
            return  # finished, declined or closed meanwhile: nothing to say
    if kind == "stamp_by_hand" and envelope["status"] not in ACTIVE_ENVELOPE:
        return  # voided, expired or sealed meanwhile: no stamp to apply any more
    with use_language(await _language(envelope, recipient, payload)):
        await _send(settings, kind, payload, envelope, recipient)


async def _language(
    envelope: dict[str, Any], recipient: dict[str, Any] | None, payload: dict[str, Any]
) -> str:
    """The recipient's chosen language; for a sender or an administrator, the one they
    chose for their mails (runtime/mail/people.py); else the template's."""
    if recipient and recipient.get("language"):
        return str(recipient["language"])
    if recipient is None:
        chosen = await user_language(str(payload.get("to_email") or ""))
        if chosen:
            return chosen
    version = (
        await TemplateVersion.select(TemplateVersion.definition)
        .where(TemplateVersion.id == envelope["template_version"])
        .output(load_json=True)
        .first()
    )
    language = (version or {}).get("definition", {}).get("language", "en")
    return supported(language) or "en"


async def _send(
    settings: Settings,
    kind: str,
    payload: dict[str, Any],
    envelope: dict[str, Any],
    recipient: dict[str, Any] | None,
) -> None:
    to_name = recipient["name"] if recipient else payload.get("to_name", "")
    to_email = recipient["email"] if recipient else payload["to_email"]
    context: dict[str, Any] = {
        "name": to_name,
        "document": await _document_name(envelope),
        "envelope_id": str(envelope["id"]),
        "message": envelope["message"],
        "expires_at": _date(envelope["expires_at"]),
        "action": ACTIONS.get(recipient["kind"] if recipient else "signer", "sign"),
        "button": "Review and approve"
        if recipient and recipient["kind"] == "approver"
        else "Review and sign",
        "url": signing_url(settings, recipient)
        if recipient
        else _sender_link(settings, kind, envelope),
        # the sender's way back to the envelope (a designer page: they sign in)
        "envelope_url": "" if recipient else _envelope_page(settings, envelope),
        "reason": envelope["decline_reason"],
        # who declined: "Name (Role)", else the role alone (declined.txt words it)
        "decliner": payload.get("decliner", ""),
        "decliner_role": payload.get("decliner_role", ""),
        "failure": _failure(payload),  # seal_failed (runtime/jobs/failure_mail.py)
        "stamp": payload.get("stamp", ""),  # stamp_by_hand (runtime/stamps/waiting.py)
        "attached": False,
        # a reminder to someone who never opened their link does not say "continue"
        "viewed": bool(recipient and recipient.get("viewed_at") is not None),
        # a resent link (runtime/envelopes/resend.py) says the earlier one no longer works
        "resent": bool(payload.get("resent")),
        # the one who declined is told it in their own words, not by their name and role
        "you_declined": bool(recipient and recipient["status"] == "declined"),
    }
    attachment = None
    if kind == "completed":
        attachment = await _sealed_attachment(settings, envelope, context)
    brand = await brand_for_envelope(envelope)
    message = compose(
        settings,
        kind,
        to_name=to_name,
        to_email=to_email,
        sender_name=brand.legal_name,
        context=context,
        attachment=attachment,
        brand=brand,
        theme=await theme_for_envelope(envelope, brand),
    )
    where = await deliver(settings, message)
    await audit.record(
        envelope["organisation"],
        "mail.sent",
        envelope_id=envelope["id"],
        data={"mail": kind, "to": to_email, "via": where.split("/")[0], **outbox_file(where)},
    )


async def _sealed_attachment(
    settings: Settings, envelope: dict[str, Any], context: dict[str, Any]
) -> tuple[str, bytes] | None:
    if envelope["sealed_file"] is None:
        return None
    row, data = await read_file(settings, envelope["organisation"], envelope["sealed_file"])
    if len(data) <= settings.mail_attach_max_bytes:
        context["attached"] = True
        return await sealed_pdf_filename(envelope), data
    return None


def _failure(payload: dict[str, Any]) -> dict[str, Any]:
    """A seal_failed mail's failure, its reason in the mail's language where formseal worded
    it; `as_written` marks one that stays as the failing software gave it (in English)."""
    failure = dict(payload.get("failure") or {})
    if failure.get("reason"):
        failure["reason"], translated = translate_reason(str(failure["reason"]))
        failure["as_written"] = not translated and current() != "en"
    return failure


def _envelope_page(settings: Settings, envelope: dict[str, Any]) -> str:
    return f"{settings.base_url.rstrip('/')}/designer/envelopes/{envelope['id']}"


def _sender_link(settings: Settings, kind: str, envelope: dict[str, Any]) -> str:
    """The sender has no signing link: their "Download the sealed PDF" goes to the
    designer's download (after signing in), not to nothing."""
    return f"{_envelope_page(settings, envelope)}/sealed.pdf" if kind == "completed" else ""


def _date(value: Any) -> str:
    """A date and time in the mail's language, to the minute ("27 Mar 2027, 14:05 UTC")."""
    return format_datetime_minutes(value) if value else ""


async def remind(settings: Settings, payload: dict[str, Any], executor: Executor | None) -> None:
    """The `remind` job: mail a waiting recipient and schedule the next reminder, up to the cap."""
    recipient = (
        await Recipient.select().where(Recipient.id == uuid.UUID(payload["recipient_id"])).first()
    )
    if recipient is None or recipient["status"] not in WAITING or not recipient["email"]:
        return  # finished meanwhile, or the organisation's own role: nobody to mail
    envelope = await _envelope(recipient["envelope"])
    if (
        envelope["status"] not in ACTIVE_ENVELOPE
        or recipient["reminders_sent"] >= envelope["reminder_max"]
    ):
        return
    number = int(payload["number"])
    await enqueue(
        "mail",
        {"mail": "reminder", "recipient_id": str(recipient["id"])},
        organisation_id=envelope["organisation"],
        dedupe_key=f"reminder-mail:{recipient['id']}:{number}",
    )
    await Recipient.update({Recipient.reminders_sent: Recipient.reminders_sent + 1}).where(
        Recipient.id == recipient["id"]
    )
    if number < envelope["reminder_max"]:
        await schedule_reminder(
            recipient["id"], number + 1, envelope["reminder_every_days"], envelope
        )


async def expiry_warning(
    settings: Settings, payload: dict[str, Any], executor: Executor | None
) -> None:
    envelope = await _envelope(uuid.UUID(payload["envelope_id"]))
    if envelope["status"] not in ACTIVE_ENVELOPE:
        return
    waiting = await Recipient.select(Recipient.id).where(
        (Recipient.envelope == envelope["id"]) & Recipient.status.is_in(list(WAITING))
    )
    for r in waiting:
        await enqueue(
            "mail",
            {"mail": "expiry_warning", "recipient_id": str(r["id"])},
            organisation_id=envelope["organisation"],
            dedupe_key=f"expiry-warning-mail:{r['id']}",
        )


async def expire(settings: Settings, payload: dict[str, Any], executor: Executor | None) -> None:
    """The `expire` job: an unfinished envelope past its date becomes expired; everyone is told.
    One that every party has finished is left to its seal (queued, or waiting to be retried):
    the expiry date is for people who have not acted, not for a contract that is complete."""
    envelope = await _envelope(uuid.UUID(payload["envelope_id"]))
    left = await Recipient.count().where(
        (Recipient.envelope == envelope["id"])
        & (Recipient.kind != "cc")
        & Recipient.status.not_in(["completed", "skipped"])
    )
    if left and await try_move_envelope(envelope, "expired", actor="formseal"):
        await queue_notices(envelope, "expired", only_waiting=False)


async def queue_notices(
    envelope: dict[str, Any], kind: str, *, only_waiting: bool, **extra: Any
) -> None:
    """One `kind` mail per party: the sender and every recipient who has been involved."""
    recipients = await Recipient.select(Recipient.id, Recipient.status, Recipient.kind).where(
        Recipient.envelope == envelope["id"]
    )
    for r in recipients:
        involved = r["status"] not in ("pending", "skipped") or (
            kind == "completed" and r["kind"] == "cc"
        )
        if involved and (not only_waiting or r["status"] in WAITING):
            await enqueue(
                "mail",
                {"mail": kind, "recipient_id": str(r["id"]), **extra},
                organisation_id=envelope["organisation"],
                dedupe_key=f"{kind}:{r['id']}",
            )
    if envelope["sender_email"]:
        await enqueue(
            "mail",
            {
                "mail": kind,
                "envelope_id": str(envelope["id"]),
                "to_name": "",
                "to_email": envelope["sender_email"],
                **extra,
            },
            organisation_id=envelope["organisation"],
            dedupe_key=f"{kind}:{envelope['id']}:sender",
        )


__all__ = ["expire", "expiry_warning", "iso", "queue_notices", "remind", "send_mail"]
