"""An organisation's company stamps: upload, list, deactivate, choose the default, grants.

Every query is scoped to the caller's organisation, so another organisation's stamp id is
simply not found. Stamps are never edited or deleted: a sealed document keeps pointing at
the image it showed (by id and SHA-256), so "removing" a stamp deactivates it.
"""

import hashlib
import uuid
from typing import Any

from runtime import audit
from runtime.clock import utcnow
from runtime.database import transaction
from runtime.errors import Invalid, NotFound
from runtime.files import read_file, store_bytes
from runtime.organisations.sharing import usable_stamp_where
from runtime.settings import Settings
from runtime.stamps.images import StampImageError, clean_stamp_image
from runtime.tables import Stamp

MAX_NAME = 120
DEFAULT = "default"
"""What a stamp field names (or leaves out) to mean "the organisation's default stamp"."""


async def list_stamps(
    organisation_id: uuid.UUID, *, active_only: bool = False, shared: bool = False
) -> list[dict]:
    """Active stamps first (the default first of all), then retired ones; newest first.
    ``shared``: with the stamps organisations above share with this one (groups), to use."""
    where: Any = (
        await usable_stamp_where(organisation_id)
        if shared
        else Stamp.organisation == organisation_id
    )
    if active_only:
        where &= Stamp.active == True  # noqa: E712 (piccolo builds SQL from ==)
    rows = (
        await Stamp.select()
        .where(where)
        .order_by(Stamp.created_at, ascending=False)
        .output(load_json=True)
    )
    return sorted(rows, key=lambda r: (not r["active"], not r["is_default"]))


async def get_stamp(
    organisation_id: uuid.UUID, stamp_id: uuid.UUID | str, *, shared: bool = False
) -> dict[str, Any]:
    """One of the organisation's stamps (``shared``: or one shared with it from above, to
    apply; managing a stamp stays with its owner)."""
    try:
        sid = stamp_id if isinstance(stamp_id, uuid.UUID) else uuid.UUID(str(stamp_id))
    except ValueError:
        raise NotFound(f"No stamp with id {stamp_id}.") from None
    row = (
        await Stamp.select()
        .where(
            (Stamp.id == sid)
            & (
                await usable_stamp_where(organisation_id)
                if shared
                else Stamp.organisation == organisation_id
            )
        )
        .output(load_json=True)
        .first()
    )
    if row is None:
        raise NotFound(f"No stamp with id {stamp_id}.")
    return row


def clean_name(name: str) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise Invalid("Enter a name for the stamp, such as “Company seal”.")
    if len(name) > MAX_NAME:
        raise Invalid(f"The name is too long; use at most {MAX_NAME} characters.")
    return name


async def upload_stamp(
    settings: Settings,
    organisation_id: uuid.UUID,
    *,
    name: str,
    data: bytes,
    actor: str,
    auto_sign: bool = True,
) -> dict[str, Any]:
    """Check, re-encode and store a stamp; the organisation's first stamp is its default."""
    clean = clean_name(name)
    try:
        image = clean_stamp_image(data)
    except StampImageError as exc:  # shown beside the upload box
        raise Invalid(str(exc), extra={"field": "image"}) from None
    stored = await store_bytes(
        settings,
        organisation_id,
        "stamp",
        image.data,
        content_type=image.content_type,
        original_name=f"{clean}.png",
    )
    async with transaction():
        has_default = await Stamp.exists().where(
            (Stamp.organisation == organisation_id)
            & (Stamp.active == True)  # noqa: E712
            & (Stamp.is_default == True)  # noqa: E712
        )
        stamp = Stamp(
            organisation=organisation_id,
            name=clean,
            file=stored.id,
            sha256=image.sha256,
            content_type=image.content_type,
            width=image.width,
            height=image.height,
            is_default=not has_default,
            auto_sign=auto_sign,
            granted_to=[],
            created_by=actor,
        )
        await stamp.save()
        await audit.record(
            organisation_id,
            "stamp.uploaded",
            actor=actor,
            data={
                "stamp_id": str(stamp.id),
                "name": clean,
                "sha256": image.sha256,
                "auto_sign": auto_sign,
            },
        )
    return await get_stamp(organisation_id, stamp.id)


async def deactivate_stamp(
    organisation_id: uuid.UUID, stamp_id: uuid.UUID, *, actor: str
) -> dict[str, Any]:
    """Retire a stamp: it is never applied again; documents already sealed keep it."""
    stamp = await get_stamp(organisation_id, stamp_id)
    if not stamp["active"]:
        return stamp
    async with transaction():
        await Stamp.update(
            {Stamp.active: False, Stamp.is_default: False, Stamp.deactivated_at: utcnow()}
        ).where(Stamp.id == stamp["id"])
        await audit.record(
            organisation_id,
            "stamp.deactivated",
            actor=actor,
            data={"stamp_id": str(stamp["id"]), "name": stamp["name"]},
        )
    return await get_stamp(organisation_id, stamp_id)


async def make_default(organisation_id: uuid.UUID, stamp_id: uuid.UUID, *, actor: str) -> None:
    """The stamp used by stamp fields that name no particular stamp."""
    stamp = await get_stamp(organisation_id, stamp_id)
    if not stamp["active"]:
        raise Invalid("A deactivated stamp cannot be the default.")
    async with transaction():
        await Stamp.update({Stamp.is_default: False}).where(Stamp.organisation == organisation_id)
        await Stamp.update({Stamp.is_default: True}).where(Stamp.id == stamp["id"])
        await audit.record(
            organisation_id,
            "stamp.default_set",
            actor=actor,
            data={"stamp_id": str(stamp["id"]), "name": stamp["name"]},
        )


async def update_permissions(
    organisation_id: uuid.UUID,
    stamp_id: uuid.UUID,
    *,
    auto_sign: bool,
    granted_to: list[str],
    actor: str,
    shared: bool | None = None,
) -> None:
    """Who may apply the stamp by hand (besides admins), whether auto-sign may use it, and
    (``shared``, None: unchanged) whether subsidiaries may use it."""
    stamp = await get_stamp(organisation_id, stamp_id)
    users = sorted({str(uuid.UUID(u)) for u in granted_to})
    changes: dict[Any, Any] = {Stamp.auto_sign: auto_sign, Stamp.granted_to: users}
    facts: dict[str, Any] = {"stamp_id": str(stamp["id"]), "auto_sign": auto_sign}
    if shared is not None:
        changes[Stamp.shared_with_subsidiaries] = shared
        facts["shared_with_subsidiaries"] = shared
    async with transaction():
        await Stamp.update(changes).where(Stamp.id == stamp["id"])
        await audit.record(
            organisation_id,
            "stamp.permissions_changed",
            actor=actor,
            data={**facts, "granted_to": users},
        )


def may_apply(stamp: dict[str, Any], *, user_id: uuid.UUID | str, is_admin: bool) -> bool:
    """Admins may apply any active stamp; other users only those granted to them."""
    if not stamp["active"]:
        return False
    return is_admin or str(user_id) in (stamp.get("granted_to") or [])


async def stamp_image(settings: Settings, stamp: dict[str, Any]) -> bytes:
    """The stored PNG; a file whose bytes no longer match the recorded SHA-256 is refused."""
    _, data = await read_file(settings, stamp["organisation"], stamp["file"])
    if hashlib.sha256(data).hexdigest() != stamp["sha256"]:
        raise FileNotFoundError(f"stamp {stamp['id']}: the stored image does not match")
    return data
