"""Signed prefill links: `/f/<template id>?p.<field>=…&exp=…&sig=…`.

The signature is HMAC-SHA256 over the sorted query (without `sig`), keyed per organisation
from the instance secret, so nobody can edit a link to change a price. Only fields whose
prefill source is `url` may be set by a link; opening a link starts a new envelope.

A subsidiary may make links for a template its group shares with it, as it may send it
(docs/groups.md): such a link names the subsidiary (`org`, signed with its key), and the
envelope it starts is the subsidiary's. A link without `org` is the template owner's.
"""

import hashlib
import hmac
import time
import uuid
from types import SimpleNamespace
from typing import Any
from urllib.parse import urlencode

from components import FieldError, get_component, parse_definition
from components.label_names import label_source
from components.wording import labels_from
from runtime.embed.service import _signer_role
from runtime.envelopes.links import signing_url
from runtime.envelopes.schemas import EnvelopeCreate, RecipientIn
from runtime.envelopes.service import create_envelope
from runtime.errors import Forbidden, Gone, Invalid, NotFound
from runtime.organisations.sharing import sendable_template
from runtime.settings import Settings
from runtime.tables import Envelope, Job, Recipient, Template
from runtime.templates.service import latest_version

MAX_DAYS = 365


def _key(settings: Settings, organisation_id: uuid.UUID) -> bytes:
    return hmac.new(
        settings.resolved_secret_key().encode(),
        f"prefill-link:{organisation_id}".encode(),
        hashlib.sha256,
    ).digest()


def _signature(key: bytes, params: dict[str, str]) -> str:
    canonical = urlencode(sorted((k, v) for k, v in params.items() if k != "sig"))
    return hmac.new(key, canonical.encode(), hashlib.sha256).hexdigest()


async def _template(template_id: uuid.UUID) -> dict[str, Any]:
    """The active template a link opens, whoever owns it (the signature says who sent it)."""
    row = (
        await Template.select(Template.id, Template.organisation, Template.status)
        .where(Template.id == template_id)
        .first()
    )
    if row is None or row["status"] != "active":
        raise NotFound(f"No template with id {template_id}.")
    return row


def _recipient_problems(recipient: RecipientIn) -> list[dict[str, str]]:
    """The link's signer: a name, and an address checked as an envelope's recipients are.
    Checking only for an "@" handed out links (`"email": "r@"`) whose envelope was refused
    when the signer opened them ("The recipients are not valid.")."""
    problems = []
    if not recipient.name.strip():
        problems.append({"path": "$.recipient.name", "message": "must not be empty"})
    address = recipient.email.strip()
    email = get_component("email")
    assert email is not None
    try:
        if not address:
            raise FieldError("must not be empty")
        email.clean(address, SimpleNamespace(label="email", validation={}, required=False))  # type: ignore[arg-type]
    except FieldError as exc:
        problems.append({"path": "$.recipient.email", "message": exc.message})
    return problems


async def make_link(
    settings: Settings,
    organisation_id: uuid.UUID,
    template_id: uuid.UUID,
    recipient: RecipientIn,
    prefill: dict[str, Any],
    expires_in_days: int,
) -> str:
    # its own template, or one an organisation above it shares: the rule sending follows
    template = await sendable_template(organisation_id, template_id)
    definition = parse_definition((await latest_version(template["id"]))["definition"])
    _signer_role(definition)
    errors = []
    params: dict[str, str] = {}
    by_link = {f.key: f for f in definition.prefilled_by("url")}
    for key, raw in prefill.items():
        field = by_link.get(key)
        if field is None:
            found = definition.field(key)
            kind = get_component(found.component) if found is not None else None
            if found is None:  # a typo, or another template's
                message = f"is not a field of “{definition.name}”"
            elif kind is not None and not kind.can_be_prefilled:  # as the envelope API says
                message = f"is a {kind.name} field, which cannot be filled in beforehand"
            else:
                message = "is not a field a link may prefill (its prefill source must be 'url')"
            errors.append({"path": f"$.prefill.{key}", "message": message})
            continue
        component = get_component(field.component)
        assert component is not None
        try:
            with labels_from(label_source(definition)):  # as the template's language writes
                component.clean(raw, field)
        except FieldError as exc:  # a program's wording: ISO dates, not the signer's
            errors.append({"path": f"$.prefill.{key}", "message": exc.for_api})
            continue
        params[f"p.{key}"] = str(raw)
    errors += _recipient_problems(recipient)
    if errors:
        raise Invalid("The link's values are not valid.", extra={"errors": errors})
    params.update({"name": recipient.name.strip(), "email": recipient.email.strip()})
    if not 1 <= expires_in_days <= MAX_DAYS:
        raise Invalid(f"expires_in_days must be between 1 and {MAX_DAYS}.")
    params["exp"] = str(int(time.time()) + expires_in_days * 86400)
    if template["organisation"] != organisation_id:  # a shared template: whose envelope it is
        params["org"] = str(organisation_id)
    params["sig"] = _signature(_key(settings, organisation_id), params)
    return f"{settings.base_url.rstrip('/')}/f/{template_id}?{urlencode(sorted(params.items()))}"


async def open_link(settings: Settings, template_id: uuid.UUID, params: dict[str, str]) -> str:
    """Check the signature and expiry, then start an envelope; returns its signing URL."""
    template = await _template(template_id)
    changed = Forbidden(
        "This link has been changed or is incomplete. Ask the sender for the link again."
    )
    try:
        sender = uuid.UUID(params["org"]) if "org" in params else template["organisation"]
    except ValueError:
        raise changed from None
    expected = _signature(_key(settings, sender), params)
    if not hmac.compare_digest(expected, params.get("sig", "")):
        raise changed
    if not params.get("exp", "").isdigit() or int(params["exp"]) < time.time():
        raise Gone("This link has expired. Ask the sender for a new one.")
    once = f"link:{params['sig'][:64]}"  # opening the same link again resumes its envelope
    existing = await Envelope.select(Envelope.id).where(Envelope.bulk_key == once).first()
    if existing is not None:
        recipient = await Recipient.select().where(Recipient.envelope == existing["id"]).first()
        assert recipient is not None
        return signing_url(settings, recipient)
    definition = parse_definition((await latest_version(template["id"]))["definition"])
    role = _signer_role(definition)
    prefill = {k[2:]: v for k, v in params.items() if k.startswith("p.")}
    request = EnvelopeCreate(
        template_id=template["id"],
        recipients=[
            RecipientIn(role=role, name=params.get("name", ""), email=params.get("email", ""))
        ],
        prefill=prefill,
    )
    # create_envelope checks again that the sender may still use the template (404 once
    # its owner stops sharing it) and presents it as sending a shared template does
    envelope = await create_envelope(
        sender, request, settings=settings, actor="prefill-link", bulk_key=once
    )
    first = envelope["recipients"][0]
    # The signer is opening the form right now: no invitation mail.
    await Job.update({Job.status: "cancelled"}).where(Job.dedupe_key == f"invite:{first['id']}")
    return first["signing_url"]
