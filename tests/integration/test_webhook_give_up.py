"""A webhook delivery whose retries run out says so in the delivery log."""

import datetime as dt

from litestar.testing import AsyncTestClient

from runtime.clock import utcnow
from runtime.settings import Settings
from runtime.tables import Job
from tests.integration.conftest import Org, create_webhook, import_template, run_jobs
from tests.integration.webhook_receiver import Receiver


async def _refused_once(
    client: AsyncTestClient, org: Org, hook_settings: Settings, receiver: Receiver
) -> tuple[str, dict]:
    """A template published to an endpoint whose receiver answers 503: the endpoint's
    delivery log and its one delivery, retrying."""
    endpoint = await create_webhook(client, org, receiver.url, ["template.published"])
    receiver.status = 503
    await import_template(client, org)
    await run_jobs(hook_settings)
    deliveries = f"/api/v1/webhooks/{endpoint['id']}/deliveries"
    (delivery,) = (await client.get(deliveries, headers=org.auth)).json()["items"]
    assert delivery["status"] == "retrying"
    return deliveries, delivery


async def test_a_delivery_that_runs_out_of_retries_is_failed_in_the_log(
    hook_client: AsyncTestClient, org: Org, hook_settings: Settings, receiver: Receiver
) -> None:
    """After the 12th refused attempt the job stopped, but the log (API and the designer's
    Webhooks screen) went on saying `retrying`, as if another attempt were coming."""
    client = hook_client
    deliveries, delivery = await _refused_once(client, org, hook_settings, receiver)
    # the 11 retries' waits (about 17 hours) skipped: the next attempt is the last
    key = f"webhook:{delivery['id']}"
    await Job.update({Job.attempts: 11, Job.run_after: utcnow()}).where(Job.dedupe_key == key)
    await run_jobs(hook_settings)
    job = await Job.select(Job.status).where(Job.dedupe_key == key).first()
    assert job is not None and job["status"] == "failed"
    (delivery,) = (await client.get(deliveries, headers=org.auth)).json()["items"]
    assert delivery["status"] == "failed"
    assert delivery["last_status_code"] == 503
    assert delivery["last_error"] == "The receiver answered 503."
    assert len(receiver.requests) == 2


async def test_a_failed_redelivery_leaves_retrying_while_the_automatic_retry_is_queued(
    hook_client: AsyncTestClient, org: Org, hook_settings: Settings, receiver: Receiver
) -> None:
    """A manual redelivery that failed marked the delivery `failed` while the original's own
    retry was still queued (which later set it back to `retrying`)."""
    client = hook_client
    deliveries, delivery = await _refused_once(client, org, hook_settings, receiver)
    key = f"webhook:{delivery['id']}"
    later = utcnow() + dt.timedelta(hours=1)  # the automatic retry waits its turn
    await Job.update({Job.run_after: later}).where(Job.dedupe_key == key)

    resent = await client.post(f"{deliveries}/{delivery['id']}/redeliver", headers=org.auth)
    assert resent.status_code in (202, 204), resent.text
    await run_jobs(hook_settings)
    assert len(receiver.requests) == 2
    (delivery,) = (await client.get(deliveries, headers=org.auth)).json()["items"]
    assert delivery["status"] == "retrying"
    assert delivery["last_error"] == "The receiver answered 503."
    job = await Job.select(Job.status).where(Job.dedupe_key == key).first()
    assert job is not None and job["status"] == "queued"
