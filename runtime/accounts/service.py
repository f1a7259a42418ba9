"""Organisations and API keys."""

import re
import uuid
from dataclasses import dataclass
from typing import Any

from runtime.clock import iso, utcnow
from runtime.errors import Invalid, NotFound
from runtime.tables import ApiKey, Organisation
from runtime.tokens import hash_token, new_token

API_KEY_PREFIX = "fs_"
SCOPES = ("read", "send", "admin")


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
    organisation_id: uuid.UUID, name: str, scopes: tuple[str, ...] = SCOPES
) -> str:
    """Make a key and return it in full: the only time anyone sees it."""
    unknown = set(scopes) - set(SCOPES)
    if unknown:
        raise Invalid(f"unknown scope(s): {', '.join(sorted(unknown))}")
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
    return token


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
        await ApiKey.select(ApiKey.id, ApiKey.organisation, ApiKey.scopes, ApiKey.revoked_at)
        .where(ApiKey.key_hash == hash_token(token))
        .first()
    )
    if row is None or row["revoked_at"] is not None:
        return None
    return Caller(row["organisation"], row["id"], frozenset(row["scopes"].split(",")))


async def revoke_api_key(organisation_id: uuid.UUID, api_key_id: uuid.UUID) -> None:
    """Revoke at once; another organisation's key id is a 404."""
    revoked = (
        await ApiKey.update({ApiKey.revoked_at: utcnow()})
        .where((ApiKey.id == api_key_id) & (ApiKey.organisation == organisation_id))
        .returning(ApiKey.id)
    )
    if not revoked:
        raise NotFound(f"No API key with id {api_key_id}.")


async def revoke_by_prefix(prefix: str) -> int:
    """For the CLI: revoke every key whose shown prefix matches."""
    rows = (
        await ApiKey.update({ApiKey.revoked_at: utcnow()})
        .where((ApiKey.prefix == prefix) & ApiKey.revoked_at.is_null())
        .returning(ApiKey.id)
    )
    return len(rows)


async def list_api_keys(organisation_id: uuid.UUID) -> list[dict[str, Any]]:
    rows = (
        await ApiKey.select(
            ApiKey.id,
            ApiKey.name,
            ApiKey.prefix,
            ApiKey.scopes,
            ApiKey.created_at,
            ApiKey.revoked_at,
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
        }
        for r in rows
    ]
