"""Organisations and API keys."""

import datetime as dt
import re
import uuid
from dataclasses import dataclass
from typing import Any

from runtime import audit
from runtime.clock import iso, utcnow
from runtime.errors import Invalid, NotFound
from runtime.tables import ApiKey, Organisation
from runtime.tokens import hash_token, new_token

API_KEY_PREFIX = "fs_"
SCOPES = ("read", "send", "admin")
#: what each scope allows, for the designer's API keys screen and the CLI's help
SCOPE_WORDS = {
    "read": "get and list templates and envelopes, download sealed PDFs and audit trails",
    "send": "create, remind and void envelopes",
    "admin": "import and publish templates, manage webhooks and API keys, and all of the above",
}
#: a key's last use is written at most this often, so busy keys cost no write per request
USED_EVERY = dt.timedelta(minutes=5)


@dataclass(frozen=True)
class Caller:
    """Who is calling the API: the key's organisation and scopes."""

    organisation_id: uuid.UUID
    api_key_id: uuid.UUID
    scopes: frozenset[str]


def slugify(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug[:80] or "item"


async def ensure_organisation(name: str) -> uuid.UUID:
    """The organisation with this name's slug, created if missing."""
    slug = slugify(name)
    row = await Organisation.select(Organisation.id).where(Organisation.slug == slug).first()
    if row:
        return row["id"]
    org = Organisation(name=name, slug=slug)
    await org.save()
    return org.id


async def existing_organisation(
    name: str, *, create_default: str = "", create_first: bool = False
) -> uuid.UUID:
    """The organisation called `name` (or with that slug); NotFound lists the ones there
    are, so a typo never creates an organisation nobody can sign in to. `create_default`
    names the one organisation made when missing (a fresh instance's first import);
    `create_first` makes `name` when there is no organisation at all yet (the first
    `formseal createuser` or `formseal demo` on a fresh instance)."""
    slug = slugify(name)
    row = (
        await Organisation.select(Organisation.id)
        .where((Organisation.slug == slug) | (Organisation.slug == name))
        .first()
    )
    if row:
        return row["id"]
    if create_default and name == create_default:
        return await ensure_organisation(name)
    if create_first and not await Organisation.count():
        return await ensure_organisation(name)
    names = [
        r["name"] for r in await Organisation.select(Organisation.name).order_by(Organisation.name)
    ]
    known = f" The organisations here are: {', '.join(names)}." if names else ""
    raise NotFound(
        f"There is no organisation called “{name}”.{known} "
        "Create one with `formseal org create NAME`."
    )


async def create_api_key(
    organisation_id: uuid.UUID, name: str, scopes: tuple[str, ...] = SCOPES, *, actor: str = ""
) -> str:
    """Make a key and return it in full: the only time anyone sees it. With an `actor`
    (someone in the designer) it is recorded in the organisation's audit trail."""
    problem = scopes_problem(scopes)
    if problem:
        raise Invalid(problem)
    scopes = distinct_scopes(scopes)
    if not scopes:
        raise Invalid(f"Give the key at least one scope: {', '.join(SCOPES)}.")
    token = new_token(API_KEY_PREFIX)
    await ApiKey(
        organisation=organisation_id,
        name=name,
        prefix=token[:10],
        key_hash=hash_token(token),
        scopes=",".join(scopes),
    ).save()
    if actor:
        data = {"name": name, "prefix": token[:10], "scopes": list(scopes)}
        await audit.record(organisation_id, "organisation.api_key_created", actor=actor, data=data)
    return token


def distinct_scopes(scopes: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """Each scope once, in the order given: `read,read` is stored, listed and shown as
    `read`, not as two scopes."""
    return tuple(dict.fromkeys(scopes))


def scopes_problem(scopes: tuple[str, ...] | list[str]) -> str:
    """'' when every scope is one there is, else a sentence naming the unknown ones."""
    unknown = sorted(set(scopes) - set(SCOPES))
    if not unknown:
        return ""
    return f"Unknown scope(s): {', '.join(unknown)}. The scopes are {', '.join(SCOPES)}."


async def api_key_id(token: str) -> uuid.UUID:
    """The id of a key just created (what DELETE /api/v1/api-keys/{id} takes)."""
    row = await ApiKey.select(ApiKey.id).where(ApiKey.key_hash == hash_token(token)).first()
    assert row is not None
    return uuid.UUID(str(row["id"]))


async def authenticate(token: str) -> Caller | None:
    """The caller for a bearer token, or None for unknown and revoked keys."""
    if not token.startswith(API_KEY_PREFIX) or len(token) > 200:
        return None
    row = (
        await ApiKey.select(
            ApiKey.id, ApiKey.organisation, ApiKey.scopes, ApiKey.revoked_at, ApiKey.last_used_at
        )
        .where(ApiKey.key_hash == hash_token(token))
        .first()
    )
    if row is None or row["revoked_at"] is not None:
        return None
    now = utcnow()
    if row["last_used_at"] is None or row["last_used_at"] < now - USED_EVERY:
        await ApiKey.update({ApiKey.last_used_at: now}).where(ApiKey.id == row["id"])
    return Caller(row["organisation"], row["id"], frozenset(row["scopes"].split(",")))


async def revoke_api_key(
    organisation_id: uuid.UUID, api_key_id: uuid.UUID, *, actor: str = ""
) -> None:
    """Revoke at once; another organisation's key id is a 404. Revoking a revoked key
    changes nothing. With an `actor`, recorded in the audit trail."""
    theirs = (ApiKey.id == api_key_id) & (ApiKey.organisation == organisation_id)
    revoked = (
        await ApiKey.update({ApiKey.revoked_at: utcnow()})
        .where(theirs & ApiKey.revoked_at.is_null())
        .returning(ApiKey.id, ApiKey.name, ApiKey.prefix)
    )
    if not revoked:
        if await ApiKey.exists().where(theirs):
            return  # revoked before: keep the time it was
        raise NotFound(f"No API key with id {api_key_id}.")
    if actor:
        data = {"name": revoked[0]["name"], "prefix": revoked[0]["prefix"]}
        await audit.record(organisation_id, "organisation.api_key_revoked", actor=actor, data=data)


async def list_api_keys(organisation_id: uuid.UUID) -> list[dict[str, Any]]:
    rows = (
        await ApiKey.select(
            ApiKey.id,
            ApiKey.name,
            ApiKey.prefix,
            ApiKey.scopes,
            ApiKey.created_at,
            ApiKey.revoked_at,
            ApiKey.last_used_at,
        )
        .where(ApiKey.organisation == organisation_id)
        .order_by(ApiKey.created_at)
    )
    return [
        {
            "id": str(r["id"]),
            "name": r["name"],
            "prefix": r["prefix"],
            "scopes": r["scopes"].split(","),
            "created_at": iso(r["created_at"]),
            "revoked_at": iso(r["revoked_at"]),
            "last_used_at": iso(r["last_used_at"]),
        }
        for r in rows
    ]
