"""Turning state changes into webhook events, with the envelope (and its answers) attached."""

import uuid
from typing import Any

from runtime.webhooks.service import EVENTS, emit, has_subscribers


async def publish(
    organisation_id: uuid.UUID,
    event_type: str,
    envelope_id: uuid.UUID,
    extra: dict[str, Any] | None = None,
) -> None:
    """Emit `event_type` if anyone can subscribe to it; called by the state machine."""
    if event_type not in EVENTS or not await has_subscribers(organisation_id):
        return  # most organisations have no webhooks: skip building the payload
    from runtime.envelopes.service import get_envelope  # the service imports the state machine

    envelope = await get_envelope(organisation_id, envelope_id)
    await emit(organisation_id, event_type, {"envelope": envelope, **(extra or {})})
