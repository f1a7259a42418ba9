"""`formseal apikey revoke PREFIX [--organisation NAME]`: revoke keys by the prefix the
lists show, never another organisation's by surprise.

A prefix is the first 10 characters of a key. Should it match active keys of more than one
organisation, nothing is revoked until `--organisation` says whose; the whole key is taken
too (it names exactly one key)."""

import uuid
from dataclasses import dataclass

from runtime import audit
from runtime.accounts.service import API_KEY_PREFIX
from runtime.clock import utcnow
from runtime.errors import Conflict, NotFound
from runtime.tables import ApiKey
from runtime.tokens import hash_token

PREFIX_LENGTH = 10


@dataclass(frozen=True)
class RevokedKey:
    """A key just revoked, as the command reports it."""

    name: str
    prefix: str
    organisation: str


def _matching(given: str) -> object:
    """Keys whose shown prefix is `given`, or the one key that `given` is in full."""
    if len(given) > PREFIX_LENGTH and given.startswith(API_KEY_PREFIX):
        return ApiKey.key_hash == hash_token(given)
    return ApiKey.prefix == given


async def revoke_by_prefix(
    given: str, *, organisation_id: uuid.UUID | None = None, actor: str = ""
) -> list[RevokedKey]:
    """Revoke the active keys `given` names (in `organisation_id` when given). NotFound when
    none is active; Conflict, revoking nothing, when they belong to several organisations
    and none was named. With an `actor`, each is recorded in its organisation's audit trail."""
    where = _matching(given)
    if organisation_id is not None:
        where = where & (ApiKey.organisation == organisation_id)  # type: ignore[operator]
    columns = (ApiKey.id, ApiKey.organisation, ApiKey.name, ApiKey.prefix)
    active = await ApiKey.select(
        *columns, ApiKey.organisation.name.as_alias("organisation_name")
    ).where(where & ApiKey.revoked_at.is_null())  # type: ignore[operator]
    if not active:
        raise NotFound(await _none_active(given, where))
    owners = sorted({r["organisation_name"] for r in active})
    if len(owners) > 1 and organisation_id is None:
        raise Conflict(
            f"{given} is the prefix of active keys of {len(owners)} organisations: "
            f"{', '.join(owners)}. Nothing was revoked; say whose with --organisation NAME."
        )
    ids = [r["id"] for r in active]
    revoked = await (
        ApiKey.update({ApiKey.revoked_at: utcnow()})
        .where(ApiKey.id.is_in(ids) & ApiKey.revoked_at.is_null())
        .returning(*columns)
    )
    names = {r["id"]: r["organisation_name"] for r in active}
    if actor:
        for row in revoked:
            data = {"name": row["name"], "prefix": row["prefix"]}
            await audit.record(
                row["organisation"], "organisation.api_key_revoked", actor=actor, data=data
            )
    return [RevokedKey(r["name"], r["prefix"], names[r["id"]]) for r in revoked]


async def _none_active(given: str, where: object) -> str:
    """Why nothing was revoked: no such key (in that organisation), or revoked before."""
    before = await ApiKey.select(ApiKey.revoked_at).where(where).first()  # type: ignore[arg-type]
    if before is not None:
        when = before["revoked_at"].strftime("%Y-%m-%d %H:%M")
        return f"The API key {given} was already revoked ({when} UTC)."
    return f"No active API key starts with {given}."
