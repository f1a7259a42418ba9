"""Starting (or resuming) a signing session from an intranet page's JWT.

The JWT's issuer names the organisation; its subject is the person. The same person
opening the same template again resumes their unfinished envelope instead of starting
another. The JWT identity is recorded in the audit trail as the identity check.
"""

import ipaddress
import re
import uuid
from typing import Any
from urllib.parse import urlsplit

from components import Definition, parse_definition
from runtime.embed.tokens import EmbedConfig, TokenRefused, unverified_issuer, verify
from runtime.envelopes.links import signing_url
from runtime.envelopes.schemas import EnvelopeCreate, RecipientIn
from runtime.envelopes.service import create_envelope
from runtime.envelopes.states import move_recipient, try_move_envelope
from runtime.errors import Conflict, Invalid, NotFound
from runtime.organisations.sharing import shared_by_slug
from runtime.settings import Settings
from runtime.tables import Envelope, Job, Organisation, Recipient, Template, TemplateVersion
from runtime.templates.service import latest_version

# One DNS label: letters, digits and inner hyphens (IDN hosts are checked in their
# ASCII form, the one browsers send as the origin).
_LABEL = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?")


def normalise_origin(origin: str) -> str:
    """`scheme://host[:port]` exactly, lower-case; anything else is refused.

    The origins go into the `frame-ancestors` directive of signer pages, separated by
    spaces: a host with a space, `;`, `*` or a quote would add sources or directives."""
    problem = Invalid(f"'{origin}' is not an origin like https://intranet.example.com")
    parts = urlsplit(origin.strip())
    if parts.scheme not in ("https", "http") or not parts.hostname or parts.path not in ("", "/"):
        raise problem
    if parts.query or parts.fragment or parts.username or parts.password is not None:
        raise problem
    try:
        port = f":{parts.port}" if parts.port else ""
    except ValueError:  # not a number, or above 65535
        raise problem from None
    return f"{parts.scheme}://{_host(parts.hostname, problem)}{port}"


def _host(hostname: str, problem: Invalid) -> str:
    try:
        return f"[{ipaddress.IPv6Address(hostname)}]"
    except ValueError:
        pass
    try:
        ascii_host = hostname.encode("idna").decode("ascii").lower()
    except UnicodeError:
        raise problem from None
    if len(ascii_host) > 253 or not all(_LABEL.fullmatch(p) for p in ascii_host.split(".")):
        raise problem
    return ascii_host


def allowed_origins(organisation: dict[str, Any]) -> list[str]:
    return [o for o in organisation["embed_origins"].split() if o]


async def _organisation_for(token: str) -> dict[str, Any]:
    issuer = unverified_issuer(token)
    rows = await Organisation.select().where(Organisation.embed_issuer == issuer).limit(2)
    if not issuer or len(rows) != 1:
        raise TokenRefused("The sign-in token's issuer is not known here.")
    return rows[0]


def _signer_role(definition: Definition) -> str:
    needed = [
        r
        for r in definition.roles
        if r.kind != "cc" and r.condition is None and not r.organisation  # it stamps itself
    ]
    if len(needed) != 1 or needed[0].kind != "signer":
        raise Conflict("This template needs more parties than an embedded form can name.")
    return needed[0].key


async def start(settings: Settings, template_slug: str, token: str, origin: str | None) -> str:
    """The signing URL for the token's person on this template (new or resumed)."""
    org = await _organisation_for(token)
    config = EmbedConfig(
        issuer=org["embed_issuer"],
        audience=org["embed_audience"],
        secret=org["embed_secret"],
        jwks_url=org["embed_jwks_url"],
        max_age_seconds=org["embed_max_age_seconds"],
        jwks_allowed_hosts=settings.jwks_allowed_hosts,
    )
    claims = await verify(token, config)
    frame_origin = _frame_origin(org, origin)
    template = (
        await Template.select(Template.id)
        .where(
            (Template.organisation == org["id"])
            & (Template.slug == template_slug)
            & (Template.status == "active")
        )
        .first()
    )
    if template is None:  # groups: a form the organisations above share with this one
        template = await shared_by_slug(org["id"], template_slug)
    if template is None:
        # the organisation the token's issuer named: a token minted with another
        # organisation's issuer (a second subsidiary) reads as a wrong slug otherwise
        raise NotFound(
            f"No form called '{template_slug}' is published for embedding in {org['name']}."
        )
    subject = f"{claims['iss']}|{claims['sub']}"
    resumed = await _unfinished(template["id"], subject, org["id"])
    if resumed is not None:
        # opened again from another allowed page (intranet.example.com, then its short
        # name): its events and sizes go to the page that framed it now, or that page
        # hears nothing and its frame stays 480 px high
        await Recipient.update({Recipient.embed_origin: frame_origin}).where(
            Recipient.id == resumed["id"]
        )
        return signing_url(settings, resumed)
    definition = parse_definition((await latest_version(template["id"]))["definition"])
    role = _signer_role(definition)
    prefill = {
        f.key: claims[f.prefill.claim]
        for _, f in definition.fields()
        if f.prefill and f.prefill.source == "sso" and f.prefill.claim in claims
    }
    email = str(claims.get("email") or "")
    request = EnvelopeCreate(
        template_id=template["id"],
        recipients=[RecipientIn(role=role, name=_name_claim(claims), email=email)],
        prefill=prefill,
    )
    try:
        envelope = await create_envelope(
            org["id"], request, settings=settings, actor=f"embed:{subject}"
        )
    except Invalid as exc:  # the API's wording ("The recipients are not valid.") says the
        raise Invalid(_claims_problem(exc, definition, claims)) from None  # wrong thing here
    recipient = (
        await Recipient.select().where(Recipient.envelope == uuid.UUID(envelope["id"])).first()
    )
    assert recipient is not None
    await Recipient.update(
        {Recipient.embed_origin: frame_origin, Recipient.external_subject: subject}
    ).where(Recipient.id == recipient["id"])
    # The person is signing right now inside the intranet page: no invitation mail.
    await Job.update({Job.status: "cancelled"}).where(Job.dedupe_key == f"invite:{recipient['id']}")
    await move_recipient(recipient, org["id"], "viewed")
    await move_recipient(
        {**recipient, "status": "viewed"},
        org["id"],
        "verified",
        data={"method": "sso", "issuer": claims["iss"], "subject": str(claims["sub"])},
    )
    row = (
        await Envelope.select(Envelope.id, Envelope.organisation)
        .where(Envelope.id == uuid.UUID(envelope["id"]))
        .first()
    )
    assert row is not None
    await try_move_envelope(row, "in_progress", actor=f"embed:{subject}")
    return signing_url(settings, recipient)


def _name_claim(claims: dict[str, Any]) -> str:
    """The person's name: the `name` claim, else the subject. A name that is not text (an
    object or a list) would become the recipient "{'x': 1}" on every page and in the
    sealed PDF: refused, naming the claim."""
    name = claims.get("name")
    if name is None or (isinstance(name, str) and not name.strip()):
        return str(claims["sub"])
    if not isinstance(name, str):
        raise Invalid(
            f"The sign-in token's name claim ({repr(name)[:60]}) does not fit this form: "
            "it must be text, the person's full name, like 'Kim Lee'."
        )
    return name


def _claims_problem(exc: Invalid, definition: Definition, claims: dict[str, Any]) -> str:
    """Which of the token's claims does not fit the form, and why: one sentence a claim."""
    problems: dict[str, str] = {}
    for error in exc.extra.get("errors", []):
        path, message = str(error.get("path", "")), str(error.get("message", ""))
        claim = ""
        if path.startswith("$.recipients[0]."):
            claim = path.rsplit(".", 1)[1]
        elif path.startswith("$.prefill."):
            field = definition.field(path.removeprefix("$.prefill."))
            claim = (field.prefill.claim or "") if field is not None and field.prefill else ""
        if claim:
            problems.setdefault(claim, message.rstrip("."))
    if not problems:
        return exc.detail
    return " ".join(
        f"The sign-in token's {claim} claim ({repr(claims.get(claim))[:60]}) does not fit this "
        f"form: {message}."
        for claim, message in problems.items()
    )


def _frame_origin(org: dict[str, Any], origin: str | None) -> str:
    allowed = allowed_origins(org)
    if not allowed:
        raise Conflict("No intranet origin may embed this organisation's forms yet.")
    if origin:
        wanted = normalise_origin(origin)
        if wanted not in allowed:
            raise TokenRefused(
                f"{wanted} may not embed this organisation's forms.",
                f"allowed origins: {', '.join(allowed)}",
            )
        return wanted
    return allowed[0]


async def _unfinished(
    template_id: uuid.UUID, subject: str, organisation_id: uuid.UUID
) -> dict[str, Any] | None:
    """The person's open envelope of this template in this organisation (a template shared
    by a parent is embedded by several subsidiaries: each resumes only its own)."""
    versions = [
        v["id"]
        for v in await TemplateVersion.select(TemplateVersion.id).where(
            TemplateVersion.template == template_id
        )
    ]
    rows = await Recipient.select().where(
        (Recipient.external_subject == subject)
        & Recipient.status.is_in(["notified", "viewed", "verified"])
    )
    for row in rows:
        envelope = (
            await Envelope.select(Envelope.template_version, Envelope.status)
            .where((Envelope.id == row["envelope"]) & (Envelope.organisation == organisation_id))
            .first()
        )
        if (
            envelope
            and envelope["template_version"] in versions
            and envelope["status"] in ("sent", "in_progress")
        ):
            return row
    return None
