"""An organisation's embedding settings: who may frame its forms and how their JWTs are
checked. The one place these rules live: the API (`PUT /api/v1/organisation/embedding`)
and the designer's Embedding screen both call `save_embedding`, so an origin, an issuer or
a JWKS URL is judged the same way, with the same words, wherever it is typed.

The HS256 secret is generated here (hex: a secret starting with "-" broke command lines,
`--secret -x…`) and handed back only by the call that created or rotated it: reading the
settings later (the API's GET, the designer's screen) says whether one is set, when it was
made and its last characters, never the secret. The audit trail records that it changed,
never the secret.
"""

import secrets
import uuid
from dataclasses import dataclass
from typing import Any

import anyio

from components import parse_definition
from runtime import audit
from runtime.clock import iso
from runtime.database import transaction
from runtime.embed import jwks
from runtime.embed.service import _signer_role, normalise_origin
from runtime.errors import Conflict, Invalid
from runtime.organisations.hierarchy import describe
from runtime.organisations.sharing import shared_by_slug, shared_templates
from runtime.outbound import Unresolvable
from runtime.tables import AuditEvent, Organisation, Template
from runtime.templates.service import latest_version

ISSUER_MAX = 500
AUDIENCE_MAX = 200
MAX_AGE_RANGE = (30, 86400)
MODES = ("hs256", "jwks")


class EmbeddingInvalid(Invalid):
    """Every problem of one save, by field (`origins`, `issuer`, `audience`,
    `max_age_seconds`, `jwks_url`): the designer shows each beside its field, the API
    answers with them joined in `detail` and, one by one, in `errors` with their paths."""

    def __init__(self, errors: dict[str, str]) -> None:
        sentences = (m if m.endswith((".", "?", "!")) else f"{m}." for m in errors.values())
        problems = [{"path": f"$.{key}", "message": message} for key, message in errors.items()]
        super().__init__(" ".join(sentences), extra={"errors": problems})
        self.errors = errors


@dataclass(frozen=True)
class EmbeddingChange:
    """What an administrator asks for; `rotate_secret` only means something in hs256 mode."""

    origins: list[str]
    issuer: str
    mode: str = "hs256"
    jwks_url: str = ""
    audience: str = "formseal"
    max_age_seconds: int = 300
    rotate_secret: bool = False

    def __post_init__(self) -> None:
        """Without the spaces around them, from the API as from the designer's form: a
        token's `iss` never matched an issuer saved as " https://idp.example.com "."""
        for name in ("issuer", "jwks_url", "audience"):
            object.__setattr__(self, name, getattr(self, name).strip())


def view(row: dict[str, Any], secret_created_at: str | None = None) -> dict[str, Any]:
    """The settings as the API and the screen show them: whether a shared secret is set,
    when it was made and its last four characters (to tell which one an intranet holds),
    never the secret itself: that is shown once, by the call that creates or rotates it."""
    secret = row["embed_secret"]
    return {
        "origins": row["embed_origins"].split(),
        "issuer": row["embed_issuer"],
        "audience": row["embed_audience"],
        "mode": "hs256" if secret else ("jwks" if row["embed_jwks_url"] else None),
        "secret_set": bool(secret),
        "secret_ends_with": secret[-4:] if secret else None,
        "secret_created_at": secret_created_at if secret else None,
        "jwks_url": row["embed_jwks_url"] or None,
        "max_age_seconds": row["embed_max_age_seconds"],
    }


async def _secret_created_at(organisation_id: uuid.UUID) -> str | None:
    """When the current secret was made: the latest `organisation.embedding_changed` event
    that says a new one was generated (the audit trail is the record, no extra column)."""
    events = (
        await AuditEvent.select(AuditEvent.data, AuditEvent.created_at)
        .where(
            (AuditEvent.organisation == organisation_id)
            & (AuditEvent.envelope.is_null())
            & (AuditEvent.action == "organisation.embedding_changed")
        )
        .order_by(AuditEvent.id, ascending=False)
        .output(load_json=True)
    )
    for event in events:
        if isinstance(event["data"], dict) and event["data"].get("secret") == "new":
            return iso(event["created_at"])
    return None


async def get_embedding(organisation_id: uuid.UUID) -> dict[str, Any]:
    row = await Organisation.select().where(Organisation.id == organisation_id).first()
    assert row is not None
    created = await _secret_created_at(organisation_id) if row["embed_secret"] else None
    return view(row, created)


def is_on(settings: dict[str, Any]) -> bool:
    """Whether an intranet page can show a form today: an origin and a way to check tokens."""
    return bool(settings["origins"] and settings["issuer"] and settings["mode"])


def _not_origins(refused: list[str]) -> str:
    """Every origin refused, in one sentence (as normalise_origin words one): naming only
    the first hid the others until it was fixed."""
    named = [f"'{origin}'" for origin in refused]
    if len(named) == 1:
        return f"{named[0]} is not an origin like https://intranet.example.com"
    listed = f"{', '.join(named[:-1])} and {named[-1]}"
    return f"{listed} are not origins like https://intranet.example.com"


async def _check(
    organisation_id: uuid.UUID, change: EmbeddingChange, jwks_allowed_hosts: str
) -> list[str]:
    """The normalised origins, or EmbeddingInvalid naming every field in error."""
    errors: dict[str, str] = {}
    origins: set[str] = set()
    refused: list[str] = []
    for origin in (o for o in change.origins if o.strip()):
        try:
            origins.add(normalise_origin(origin))
        except Invalid:
            refused.append(origin)
    if refused:
        errors["origins"] = _not_origins(refused)
    if not origins and "origins" not in errors:
        errors["origins"] = "List at least one origin, like https://intranet.example.com."
    if not change.issuer.strip():
        errors["issuer"] = "Give the issuer: the iss claim of the intranet's tokens."
    elif len(change.issuer) > ISSUER_MAX:
        errors["issuer"] = f"The issuer is longer than {ISSUER_MAX} characters."
    elif await Organisation.exists().where(
        (Organisation.embed_issuer == change.issuer) & (Organisation.id != organisation_id)
    ):
        errors["issuer"] = "Another organisation already uses this issuer."
    if not change.audience.strip():
        errors["audience"] = "Give the audience: the aud claim of the intranet's tokens."
    elif len(change.audience) > AUDIENCE_MAX:
        errors["audience"] = f"The audience is longer than {AUDIENCE_MAX} characters."
    low, high = MAX_AGE_RANGE
    if not low <= change.max_age_seconds <= high:
        errors["max_age_seconds"] = f"The maximum age is {low} to {high} seconds."
    if change.mode not in MODES:
        errors["mode"] = "Choose a shared secret (HS256) or the identity provider's JWKS URL."
    elif change.mode == "jwks" and (
        problem := await anyio.to_thread.run_sync(
            _jwks_url_problem, change.jwks_url, jwks_allowed_hosts
        )
    ):
        errors["jwks_url"] = problem
    if errors:
        raise EmbeddingInvalid(errors)
    return sorted(origins)


def _jwks_url_problem(url: str, allowed_hosts: str) -> str | None:
    """The URL's shape, then its address as a fetch would judge it (jwks.target). A host
    that does not resolve now is let through: it is judged again at every fetch."""
    try:
        jwks.target(url, allowed_hosts)
    except Unresolvable:
        return None
    except Invalid as exc:
        if exc.detail.endswith(f"add it to {jwks.SETTING} to allow it."):
            return f"{exc.detail} That is a setting of the server: ask whoever runs formseal."
        return exc.detail
    return None


CHANGED_MEANWHILE = (
    "Another request changed the embedding settings (and their shared secret) at the same "
    "moment; nothing was saved here. Read them again (GET) and send yours if still needed."
)


async def save_embedding(
    organisation_id: uuid.UUID,
    change: EmbeddingChange,
    *,
    actor: str,
    jwks_allowed_hosts: str,
) -> tuple[dict[str, Any], str | None]:
    """Check and store the settings; returns them and the secret if this call created or
    rotated it (None otherwise: an unchanged secret is not handed out again). A JWKS URL
    must reach an address FORMSEAL_JWKS_ALLOWED_HOSTS (`jwks_allowed_hosts`) permits."""
    origins = await _check(organisation_id, change, jwks_allowed_hosts)
    row = await Organisation.select().where(Organisation.id == organisation_id).first()
    assert row is not None
    values: dict[Any, Any] = {
        Organisation.embed_origins: " ".join(origins),
        Organisation.embed_issuer: change.issuer,
        Organisation.embed_audience: change.audience,
        Organisation.embed_max_age_seconds: change.max_age_seconds,
    }
    new_secret = None
    if change.mode == "hs256":
        if not row["embed_secret"] or change.rotate_secret:
            new_secret = secrets.token_hex(32)
        values[Organisation.embed_secret] = new_secret or row["embed_secret"]
        values[Organisation.embed_jwks_url] = ""
    else:
        values[Organisation.embed_secret] = ""
        values[Organisation.embed_jwks_url] = change.jwks_url
    async with transaction():
        # only over the secret that was read: of two saves or rotations at once, one wins and
        # the other is a 409, so no answer hands out a secret that was overwritten
        saved = (
            await Organisation.update(values)
            .where(
                (Organisation.id == organisation_id)
                & (Organisation.embed_secret == row["embed_secret"])
            )
            .returning(Organisation.id)
        )
        if not saved:
            raise Conflict(CHANGED_MEANWHILE)
        await audit.record(
            organisation_id,
            "organisation.embedding_changed",
            actor=actor,
            data={
                "origins": origins,
                "issuer": change.issuer,
                "audience": change.audience,
                "mode": change.mode,
                "jwks_url": change.jwks_url if change.mode == "jwks" else "",
                "max_age_seconds": change.max_age_seconds,
                "secret": "new" if new_secret else "",
            },
        )
    return await get_embedding(organisation_id), new_secret


async def rotate_secret(organisation_id: uuid.UUID, *, actor: str) -> str:
    """A new HS256 secret, the other settings kept; tokens minted with the old one fail."""
    current = await get_embedding(organisation_id)
    if current["mode"] != "hs256":
        raise Conflict("Only a shared secret (HS256) can be rotated; save that mode first.")
    change = EmbeddingChange(
        origins=current["origins"],
        issuer=current["issuer"],
        audience=current["audience"],
        max_age_seconds=current["max_age_seconds"],
        rotate_secret=True,
    )
    _, secret = await save_embedding(organisation_id, change, actor=actor, jwks_allowed_hosts="")
    assert secret is not None
    return secret


async def turn_off(organisation_id: uuid.UUID, *, actor: str) -> dict[str, Any]:
    """No intranet page may frame the forms any more: origins, issuer and keys are cleared
    and the audience and maximum age go back to their defaults, so the settings read as
    before anything was set (the secret is gone for good; turning embedding on again
    makes a new one)."""
    async with transaction():
        await Organisation.update(
            {
                Organisation.embed_origins: "",
                Organisation.embed_issuer: "",
                Organisation.embed_audience: EmbeddingChange.audience,
                Organisation.embed_secret: "",
                Organisation.embed_jwks_url: "",
                Organisation.embed_max_age_seconds: EmbeddingChange.max_age_seconds,
            }
        ).where(Organisation.id == organisation_id)
        await audit.record(organisation_id, "organisation.embedding_turned_off", actor=actor)
    return await get_embedding(organisation_id)


async def embeddable_templates(organisation_id: uuid.UUID) -> list[dict[str, Any]]:
    """The published templates `/embed/<slug>` would open for this organisation (its own,
    then those its group shares with it), each with the token claims its fields take and,
    when it cannot be embedded, why not."""
    own = (
        await Template.select(Template.id, Template.slug, Template.name)
        .where(
            (Template.organisation == organisation_id)
            & (Template.status == "active")
            & (Template.latest_version > 0)
        )
        .order_by(Template.name)
    )
    taken = {t["slug"] for t in own}
    shared: list[dict[str, Any]] = []
    for slug in dict.fromkeys(t["slug"] for t in await shared_templates(organisation_id)):
        if slug not in taken:  # an own template of that slug wins, as in the embed
            found = await shared_by_slug(organisation_id, slug)
            if found is not None:
                shared.append(found)
    owners = {r["id"]: r["name"] for r in await describe([t["organisation"] for t in shared])}
    listed = []
    for template in [*own, *shared]:
        definition = parse_definition((await latest_version(template["id"]))["definition"])
        try:
            _signer_role(definition)
            reason = ""
        except Conflict as exc:
            reason = exc.detail
        claims = sorted(
            {
                f.prefill.claim
                for _, f in definition.fields()
                if f.prefill and f.prefill.source == "sso" and f.prefill.claim
            }
        )
        listed.append(
            {
                "slug": template["slug"],
                "name": template["name"],
                "shared_by": owners.get(template.get("organisation"), ""),
                "claims": claims,
                "reason": reason,
            }
        )
    return listed
