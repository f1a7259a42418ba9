"""The `retention_purge` job: purge due envelopes in batches; queued hourly by the worker."""

import datetime as dt
import logging
from concurrent.futures import Executor
from typing import Any

from runtime.archive.purge import purge_envelope
from runtime.archive.retention import due_envelopes
from runtime.bulk.cleanup import discard_stale_previews
from runtime.clock import utcnow
from runtime.jobs.queue import enqueue
from runtime.settings import Settings

log = logging.getLogger("formseal.retention")
BATCH = 200


async def schedule_purge(now: dt.datetime | None = None) -> bool:
    """Queue this hour's sweep (the dedupe key makes repeated calls within the hour no-ops)."""
    now = now or utcnow()
    key = f"retention:{now:%Y-%m-%dT%H}"
    return await enqueue("retention_purge", {}, organisation_id=None, dedupe_key=key)


async def retention_purge(
    settings: Settings, payload: dict[str, Any], executor: Executor | None = None
) -> None:
    """Purge up to BATCH due envelopes; queue a follow-up at once when more are due.
    Unconfirmed bulk uploads older than a day go too (they hold personal data)."""
    discarded = await discard_stale_previews()
    if discarded:
        log.info("retention: discarded %d unconfirmed bulk upload(s)", discarded)
    due = await due_envelopes(utcnow(), limit=BATCH)
    purged = 0
    for row in due:
        if await purge_envelope(settings, row["id"], days=row["retention_days"]):
            purged += 1
    if purged:
        log.info("retention: purged %d envelope(s)", purged)
    if len(due) >= BATCH:
        key = f"retention:more:{utcnow().isoformat()}"
        await enqueue("retention_purge", {}, organisation_id=None, dedupe_key=key)
