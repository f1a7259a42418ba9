"""Creating envelopes and reading their status: the sender's side of an envelope."""

import datetime as dt
import uuid
from typing import Any

from components import Definition, FieldError, get_component, parse_definition
from components.label_names import label_source
from components.wording import labels_from
from runtime import audit
from runtime.archive.tags import clean_tags, set_tags, tags_of
from runtime.clock import iso, utcnow
from runtime.database import transaction
from runtime.envelopes.events import publish
from runtime.envelopes.links import new_link_secret, signing_url
from runtime.envelopes.origin import via_of_actor
from runtime.envelopes.routing import advance, schedule_expiry
from runtime.envelopes.schemas import EnvelopeCreate, RecipientIn
from runtime.envelopes.states import move_envelope
from runtime.errors import Invalid, NotFound
from runtime.i18n import language_codes, supported
from runtime.identity.service import hash_access_code
from runtime.jobs.seal import seal_report
from runtime.organisations.hierarchy import presenting_organisation_id
from runtime.organisations.sharing import resolve_sent_as, sendable_template
from runtime.settings import Settings
from runtime.stamps.recipients import add_organisation_recipients
from runtime.tables import Envelope, Recipient, TemplateVersion
from runtime.templates.service import latest_version
from runtime.templates.versions import in_role_order, role_positions


def check_request(definition: Definition, request: EnvelopeCreate) -> dict[str, Any]:
    """Raise Invalid (with every problem and its path) or return the cleaned prefill."""
    errors: list[dict[str, str]] = []
    detail = ""
    try:
        _check_recipients(definition, request)
    except Invalid as exc:
        errors += exc.extra["errors"]
        detail = exc.detail
    try:
        prefill = _clean_prefill(definition, request.prefill)
    except Invalid as exc:
        errors += exc.extra["errors"]
        detail = detail or exc.detail
    sender = _sender_problem(request.sender_email)
    if sender:
        errors.append({"path": "$.sender_email", "message": sender})
        detail = detail or "The sender_email is not valid."
    if errors:
        raise Invalid(_summary(errors, detail), extra={"errors": errors})
    return prefill


def _checked(definition: Definition, request: EnvelopeCreate) -> tuple[dict[str, Any], list[str]]:
    """The cleaned prefill and tags, or one Invalid naming the problems of both at once."""
    errors: list[dict[str, str]] = []
    detail = ""
    prefill: dict[str, Any] = {}
    tags: list[str] = []
    try:
        prefill = check_request(definition, request)
    except Invalid as exc:
        errors, detail = exc.extra["errors"], exc.detail
    try:
        tags = clean_tags(request.tags)
    except Invalid as exc:
        errors += exc.extra["errors"]
        detail = detail or exc.detail
    if errors:
        raise Invalid(_summary(errors, detail), extra={"errors": errors})
    return prefill, tags


_SUBJECTS = {
    "recipients": "recipients",
    "prefill": "prefill values",
    "sender_email": "sender_email",
    "tags": "tags",
}


def _summary(errors: list[dict[str, str]], detail: str) -> str:
    """`detail` when every problem is about one part of the request; else one sentence
    naming each part, in the order of `errors`: "The recipients and tags are not valid."."""
    subjects: list[str] = []
    for e in errors:
        top = e.get("path", "").removeprefix("$.").split(".")[0].split("[")[0]
        subject = _SUBJECTS.get(top, top)
        if subject and subject not in subjects:
            subjects.append(subject)
    if len(subjects) < 2:
        return detail
    return f"The {', '.join(subjects[:-1])} and {subjects[-1]} are not valid."


def _sender_problem(sender_email: str) -> str:
    """'' for no sender or a well-formed address: the sender's notices are mailed there."""
    if not sender_email.strip():
        return ""
    email = get_component("email")
    assert email is not None
    try:
        email.clean(sender_email.strip(), _Label("sender email"))  # type: ignore[arg-type]
    except FieldError as exc:
        return exc.message
    return ""


async def create_envelope(
    organisation_id: uuid.UUID,
    request: EnvelopeCreate,
    *,
    settings: Settings,
    actor: str = "",
    bulk_key: str | None = None,
    details: bool = True,
    via: str = "",
) -> dict[str, Any]:
    """Create and send an envelope; returns it with each recipient's signing URL.

    `via` says what made it (runtime/envelopes/origin.py); by default it follows `actor`."""
    # its own template, or one an organisation above it shares (groups: docs/groups.md)
    template = await sendable_template(organisation_id, request.template_id)
    sent_as = await resolve_sent_as(organisation_id, template, request.sent_as)
    version = await latest_version(request.template_id)
    definition = parse_definition(version["definition"])
    prefill, tags = _checked(definition, request)
    schedule = _schedule(request)

    async with transaction():
        envelope = Envelope(
            organisation=organisation_id,
            template_version=version["id"],
            prefill=prefill,
            message=request.message.strip(),
            sender_email=request.sender_email.strip(),
            bulk_key=bulk_key,
            sent_as=sent_as,
            sent_via=via or via_of_actor(actor),
            **schedule,
        )
        await envelope.save()
        if tags:
            await set_tags(organisation_id, envelope.id, tags)
        await audit.record(
            organisation_id,
            "envelope.draft",
            envelope_id=envelope.id,
            actor=actor,
            data={"template_version_id": str(version["id"])},
        )
        for r in request.recipients:
            role = definition.role(r.role)
            assert role is not None
            recipient_id = uuid.uuid4()
            _, salt, token_hash = new_link_secret(settings, recipient_id)
            await Recipient(
                id=recipient_id,
                envelope=envelope.id,
                role=r.role,
                kind=role.kind,
                name=" ".join(r.name.split()),
                email=r.email.strip(),
                stage=role.stage,
                token_salt=salt,
                token_hash=token_hash,
                phone=r.phone.strip(),
                access_code_hash=(
                    hash_access_code(r.access_code, settings) if r.access_code.strip() else ""
                ),
                language=supported(r.language) or "",
                answers={k: v for k, v in prefill.items() if _owner(definition, k) == r.role},
            ).save()
        await add_organisation_recipients(organisation_id, envelope.id, definition)
        row = {"id": envelope.id, "organisation": organisation_id}
        await move_envelope(row, "sent", actor=actor, announce=False)
        await schedule_expiry(row, envelope.expires_at, envelope.created_at)
        await advance(envelope.id)
        # after advance: the event shows the first stage notified, as the answer below does
        await publish(organisation_id, "envelope.sent", envelope.id)
    if not details:  # bulk sends need only the id
        return {"id": str(envelope.id)}
    result = await get_envelope(organisation_id, envelope.id)
    links = {
        str(r["id"]): signing_url(settings, r) if r["token_salt"] else None  # organisation
        for r in await Recipient.select(Recipient.id, Recipient.token_salt).where(
            Recipient.envelope == envelope.id
        )
    }
    for rec in result["recipients"]:
        rec["signing_url"] = links[rec["id"]]
    return result


def _schedule(request: EnvelopeCreate) -> dict[Any, Any]:
    values: dict[str, Any] = {}
    if request.expires_in_days is not None:
        values["expires_at"] = utcnow() + dt.timedelta(days=request.expires_in_days)
    if request.reminders is not None:
        values["reminder_first_days"] = request.reminders.first_after_days
        values["reminder_every_days"] = request.reminders.every_days
        values["reminder_max"] = request.reminders.max_count
    return values


def _owner(definition: Definition, field_key: str) -> str | None:
    for section, field in definition.fields():
        if field.key == field_key:
            return section.role
    return None


def _check_recipients(definition: Definition, request: EnvelopeCreate) -> None:
    errors = []
    email = get_component("email")
    assert email is not None
    seen: set[str] = set()
    for i, r in enumerate(request.recipients):
        role = definition.role(r.role)
        if role is None:
            errors.append(
                {"path": f"$.recipients[{i}].role", "message": f"unknown role '{r.role}'"}
            )
        elif r.role in seen:
            errors.append(
                {"path": f"$.recipients[{i}].role", "message": f"role '{r.role}' is given twice"}
            )
        seen.add(r.role)
        if role is not None and role.organisation:
            message = f"role '{r.role}' is signed by the organisation; give no recipient for it"
            errors.append({"path": f"$.recipients[{i}].role", "message": message})
        if role is not None:
            errors += _identity_problems(role.identity, r, i)
        if r.language and supported(r.language) is None:
            errors.append(
                {"path": f"$.recipients[{i}].language", "message": f"use {language_codes()}"}
            )
        if not r.name.strip():
            errors.append({"path": f"$.recipients[{i}].name", "message": "must not be empty"})
        try:
            email.clean(r.email, _Label("email"))  # type: ignore[arg-type]
        except FieldError as exc:
            errors.append({"path": f"$.recipients[{i}].email", "message": exc.message})
    for role in definition.roles:
        optional = role.kind == "cc" or role.condition is not None or role.organisation
        if role.key not in seen and not optional:
            errors.append(
                {"path": "$.recipients", "message": f"role '{role.key}' needs a recipient"}
            )
    if errors:
        raise Invalid("The recipients are not valid.", extra={"errors": errors})


def _identity_problems(identity: str, r: RecipientIn, i: int) -> list[dict[str, str]]:
    """The role's identity check needs a phone number or an access code from the sender."""
    if identity == "sms_code" and sum(c.isdigit() for c in r.phone) < 7:
        message = "is needed for this role's SMS code: a number with its country code"
        return [{"path": f"$.recipients[{i}].phone", "message": message}]
    if identity == "access_code" and len(r.access_code.strip()) < 4:
        message = "is needed for this role: at least 4 characters, given to the signer by you"
        return [{"path": f"$.recipients[{i}].access_code", "message": message}]
    return []


class _Label:
    """Stands in for a Field when a component checks a value outside a form."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.validation: dict[str, Any] = {}
        self.required = False


def _clean_prefill(definition: Definition, prefill: dict[str, Any]) -> dict[str, Any]:
    with labels_from(label_source(definition)):  # its labels as its language writes them
        return _clean_prefill_values(definition, prefill)


def _clean_prefill_values(definition: Definition, prefill: dict[str, Any]) -> dict[str, Any]:
    cleaned, errors = {}, []
    for key, raw in prefill.items():
        field = definition.field(key)
        if field is None:
            errors.append(
                {"path": f"$.prefill.{key}", "message": "is not a field of this template"}
            )
            continue
        component = get_component(field.component)
        assert component is not None
        if not component.can_be_prefilled:
            message = f"is a {component.name} field, which cannot be filled in beforehand"
            errors.append({"path": f"$.prefill.{key}", "message": message})
            continue
        try:
            cleaned[key] = component.clean(raw, field)
        except FieldError as exc:  # a program's wording: ISO dates, not the signer's
            errors.append({"path": f"$.prefill.{key}", "message": exc.for_api})
    if errors:
        raise Invalid("The prefill values are not valid.", extra={"errors": errors})
    return {k: v for k, v in cleaned.items() if v is not None}


async def get_envelope(organisation_id: uuid.UUID, envelope_id: uuid.UUID) -> dict[str, Any]:
    """Status, recipients and answers; another organisation's envelope is a 404."""
    row = await envelope_row(organisation_id, envelope_id)
    recipients = (
        await Recipient.select(
            Recipient.id,
            Recipient.role,
            Recipient.name,
            Recipient.email,
            Recipient.stage,
            Recipient.status,
            Recipient.kind,
            Recipient.viewed_at,
            Recipient.completed_at,
            Recipient.external_subject,
        )
        .where(Recipient.envelope == envelope_id)
        .order_by(Recipient.stage)
    )
    recipients.sort(key=in_role_order(await role_positions(row["template_version"])))
    version = (
        await TemplateVersion.select(
            TemplateVersion.template, TemplateVersion.number, TemplateVersion.sha256
        )
        .where(TemplateVersion.id == row["template_version"])
        .first()
    )
    assert version is not None
    return {
        "id": str(row["id"]),
        "status": row["status"],
        "template_id": str(version["template"]),
        "template_version": version["number"],
        "created_at": iso(row["created_at"]),
        "completed_at": iso(row["completed_at"]),
        "sealed": row["sealed_file"] is not None,
        # what happens to the sealed PDF: sealing, retrying, failed (runtime/jobs/seal.py)
        "seal": await seal_report(row["id"]),
        "expires_at": iso(row["expires_at"]),
        # one column holds both: a signer's reason to decline, or the sender's to void
        "decline_reason": None if row["status"] == "voided" else row["decline_reason"] or None,
        "void_reason": row["decline_reason"] or None if row["status"] == "voided" else None,
        "answers": row["answers"],
        "tags": (await tags_of([envelope_id])).get(str(envelope_id), []),
        # groups: the organisation whose legal name and brand the envelope presents
        "sent_as": str(presenting_organisation_id(row)),
        # how it was made: api, cli, designer, embed, link, demo (None: not recorded)
        "sent_via": row["sent_via"] or None,
        "recipients": [
            {
                "id": str(r["id"]),
                "role": r["role"],
                "name": r["name"],
                "email": r["email"],
                "kind": r["kind"],
                "stage": r["stage"],
                "status": r["status"],
                "viewed_at": iso(r["viewed_at"]),
                "completed_at": iso(r["completed_at"]),
                # an embedded form: the intranet token's sub (stored as "iss|sub")
                "sso_subject": r["external_subject"].partition("|")[2] or None,
            }
            for r in recipients
        ],
    }


async def envelope_row(organisation_id: uuid.UUID, envelope_id: uuid.UUID) -> dict[str, Any]:
    row = (
        await Envelope.select()
        .where((Envelope.id == envelope_id) & (Envelope.organisation == organisation_id))
        .output(load_json=True)
        .first()
    )
    if row is None:
        raise NotFound(f"No envelope with id {envelope_id}.")
    return row


async def recipient_row(
    envelope_id: uuid.UUID, recipient_id: uuid.UUID, *columns: Any
) -> dict[str, Any]:
    """These columns of one recipient of this envelope (found by `envelope_row` first)."""
    row = (
        await Recipient.select(*columns)
        .where((Recipient.id == recipient_id) & (Recipient.envelope == envelope_id))
        .first()
    )
    if row is None:
        raise NotFound(f"No recipient with id {recipient_id} in this envelope.")
    return row
