"""Applying the company stamp by hand, from the envelope's page in the designer.

The fallback when auto-sign cannot (no stamp allowed for it, the default deactivated, an
image to repair): an administrator, or a user the stamp is granted to, picks one of the
stamps they may apply. While the role waits for a stamp not allowed for auto-sign (the
by-hand set-up, runtime/stamps/waiting.py) that is the stamp its fields ask for, and only
the people told by mail may apply it: the administrators and the users it is granted to;
another stamp stands in only when the one asked for cannot be applied. The same `apply_stamps` records it ("stamp.applied", how "by hand",
actor the user), the waiting auto-sign job is closed, and routing moves on.
"""

import uuid
from typing import Any

from runtime.envelopes.routing import advance
from runtime.envelopes.service import envelope_row
from runtime.envelopes.states import ACTIVE_ENVELOPE
from runtime.errors import Conflict, Forbidden
from runtime.settings import Settings
from runtime.stamps.apply import StampUnavailable, apply_stamps, choose_stamp, stamp_fields
from runtime.stamps.recipients import is_organisation_recipient
from runtime.stamps.service import get_stamp, list_stamps, may_apply, stamp_image
from runtime.tables import Job, Recipient
from runtime.templates.versions import version_definition

BY_HAND = "by hand"


async def waiting_recipient(envelope: dict[str, Any]) -> dict[str, Any] | None:
    """The organisation's recipient whose stage is open and who has not stamped yet."""
    if envelope["status"] not in ACTIVE_ENVELOPE:
        return None
    rows = await Recipient.select().where(
        (Recipient.envelope == envelope["id"]) & (Recipient.status == "notified")
    )
    return next((r for r in rows if is_organisation_recipient(r)), None)


async def stamps_for(
    organisation_id: uuid.UUID,
    *,
    user_id: uuid.UUID,
    is_admin: bool,
    only: set[str] | None = None,
) -> list[dict[str, Any]]:
    """The active stamps this user may apply by hand (among `only`, when given)."""
    stamps = await list_stamps(organisation_id, active_only=True, shared=True)
    return [
        s
        for s in stamps
        if may_apply(s, user_id=user_id, is_admin=is_admin)
        and (only is None or str(s["id"]) in only)
    ]


async def awaited_stamps(envelope: dict[str, Any], recipient: dict[str, Any]) -> set[str] | None:
    """The ids of the stamps the role's fields ask for, while it waits for them by hand
    (the by-hand set-up, whose mail told who may apply them); None: any stamp the user may
    apply stands in (auto-sign failed, or an asked-for stamp is no longer active)."""
    if not await waits_for_hand(recipient):
        return None
    definition = await version_definition(envelope["template_version"])
    answers = {**envelope["prefill"], **envelope["answers"]}
    ids = set()
    for field in stamp_fields(definition, recipient["role"], answers):
        try:
            stamp = await choose_stamp(envelope["organisation"], field, automatic=False)
        except StampUnavailable:
            return None
        ids.add(str(stamp["id"]))
    return ids or None


async def apply_by_hand(
    settings: Settings,
    organisation_id: uuid.UUID,
    envelope_id: uuid.UUID,
    stamp_id: str,
    *,
    user_id: uuid.UUID,
    is_admin: bool,
    actor: str,
) -> None:
    envelope = await envelope_row(organisation_id, envelope_id)
    recipient = await waiting_recipient(envelope)
    if recipient is None:
        raise Conflict("No company stamp is waiting on this envelope.")
    stamp = await get_stamp(organisation_id, stamp_id, shared=True)
    awaited = await awaited_stamps(envelope, recipient)
    if awaited is not None and str(stamp["id"]) not in awaited:
        raise Conflict(
            f"This envelope waits for another company stamp than “{stamp['name']}”: apply "
            "the one its template asks for."
        )
    if not may_apply(stamp, user_id=user_id, is_admin=is_admin):
        raise Forbidden(
            f"You may not apply the stamp “{stamp['name']}”. An administrator can allow it "
            "in Stamps."
        )
    try:
        await stamp_image(settings, stamp)
    except FileNotFoundError:
        raise Conflict(
            f"The image of “{stamp['name']}” is missing or damaged in the file store; "
            "choose another stamp."
        ) from None
    definition = await version_definition(envelope["template_version"])
    answers = {**envelope["prefill"], **envelope["answers"]}
    fields = stamp_fields(definition, recipient["role"], answers)
    await apply_stamps(
        envelope,
        recipient,
        definition,
        [(f, stamp) for f in fields],
        actor=f"{actor} (by hand)",
        how=BY_HAND,
    )
    await Job.update({Job.status: "done", Job.last_error: ""}).where(
        (Job.dedupe_key == f"auto-sign:{recipient['id']}") & Job.status.is_in(["queued", "failed"])
    )
    await advance(envelope_id)


async def waits_for_hand(recipient: dict[str, Any] | None) -> bool:
    """Whether the organisation's `recipient` waits because its stamp is not allowed for
    auto-sign: its auto-sign job ended without stamping (runtime/stamps/waiting.py)."""
    if recipient is None:
        return False
    done = await Job.count().where(
        (Job.dedupe_key == f"auto-sign:{recipient['id']}") & (Job.status == "done")
    )
    return bool(done)


async def stamp_panel(
    organisation_id: uuid.UUID, envelope_id: uuid.UUID, *, user_id: uuid.UUID, is_admin: bool
) -> tuple[dict[str, Any] | None, list[dict[str, Any]]]:
    """For the envelope's page: the organisation recipient due to stamp, and the stamps
    this user may apply (both empty when no stamp is waiting)."""
    envelope = await envelope_row(organisation_id, envelope_id)
    recipient = await waiting_recipient(envelope)
    if recipient is None:
        return None, []
    only = await awaited_stamps(envelope, recipient)
    return recipient, await stamps_for(
        organisation_id, user_id=user_id, is_admin=is_admin, only=only
    )
