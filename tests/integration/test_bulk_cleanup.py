"""Unconfirmed bulk uploads hold people's rows: the hourly sweep forgets them after a day."""

import datetime as dt
import uuid

from litestar.testing import AsyncTestClient

from runtime.archive.jobs import schedule_purge
from runtime.bulk.staging import stage
from runtime.settings import Settings
from runtime.tables import BulkSend, Job
from tests.integration.conftest import Org, import_template, run_jobs

ROWS = b"Name,Email\nAnn Lee,ann@example.com\n"


async def test_sweep_discards_day_old_previews_and_keeps_the_rest(
    client: AsyncTestClient, org: Org, settings: Settings
) -> None:
    template = await import_template(client, org)
    template_id = uuid.UUID(template["id"])
    old = await stage(org.id, template_id, ROWS, {}, filename="old.csv")
    fresh = await stage(org.id, template_id, ROWS, {}, filename="fresh.csv")
    confirmed = await stage(org.id, template_id, ROWS, {}, filename="sent.csv")
    yesterday = dt.datetime.now(dt.UTC) - dt.timedelta(hours=25)
    await BulkSend.update({BulkSend.created_at: yesterday}).where(
        BulkSend.id.is_in([old, confirmed])
    )
    await BulkSend.update({BulkSend.status: "done"}).where(BulkSend.id == confirmed)

    await Job.delete().where(Job.kind == "retention_purge")
    assert await schedule_purge()
    await run_jobs(settings)

    left = {
        row["id"]
        for row in await BulkSend.select(BulkSend.id).where(BulkSend.organisation == org.id)
    }
    assert left == {fresh, confirmed}
