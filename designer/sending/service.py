"""Reading the send form into an engine request; envelopes and their timeline for the screens.

Signing links are never shown to senders (SECURITY.md 11): the screens show statuses and
events only; links travel by mail to the people they belong to.
"""

import uuid
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from components import Definition, parse_definition
from runtime import audit
from runtime.clock import iso
from runtime.envelopes.person_words import STAMP_WORDS, person_word
from runtime.envelopes.schemas import EnvelopeCreate, RecipientIn, Reminders
from runtime.errors import Invalid
from runtime.jobs.problem_words import MAILS
from runtime.organisations.hierarchy import legal_name
from runtime.organisations.sharing import send_as_choices, shared_templates, usable_template
from runtime.tables import Envelope, Recipient, Template, TemplateVersion
from runtime.templates.service import latest_version
from runtime.templates.versions import in_role_order_of_versions

TIMELINE_WORDS = {
    "envelope.draft": "Envelope created",
    "envelope.sent": "Sent",
    "envelope.in_progress": "In progress: a first link was opened",
    "envelope.completed": "Completed and sealed",
    "envelope.sealed": "Sealed PDF stored",
    "envelope.declined": "Envelope declined",
    "envelope.expired": "Expired",
    "envelope.voided": "Voided",
    "envelope.reminded": "Reminder sent by a sender",
    "envelope.seal_failed": "Sealing failed: the administrators were told",
    "envelope.auto_sign_failed": "The company stamp could not be applied: the administrators "
    "were told",
    "envelope.seal_retried": "Sealing tried again",
    "envelope.auto_sign_retried": "Company stamp tried again",
    "envelope.stamp_by_hand": "Waiting for the company stamp to be applied by hand",
    "envelope.purged": "Personal data deleted (retention period)",
    "recipient.notified": "Invited",
    "recipient.viewed": "Opened the link",
    "recipient.verified": "Identity checked",
    "recipient.consent_given": "Agreed to sign electronically",
    "recipient.consent_refused": "Did not agree to sign electronically",
    "recipient.consent_withdrawn": "Withdrew their agreement to sign electronically",
    "recipient.file_uploaded": "Uploaded a file",
    "recipient.completed": "Finished",
    "recipient.declined": "Declined",
    "recipient.skipped": "Skipped (condition not met)",
    "recipient.link_resent": "New link sent (the old one no longer works)",
    "recipient.email_corrected": "Email address corrected",
    "identity.code_sent": "Identity code sent",
    "identity.code_failed": "Wrong identity code entered",
    "identity.failed": "Identity check failed",
    "identity.locked": "Identity checks paused after too many tries",
    "identity.verified": "Identity checked",
    "stamp.applied": "Company stamp applied",
    "mail.sent": "Mail sent",
    "mail.retried": "Failed email tried again",
}


async def sendable_templates(organisation_id: uuid.UUID) -> list[dict[str, Any]]:
    """The organisation's active published templates, then those shared from above."""
    rows = (
        await Template.select(Template.id, Template.name, Template.latest_version)
        .where(
            (Template.organisation == organisation_id)
            & (Template.status == "active")
            & (Template.latest_version > 0)
        )
        .order_by(Template.name)
    )
    own = [{**r, "id": str(r["id"]), "shared": False} for r in rows]
    shared = [
        {
            "id": str(r["id"]),
            "name": r["name"],
            "latest_version": r["latest_version"],
            "shared": True,
        }
        for r in await shared_templates(organisation_id)
    ]
    return own + shared


async def template_definition(
    organisation_id: uuid.UUID, template_id: uuid.UUID
) -> tuple[dict, Definition]:
    """The template to send (its own, or one shared from above: groups) with the
    organisations the envelope may be sent as, for the send screen."""
    row = await usable_template(organisation_id, template_id)
    choices = send_as_choices(organisation_id, row)
    template = {
        "id": row["id"],
        "name": row["name"],
        "shared": row["organisation"] != organisation_id,
        "send_as": [
            {"id": str(c), "legal_name": await legal_name(c), "own": c == organisation_id}
            for c in choices
        ],
    }
    return template, parse_definition((await latest_version(template_id))["definition"])


@dataclass(frozen=True)
class SenderField:
    """A question the sender may answer for a signer, with the name of the role it is asked
    of: with two roles, "Email address" alone read like a second recipient email box."""

    key: str
    label: str
    prefill: Any
    role: str
    component: str = ""  # its box on the send form: a date picker for a date


def prefillable(definition: Definition) -> list[SenderField]:
    """Fields a sender may fill in: those the template lets "the sender or the API" prefill."""
    names = {r.key: r.name or r.key for r in definition.roles}
    owner = {f.key: names.get(s.role, s.role) for s, f in definition.fields()}
    return [
        SenderField(f.key, f.label, f.prefill, owner.get(f.key, ""), f.component)
        for f in definition.prefilled_by("api")
    ]


def field_names(definition: Definition) -> dict[str, str]:
    """Each field's key -> how a sender's screen names it: "Employee · Start date" when more
    than one role answers questions, since each role may be asked its own "Start date"."""
    names = {r.key: r.name or r.key for r in definition.roles}
    several = sum(1 for r in definition.roles if not r.organisation) > 1
    return {
        f.key: f"{names.get(s.role, s.role)} · {f.label}" if several else f.label
        for s, f in definition.fields()
    }


def build_request(
    definition: Definition,
    template_id: uuid.UUID,
    data: dict[str, Any],
    sender_email: str,
    problems: list[dict[str, str]] | None = None,
) -> EnvelopeCreate:
    """The envelope the send form asks for. A timing box that is not a number in its range
    raises Invalid, or with `problems`, is added there (`{"path", "message"}`, beside the
    other problems of the form) and its default used meanwhile."""
    found: list[dict[str, str]] = []

    def text(key: str) -> str:
        value = data.get(key, "")
        return (value[-1] if isinstance(value, list) else str(value)).strip()

    def number(key: str, path: str, default: str, low: int, high: int, message: str) -> int:
        value = text(key) or default
        if value.isdigit() and low <= int(value) <= high:
            return int(value)
        found.append({"path": path, "message": message})
        return int(default)

    recipients = [
        RecipientIn(role=r.key, name=text(f"{r.key}.name"), email=text(f"{r.key}.email"))
        for r in definition.roles
        if not r.organisation  # the organisation stamps its own role: nobody is asked for it
        and (
            text(f"{r.key}.name")
            or text(f"{r.key}.email")
            or (r.kind != "cc" and r.condition is None)
        )
    ]
    prefill = {
        f.key: text(f"prefill.{f.key}") for f in prefillable(definition) if text(f"prefill.{f.key}")
    }
    expiry = None
    if text("expires_in_days"):
        expiry = number("expires_in_days", "$.expires_in_days", "1", 1, 365, EXPIRY)
    reminders = Reminders(
        first_after_days=number(
            "reminder_first", "$.reminders.first_after_days", "2", 1, 365, FIRST
        ),
        every_days=number("reminder_every", "$.reminders.every_days", "3", 1, 365, EVERY),
        max_count=number("reminder_max", "$.reminders.max_count", "5", 0, 20, AT_MOST),
    )
    sent_as = text("sent_as")
    try:
        sent_as_id = uuid.UUID(sent_as) if sent_as else None
    except ValueError:
        sent_as_id = None
        found.append(
            {"path": "$.sent_as", "message": "Choose the organisation the envelope is sent as."}
        )
    if found and problems is None:
        raise Invalid(found[0]["message"], extra={"errors": found})
    if problems is not None:
        problems += found
    return EnvelopeCreate(
        template_id=template_id,
        sent_as=sent_as_id,
        recipients=recipients,
        prefill=prefill,
        message=text("message")[:5000],
        sender_email=sender_email,
        expires_in_days=expiry,
        reminders=reminders,
    )


EXPIRY = "“Expires after” must be a whole number of days from 1 to 365, or left empty."
FIRST = "“First reminder after” must be a whole number of days from 1 to 365."
EVERY = "“Then every” must be a whole number of days from 1 to 365."
AT_MOST = "“At most” must be a whole number of reminders from 0 to 20."


async def timeline(
    organisation_id: uuid.UUID,
    envelope_id: uuid.UUID,
    roles: dict[str, str] | None = None,
    stamp_roles: Collection[str] = (),
) -> list[dict[str, Any]]:
    """The audit trail in words; `roles` (key -> name) names a person's role as the author
    did: "Lena Legal <lena@example.com> (Legal)", not "(legal)". The organisation's own
    roles (`stamp_roles`) are never invited: their turn reads "Company stamp awaited"."""
    rows = await audit.events(organisation_id, envelope_id)
    return [
        {
            "when": iso(r["created_at"]),
            "what": "Company stamp awaited"
            if r["action"] == "recipient.notified" and _role_key(r["actor"]) in stamp_roles
            else TIMELINE_WORDS.get(r["action"]) or _unknown(r["action"]),
            "who": _named_role(r["actor"] or "", roles or {}),
            "detail": _detail(r),
        }
        for r in rows
    ]


def _role_key(actor: str | None) -> str:
    """'My organisation (company)' -> 'company', as recipients are recorded."""
    return actor[:-1].rpartition(" (")[2] if actor and actor.endswith(")") else ""


def _unknown(action: str) -> str:
    """An event without words yet reads as words, never as 'recipient.something_new'."""
    subject, _, what = action.partition(".")
    return (what or subject).replace("_", " ").capitalize()


#: actors that are not people, as the timeline names them (the trail keeps the short form)
MACHINE_ACTORS = {
    "api": "API",
    "cli": "Command line",
    "demo": "formseal demo",
    "prefill-link": "Prefilled link",
    "retention": "Retention purge",
}


def _named_role(actor: str, roles: dict[str, str]) -> str:
    """Recipients are recorded as 'Name <email> (role_key)'; the engine's own actors in
    words: 'bulk:<id>' is 'Bulk send 029cd50f', 'embed:<subject>' an embedded form."""
    if actor in MACHINE_ACTORS:
        return MACHINE_ACTORS[actor]
    if actor.startswith("bulk:"):
        return f"Bulk send {actor[5:13]}"
    if actor.startswith("embed:"):
        return f"Embedded form ({actor[6:]})"
    if actor.endswith(")") and " (" in actor:
        head, _, key = actor[:-1].rpartition(" (")
        if key in roles:
            return f"{head} ({roles[key]})"
    return actor


def _detail(row: dict[str, Any]) -> str:
    data = row["data"] or {}
    if row["action"] == "recipient.email_corrected":
        return f"from {data.get('from', '')} to {data.get('to', '')}"
    if row["action"] in ("mail.sent", "recipient.link_resent"):
        mail = str(data.get("mail", ""))
        said = f"{MAIL_WORDS.get(mail, mail.replace('_', ' '))} to {data.get('to', '')}"
        return said + (NOT_SENT if data.get("via") == "outbox" else "")
    if row["action"] == "mail.retried":
        label = MAILS.get(str(data.get("mail", "")), "Email")
        return f"{label} to {data.get('to', '')}, which had failed; queued again from Settings → Problems"
    if row["action"] in ("envelope.seal_failed", "envelope.auto_sign_failed"):
        tries = data.get("attempts", 0)
        return (
            f"Gave up after {tries} attempt{'' if tries == 1 else 's'}. Nobody needs to sign "
            "again: an administrator retries it on Settings → Problems once the cause is fixed."
        )
    if row["action"] == "envelope.stamp_by_hand":
        names = ", ".join(f"“{n}”" for n in data.get("stamps") or []) or "The stamp"
        return f"{names}: not allowed for auto-sign; those who may apply it were emailed"
    if "reason" in data:
        return f"Reason: {data['reason']}"
    return ""


NOT_SENT = "; not sent: written to the server's outbox, as no SMTP server was set up"
"""A mail recorded as `via: outbox` never left the server: the trail must not read as if
the signer had been emailed."""
MAIL_WORDS = {"seal_failed": "sealing failed notice", "stamp_by_hand": "company stamp notice"}
"""A mail's name in a timeline detail, where its key would not read ("seal_failed")."""


async def template_names(organisation_id: uuid.UUID, envelope_ids: list[str]) -> dict[str, str]:
    if not envelope_ids:
        return {}
    rows = await Envelope.select(Envelope.id, Envelope.template_version).where(
        Envelope.id.is_in([uuid.UUID(i) for i in envelope_ids])
    )
    versions = {
        v["id"]: v["template"]
        for v in await TemplateVersion.select(TemplateVersion.id, TemplateVersion.template).where(
            TemplateVersion.id.is_in([r["template_version"] for r in rows])
        )
    }
    # the envelope's own organisation's templates, or shared ones from above (groups)
    names = {
        t["id"]: t["name"]
        for t in await Template.select(Template.id, Template.name).where(
            Template.id.is_in(list(versions.values()) or [uuid.uuid4()])
        )
    }
    return {str(r["id"]): names.get(versions.get(r["template_version"]), "") for r in rows}


async def people_of(envelope_ids: list[str]) -> dict[str, list[dict[str, str]]]:
    """Envelope id -> its people in signing order, then the template's order of roles (as
    the envelope's page and the API), each with a short word for where they are, for the
    envelope list (one query, and one per template version this process has not read)."""
    if not envelope_ids:
        return {}
    rows = await Recipient.select(
        Recipient.envelope,
        Recipient.name,
        Recipient.email,
        Recipient.status,
        Recipient.kind,
        Recipient.stage,
        Recipient.role,
        Recipient.envelope.template_version.as_alias("template_version"),
        Recipient.envelope.status.as_alias("envelope_status"),
    ).where(Recipient.envelope.is_in([uuid.UUID(i) for i in envelope_ids]))
    # the organisation's own role has no address; only versions with such a person are read
    stampers = {
        v: await _stamp_role_keys(v)
        for v in {r["template_version"] for r in rows if not r["email"]}
    }
    people: dict[str, list[dict[str, str]]] = {}
    for r in await in_role_order_of_versions(rows):
        word = person_word(r["status"], r["kind"], r["envelope_status"])
        if not r["email"] and r["role"] in stampers.get(r["template_version"], set()):
            word = STAMP_WORDS.get(r["status"], word)
        people.setdefault(str(r["envelope"]), []).append(
            {"name": r["name"] or r["email"], "email": r["email"], "state": word}
        )
    return people


async def _stamp_role_keys(version_id: Any) -> set[str]:
    row = (
        await TemplateVersion.select(TemplateVersion.definition)
        .where(TemplateVersion.id == version_id)
        .output(load_json=True)
        .first()
    )
    roles = (row or {}).get("definition", {}).get("roles", [])
    return {str(r.get("key")) for r in roles if isinstance(r, dict) and r.get("organisation")}


async def role_names(envelope: dict[str, Any]) -> dict[str, str]:
    """The names the author gave the envelope's roles ("Borrower"), by key, from the
    version it was sent with: the people table shows those, not the keys."""
    roles = await _roles_sent(envelope)
    return {str(r.get("key")): str(r.get("name") or r.get("key")) for r in roles}


async def stamp_roles(envelope: dict[str, Any]) -> set[str]:
    """The keys of the envelope's organisation roles: played by the organisation with its
    company stamp, never invited."""
    return {str(r.get("key")) for r in await _roles_sent(envelope) if r.get("organisation")}


async def _roles_sent(envelope: dict[str, Any]) -> list[dict[str, Any]]:
    row = (
        await TemplateVersion.select(TemplateVersion.definition)
        .where(
            (TemplateVersion.template == uuid.UUID(envelope["template_id"]))
            & (TemplateVersion.number == envelope["template_version"])
        )
        .output(load_json=True)
        .first()
    )
    return list((row or {}).get("definition", {}).get("roles", []))
