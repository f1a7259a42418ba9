"""Webhook endpoints and events: emitting an event queues one delivery per matching endpoint."""

import secrets
import uuid
from typing import Any

from runtime.clock import iso, utcnow
from runtime.database import transaction
from runtime.errors import Conflict, Invalid, NotFound
from runtime.jobs.queue import enqueue
from runtime.tables import WebhookDelivery, WebhookEndpoint
from runtime.webhooks.addresses import check_url

EVENTS = (
    "envelope.sent",
    "recipient.viewed",
    "recipient.completed",
    "envelope.completed",
    "envelope.declined",
    "envelope.expired",
    "envelope.voided",
    "template.published",
)
REMOVED = "The endpoint was removed."
MAX_ATTEMPTS = 12  # 30 s doubling: the last retry is about 17 hours after the first failure


def _events(events: list[str]) -> str:
    unknown = sorted(set(events) - set(EVENTS) - {"*"})
    if unknown:
        raise Invalid(f"Unknown event(s): {', '.join(unknown)}. Known: {', '.join(EVENTS)}.")
    return ",".join(events) if events else "*"


async def create_endpoint(
    organisation_id: uuid.UUID, url: str, events: list[str], description: str = ""
) -> dict[str, Any]:
    """A new endpoint; its signing secret is returned here and by `get`, for the receiver."""
    check_url(url)
    endpoint = WebhookEndpoint(
        organisation=organisation_id,
        url=url,
        secret="whsec_" + secrets.token_urlsafe(32),
        events=_events(events),
        description=description[:200],
    )
    await endpoint.save()
    return await get_endpoint(organisation_id, endpoint.id)


async def get_endpoint(organisation_id: uuid.UUID, endpoint_id: uuid.UUID) -> dict[str, Any]:
    row = (
        await WebhookEndpoint.select()
        .where(
            (WebhookEndpoint.id == endpoint_id) & (WebhookEndpoint.organisation == organisation_id)
        )
        .first()
    )
    if row is None:
        raise NotFound(f"No webhook endpoint with id {endpoint_id}.")
    return _endpoint(row)


def _endpoint(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": str(row["id"]),
        "url": row["url"],
        "events": row["events"].split(","),
        "description": row["description"],
        "active": row["active"],
        "secret": row["secret"],
        "created_at": iso(row["created_at"]),
    }


async def list_endpoints(organisation_id: uuid.UUID) -> list[dict[str, Any]]:
    rows = await WebhookEndpoint.select().where(
        (WebhookEndpoint.organisation == organisation_id) & (WebhookEndpoint.active == True)  # noqa: E712
    )
    return [_endpoint(r) for r in rows]


async def delete_endpoint(organisation_id: uuid.UUID, endpoint_id: uuid.UUID) -> None:
    """Deactivate it and cancel what it still had to receive, at once: the delivery log says
    `cancelled` now, not `retrying` until a retry hours later finds the endpoint gone."""
    await get_endpoint(organisation_id, endpoint_id)
    async with transaction():
        await WebhookEndpoint.update({WebhookEndpoint.active: False}).where(
            WebhookEndpoint.id == endpoint_id
        )
        await WebhookDelivery.update(
            {WebhookDelivery.status: "cancelled", WebhookDelivery.last_error: REMOVED}
        ).where(
            (WebhookDelivery.endpoint == endpoint_id)
            & WebhookDelivery.status.is_in(["pending", "retrying"])
        )


async def has_subscribers(organisation_id: uuid.UUID) -> bool:
    return await WebhookEndpoint.exists().where(
        (WebhookEndpoint.organisation == organisation_id) & (WebhookEndpoint.active == True)  # noqa: E712
    )


async def emit(organisation_id: uuid.UUID, event_type: str, data: dict[str, Any]) -> int:
    """Queue `event_type` for every active endpoint that wants it; returns how many."""
    endpoints = await WebhookEndpoint.select(WebhookEndpoint.id, WebhookEndpoint.events).where(
        (WebhookEndpoint.organisation == organisation_id) & (WebhookEndpoint.active == True)  # noqa: E712
    )
    event_id = uuid.uuid4()
    payload = {"id": str(event_id), "type": event_type, "created_at": iso(utcnow()), "data": data}
    count = 0
    for endpoint in endpoints:
        wanted = endpoint["events"].split(",")
        if "*" not in wanted and event_type not in wanted:
            continue
        delivery = WebhookDelivery(
            endpoint=endpoint["id"], event_id=event_id, event_type=event_type, payload=payload
        )
        await delivery.save()
        await enqueue(
            "webhook",
            {"delivery_id": str(delivery.id)},
            dedupe_key=f"webhook:{delivery.id}",
            max_attempts=MAX_ATTEMPTS,
        )
        count += 1
    return count


async def deliveries(organisation_id: uuid.UUID, endpoint_id: uuid.UUID) -> list[dict[str, Any]]:
    await get_endpoint(organisation_id, endpoint_id)
    rows = (
        await WebhookDelivery.select()
        .where(WebhookDelivery.endpoint == endpoint_id)
        .order_by(WebhookDelivery.created_at, ascending=False)
        .limit(100)
    )
    return [
        {
            "id": str(r["id"]),
            "event_id": str(r["event_id"]),
            "event_type": r["event_type"],
            "status": r["status"],
            "attempts": r["attempts"],
            "last_status_code": r["last_status_code"],
            "response_excerpt": r["response_excerpt"],
            "last_error": r["last_error"],
            "created_at": iso(r["created_at"]),
            "delivered_at": iso(r["delivered_at"]),
        }
        for r in rows
    ]


async def redeliver(
    organisation_id: uuid.UUID, endpoint_id: uuid.UUID, delivery_id: uuid.UUID
) -> None:
    """Send a delivery again now, whatever happened before (same event id: receivers dedupe);
    a removed endpoint receives nothing more."""
    endpoint = await get_endpoint(organisation_id, endpoint_id)
    row = (
        await WebhookDelivery.select(WebhookDelivery.id)
        .where((WebhookDelivery.id == delivery_id) & (WebhookDelivery.endpoint == endpoint_id))
        .first()
    )
    if row is None:
        raise NotFound(f"No delivery with id {delivery_id}.")
    if not endpoint["active"]:
        raise Conflict(f"{REMOVED} Add it again to receive deliveries.")
    await WebhookDelivery.update({WebhookDelivery.status: "pending"}).where(
        WebhookDelivery.id == delivery_id
    )
    await enqueue(
        "webhook",
        {"delivery_id": str(delivery_id)},
        dedupe_key=f"webhook:{delivery_id}:manual:{uuid.uuid4().hex[:8]}",
        max_attempts=1,
    )
