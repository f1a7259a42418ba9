"""Applying company stamps to an organisation role's stamp fields, and choosing which stamp.

One function, `apply_stamps`, completes the organisation's recipient with the stamps'
ids as the fields' values and writes one audit event per stamp (its id and the image's
SHA-256), so the certificate of completion can say who applied which stamp, and when.
"""

import uuid
from typing import Any

from components import Definition, Field
from components.fields.stamp import chosen_stamp
from components.visibility import strip_hidden, visible_keys
from runtime import audit
from runtime.database import transaction
from runtime.envelopes.states import move_recipient
from runtime.errors import NotFound
from runtime.organisations.hierarchy import ancestors
from runtime.stamps.service import get_stamp
from runtime.tables import Envelope, Recipient, Stamp

APPLIED = "stamp.applied"
AUTO_SIGN = "auto-sign"
SETTINGS_SCREEN = "Settings → Company stamps"


class StampUnavailable(Exception):
    """No stamp can be applied to a field; the message says why and what to do."""


class StampByHandOnly(StampUnavailable):
    """The stamp exists and is active, but an administrator did not allow it for auto-sign:
    the documented by-hand set-up, not a failure (runtime/stamps/waiting.py)."""

    def __init__(self, message: str, stamp: dict[str, Any]) -> None:
        super().__init__(message)
        self.stamp = stamp


def stamp_fields(definition: Definition, role_key: str, answers: dict[str, Any]) -> list[Field]:
    """The role's visible stamp fields, in form order."""
    shown = visible_keys(definition, answers)
    return [
        f
        for s in definition.sections_for(role_key)
        for f in s.fields
        if f.component == "stamp" and f.key in shown
    ]


async def choose_stamp(
    organisation_id: uuid.UUID, field: Field, *, automatic: bool
) -> dict[str, Any]:
    """The stamp the author chose for `field`, or the organisation's default stamp."""
    wanted = chosen_stamp(field)
    stamp: dict[str, Any] | None
    if wanted:
        try:
            stamp = await get_stamp(organisation_id, wanted, shared=True)
        except NotFound:
            raise StampUnavailable(
                f"The stamp chosen for “{field.label}” does not exist in this organisation; "
                "choose another one in the template."
            ) from None
        if not stamp["active"]:
            raise StampUnavailable(
                f"The stamp “{stamp['name']}” chosen for “{field.label}” is deactivated; "
                "choose another one in the template."
            )
    else:
        stamp = await default_stamp(organisation_id)
        if stamp is None:
            raise StampUnavailable(
                f"The organisation has no default company stamp for “{field.label}”; "
                f"an administrator uploads one in {SETTINGS_SCREEN}."
            )
    assert stamp is not None
    if automatic and not stamp["auto_sign"]:
        raise StampByHandOnly(
            f"The stamp “{stamp['name']}” may not be applied automatically; an administrator "
            f"allows it in {SETTINGS_SCREEN}, or applies it from the envelope's page.",
            stamp,
        )
    return stamp


async def default_stamp(organisation_id: uuid.UUID) -> dict[str, Any] | None:
    """The organisation's own default stamp; without one, the default stamp of the nearest
    organisation above that shares it (groups: a subsidiary uses the group's seal)."""
    for owner in [organisation_id, *await ancestors(organisation_id)]:
        where: Any = (
            (Stamp.organisation == owner)
            & (Stamp.active == True)  # noqa: E712
            & (Stamp.is_default == True)  # noqa: E712
        )
        if owner != organisation_id:
            where &= Stamp.shared_with_subsidiaries == True  # noqa: E712
        stamp = await Stamp.select().where(where).output(load_json=True).first()
        if stamp is not None:
            return stamp
    return None


async def apply_stamps(
    envelope: dict[str, Any],
    recipient: dict[str, Any],
    definition: Definition,
    chosen: list[tuple[Field, dict[str, Any]]],
    *,
    actor: str,
    how: str,
) -> None:
    """Complete the organisation's recipient with its stamps; one audit event per stamp."""
    values = {field.key: str(stamp["id"]) for field, stamp in chosen}
    org = envelope["organisation"]
    async with transaction():
        await move_recipient(
            recipient,
            org,
            "completed",
            data={"stamps": list(values.values()), "how": how},
            changes={Recipient.answers: values},
        )
        current = (
            await Envelope.select(Envelope.answers)
            .where(Envelope.id == envelope["id"])
            .output(load_json=True)
            .first()
        )
        assert current is not None
        merged = strip_hidden(definition, {**envelope["prefill"], **current["answers"], **values})
        await Envelope.update({Envelope.answers: merged}).where(Envelope.id == envelope["id"])
        for field, stamp in chosen:
            await audit.record(
                org,
                APPLIED,
                envelope_id=envelope["id"],
                actor=actor,
                data={
                    "field": field.key,
                    "role": recipient["role"],
                    "stamp_id": str(stamp["id"]),
                    "stamp_name": stamp["name"],
                    "image_sha256": stamp["sha256"],
                    "how": how,
                },
            )
