"""Forgetting bulk uploads nobody confirmed.

A bulk send in status `preview` holds the uploaded rows (names, emails, answers) so the
sender can adjust the mapping; if the sender walks away, those rows would stay forever.
The hourly retention sweep calls `discard_stale_previews` to delete them after a day.
"""

import datetime as dt

from runtime.clock import utcnow
from runtime.tables import BulkSend

PREVIEW_KEPT = dt.timedelta(hours=24)


async def discard_stale_previews(now: dt.datetime | None = None) -> int:
    """Delete unconfirmed uploads older than PREVIEW_KEPT; returns how many went."""
    cutoff = (now or utcnow()) - PREVIEW_KEPT
    stale = (BulkSend.status == "preview") & (BulkSend.created_at < cutoff)
    count = await BulkSend.count().where(stale)
    if count:
        await BulkSend.delete().where(stale)
    return count
