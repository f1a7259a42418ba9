"""Settings → Webhooks: an administrator adds an endpoint (its secret shown once), sees its
deliveries and sends one again, rotates the secret and removes the endpoint; a bad address
or no event chosen is said beside the field and nothing is saved."""

import re
import uuid

from litestar.testing import AsyncTestClient

from designer.accounts.service import create_user
from runtime.accounts.service import ensure_organisation
from runtime.tables import AuditEvent, WebhookDelivery, WebhookEndpoint
from runtime.webhooks import service
from tests.integration.designer.conftest import PASSWORD, Author, sign_in

SCREEN = "/designer/settings/webhooks"


async def test_admin_adds_watches_rotates_and_removes_an_endpoint(
    client: AsyncTestClient,
) -> None:
    org = await ensure_organisation(f"Hooks org {uuid.uuid4().hex[:8]}")
    admin = Author(f"admin-{uuid.uuid4().hex[:8]}@example.com", PASSWORD, org)
    await create_user(org, admin.email, PASSWORD, role="admin")
    token = await sign_in(client, admin)
    # the empty state is a card with a title, as API keys' "Keys in use" (it was a lone
    # paragraph floating in a card)
    assert 'class="card__title">No endpoint yet</h2>' in (await client.get(SCREEN)).text

    bad = await client.post(
        SCREEN, data={"_csrf_token": token, "url": "ftp://crm", "which": "some"}
    )
    assert bad.status_code == 422 and "There is a problem" in bad.text
    assert '<a href="#hook-url">' in bad.text  # the summary links to the box in error
    assert 'id="hook-url-error"' in bad.text and "must start with https://" in bad.text
    assert 'id="hook-which-all-error"' in bad.text and "Choose at least one event" in bad.text
    assert 'value="ftp://crm"' in bad.text  # what was typed stays
    assert await WebhookEndpoint.count().where(WebhookEndpoint.organisation == org) == 0
    assert (await client.post(SCREEN, data={"url": "https://crm.example.com/x"})).status_code == 403

    url = "https://crm.example.com/formseal"
    added = await client.post(
        SCREEN,
        data={
            "_csrf_token": token,
            "url": url,
            "description": "CRM",
            "which": "some",
            "events": ["envelope.completed", "envelope.declined"],
        },
    )
    assert added.status_code == 200 and "copy its signing secret now" in added.text
    assert added.headers["cache-control"] == "no-store"
    secret = re.search(r'id="new-secret">(whsec_[^<]+)<', added.text).group(1)
    endpoint = await WebhookEndpoint.objects().where(WebhookEndpoint.organisation == org).first()
    assert endpoint.secret == secret and endpoint.events == "envelope.completed,envelope.declined"
    listing = (await client.get(SCREEN)).text
    assert secret not in listing and f"Ends in <code>…{secret[-4:]}</code>" in listing
    assert "envelope.completed, envelope.declined" in listing

    assert await service.emit(org, "envelope.completed", {"envelope_id": "e1"}) == 1
    delivery = (
        await WebhookDelivery.objects().where(WebhookDelivery.endpoint == endpoint.id).first()
    )
    await WebhookDelivery.update(
        {WebhookDelivery.status: "failed", WebhookDelivery.last_status_code: 500}
    ).where(WebhookDelivery.id == delivery.id)
    watched = (await client.get(SCREEN)).text
    assert "1 failed or waiting for a retry" in watched and "HTTP 500" in watched
    again = await client.post(
        f"{SCREEN}/{endpoint.id}/deliveries/{delivery.id}/redeliver", data={"_csrf_token": token}
    )
    assert again.status_code == 303
    assert "The delivery was queued again" in (await client.get(again.headers["location"])).text

    rotated = await client.post(f"{SCREEN}/{endpoint.id}/rotate", data={"_csrf_token": token})
    assert "Copy the new signing secret now" in rotated.text and secret not in rotated.text
    removed = await client.post(f"{SCREEN}/{endpoint.id}/remove", data={"_csrf_token": token})
    assert removed.status_code == 303
    after = (await client.get(removed.headers["location"])).text
    assert "The endpoint was removed" in after and "No endpoint yet" in after

    theirs = await ensure_organisation(f"Other hooks {uuid.uuid4().hex[:8]}")
    foreign = (await service.create_endpoint(theirs, url, []))["id"]
    far = await client.post(f"{SCREEN}/{foreign}/remove", data={"_csrf_token": token})
    assert far.status_code == 404
    actions = [
        a["action"]
        for a in await AuditEvent.select(AuditEvent.action)
        .where((AuditEvent.organisation == org) & AuditEvent.action.like("webhook.%"))
        .order_by(AuditEvent.id)
    ]
    assert actions == [
        "webhook.endpoint_added",
        "webhook.delivery_resent",  # who sent something to the organisation's system again
        "webhook.secret_rotated",
        "webhook.endpoint_removed",
    ]
    trail = (await client.get("/designer/settings/audit")).text
    assert (
        trail.count(
            f"Sent the envelope.completed webhook delivery to {url} again (Settings → Webhooks)"
        )
        == 1
    )
