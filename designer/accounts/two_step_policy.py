"""An organisation's "Require two-step verification for password sign-in" (Users screen).

When it is on, a user of the organisation who signs in with a password only (no single
sign-on link: their identity provider decides for those) and has not turned two-step
verification on is sent to Your account by every designer page until they do
(`SessionUser.must_turn_on_two_step`, guards.py). The API (keys) is not concerned.
"""

import uuid

from runtime import audit
from runtime.tables import Organisation


async def required(organisation_id: uuid.UUID) -> bool:
    row = await Organisation.select(Organisation.require_two_step).where(
        Organisation.id == organisation_id
    )
    return bool(row and row[0]["require_two_step"])


async def set_required(organisation_id: uuid.UUID, value: bool, *, actor: str) -> None:
    if await required(organisation_id) == value:
        return
    await Organisation.update({Organisation.require_two_step: value}).where(
        Organisation.id == organisation_id
    )
    action = "organisation.two_step_required" if value else "organisation.two_step_not_required"
    await audit.record(organisation_id, action, actor=actor)
