"""Repairing gaps a crash can leave: envelopes where nobody can act and nothing is queued.

A recipient's completion commits before routing opens the next stage (so that two
finishing at once cannot both miss it); a crash between the two would leave an envelope
waiting forever. The worker runs this sweep periodically; `advance` is idempotent.
"""

from runtime.envelopes.routing import ACTIVE_ENVELOPE, advance
from runtime.tables import Envelope, Recipient

WAITING = ("notified", "viewed", "verified")
BATCH = 500


async def reconcile_envelopes() -> int:
    """Advance active envelopes that have no recipient able to act; returns how many."""
    active = [
        r["id"]
        for r in await Envelope.select(Envelope.id)
        .where(Envelope.status.is_in(list(ACTIVE_ENVELOPE)))
        .order_by(Envelope.created_at)
        .limit(BATCH)
    ]
    if not active:
        return 0
    busy = {
        r["envelope"]
        for r in await Recipient.select(Recipient.envelope).where(
            Recipient.envelope.is_in(active) & Recipient.status.is_in(list(WAITING))
        )
    }
    stuck = [envelope_id for envelope_id in active if envelope_id not in busy]
    for envelope_id in stuck:
        await advance(envelope_id)
    return len(stuck)
