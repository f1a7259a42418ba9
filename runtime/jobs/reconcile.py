"""Repairing gaps a crash can leave: envelopes where nobody can act and nothing is queued.

A recipient's completion commits before routing opens the next stage (so that two
finishing at once cannot both miss it); a crash between the two would leave an envelope
waiting forever. The worker runs this sweep periodically; `advance` is idempotent.
"""

import uuid
from typing import Any

from runtime.envelopes.routing import advance
from runtime.envelopes.states import ACTIVE_ENVELOPE
from runtime.tables import Envelope, Recipient

WAITING = ("notified", "viewed", "verified")
BATCH = 500


async def reconcile_envelopes(max_batches: int = 40) -> int:
    """Advance active envelopes that have no recipient able to act; returns how many."""
    repaired = 0
    after: uuid.UUID | None = None
    for _ in range(max_batches):
        where: Any = Envelope.status.is_in(list(ACTIVE_ENVELOPE))
        if after is not None:
            where &= Envelope.id > after
        active = [
            r["id"]
            for r in await Envelope.select(Envelope.id)
            .where(where)
            .order_by(Envelope.id)
            .limit(BATCH)
        ]
        if not active:
            break
        after = active[-1]
        busy = {
            r["envelope"]
            for r in await Recipient.select(Recipient.envelope).where(
                Recipient.envelope.is_in(active) & Recipient.status.is_in(list(WAITING))
            )
        }
        for envelope_id in active:
            if envelope_id not in busy:
                await advance(envelope_id)
                repaired += 1
    return repaired
