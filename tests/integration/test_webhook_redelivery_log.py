"""A delivery that reached its receiver once, then failed when sent again: the log says
when it was last tried and when it was delivered, in the API and on the designer's screen."""

import datetime as dt
import uuid

from litestar.testing import AsyncTestClient

from designer.accounts.service import create_user
from runtime.clock import utcnow
from runtime.settings import Settings
from runtime.tables import WebhookDelivery
from tests.integration.conftest import Org, create_webhook, import_template, run_jobs
from tests.integration.designer.conftest import PASSWORD, Author, sign_in
from tests.integration.webhook_receiver import Receiver


async def test_a_failed_redelivery_of_a_delivered_event_says_which_came_last(
    hook_client: AsyncTestClient, org: Org, hook_settings: Settings, receiver: Receiver
) -> None:
    """It said `failed` beside the first success's `delivered_at`, with nothing saying which
    came last; the screen said only "Failed after 2 tries"."""
    client = hook_client
    endpoint = await create_webhook(client, org, receiver.url, ["template.published"])
    await import_template(client, org)
    await run_jobs(hook_settings)
    deliveries = f"/api/v1/webhooks/{endpoint['id']}/deliveries"
    (first,) = (await client.get(deliveries, headers=org.auth)).json()["items"]
    assert first["status"] == "delivered"
    assert first["last_attempt_at"] == first["delivered_at"] is not None

    an_hour_ago = utcnow() - dt.timedelta(hours=1)  # as if delivered earlier
    await WebhookDelivery.update(
        {
            WebhookDelivery.delivered_at: an_hour_ago,
            WebhookDelivery.last_attempt_at: an_hour_ago,
        }
    ).where(WebhookDelivery.id == uuid.UUID(first["id"]))
    (first,) = (await client.get(deliveries, headers=org.auth)).json()["items"]

    receiver.status = 503
    resent = await client.post(f"{deliveries}/{first['id']}/redeliver", headers=org.auth)
    assert resent.status_code in (202, 204), resent.text
    await run_jobs(hook_settings)
    (delivery,) = (await client.get(deliveries, headers=org.auth)).json()["items"]
    assert delivery["status"] == "failed" and delivery["attempts"] == 2
    assert delivery["delivered_at"] == first["delivered_at"]  # it did reach them once
    assert delivery["last_attempt_at"] > delivery["delivered_at"]

    admin = Author(f"admin-{org.id.hex[:8]}@example.com", PASSWORD, org.id)
    await create_user(org.id, admin.email, PASSWORD, role="admin")
    await sign_in(client, admin)
    screen = (await client.get("/designer/settings/webhooks")).text
    last, once = (delivery[k][:16].replace("T", " ") for k in ("last_attempt_at", "delivered_at"))
    assert "Failed after 2 tries" in screen
    assert 'class="table table--stack"' in screen  # on a phone: a card per delivery
    assert '<td data-label="Status">Failed after 2 tries' in screen
    assert f"Last try {last}; it was delivered before, {once}" in screen
