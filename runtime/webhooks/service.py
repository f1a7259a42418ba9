"""Webhook endpoints and events: emitting an event queues one delivery per matching endpoint.

An endpoint's signing secret is shown once: only the answer that creates the endpoint or
rotates its secret holds it. Reading an endpoint later says how the secret ends and when it
was made, never the secret (any later reader of an admin key could copy it). A rotation is
an audit event (`webhook.secret_rotated`), which is also the record of when the current
secret was made; the secret itself never reaches the trail.
"""

import secrets
import uuid
from typing import Any

from runtime import audit
from runtime.clock import iso, utcnow
from runtime.database import transaction
from runtime.errors import Conflict, Invalid, NotFound
from runtime.jobs.queue import enqueue
from runtime.tables import AuditEvent, WebhookDelivery, WebhookEndpoint
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
#: the 409s of a removed endpoint and of two rotations at once (shown in /schema:
#: runtime/api/examples_conflicts.py)
REMOVED_NO_REDELIVERY = f"{REMOVED} Add it again to receive deliveries."
REMOVED_NO_ROTATION = f"{REMOVED} Add it again to receive deliveries, with a new secret."
ROTATED_MEANWHILE = (
    "Another request rotated this endpoint's secret at the same moment: the secret in "
    "its answer is the one deliveries are signed with, and nothing changed here. "
    "Rotate again if you do not have that one."
)
ROTATED = "webhook.secret_rotated"
RESENT = "webhook.delivery_resent"
MAX_ATTEMPTS = 12  # 30 s doubling: the last retry is about 17 hours after the first failure


def _events(events: list[str]) -> str:
    unknown = sorted(set(events) - set(EVENTS) - {"*"})
    if unknown:
        raise Invalid(f"Unknown event(s): {', '.join(unknown)}. Known: {', '.join(EVENTS)}.")
    # each event once, and every event as "*" alone: ["*", "envelope.sent"] is every event
    return "*" if not events or "*" in events else ",".join(dict.fromkeys(events))


def _checked(url: str, events: list[str]) -> str:
    """The events as stored; a wrong address and wrong events are refused together, each
    with its path, so a caller fixes both at once."""
    problems = []
    for path, check in (("$.url", lambda: check_url(url)), ("$.events", lambda: _events(events))):
        try:
            check()
        except Invalid as exc:
            problems.append({"path": path, "message": exc.detail})
    if problems:
        detail = " ".join(p["message"] for p in problems)
        raise Invalid(detail, extra={"errors": problems})
    return _events(events)


def _new_secret() -> str:
    return "whsec_" + secrets.token_urlsafe(32)


async def create_endpoint(
    organisation_id: uuid.UUID,
    url: str,
    events: list[str],
    description: str = "",
    *,
    actor: str = "",
) -> dict[str, Any]:
    """A new endpoint. Its signing secret is in this answer only: the receiver keeps it.
    With an `actor` (someone in the designer) it is recorded in the audit trail. The URL
    and description are kept without the spaces around them, as the designer's form does."""
    url, description = url.strip(), description.strip()
    endpoint = WebhookEndpoint(
        organisation=organisation_id,
        url=url,
        secret=_new_secret(),
        events=_checked(url, events),
        description=description[:200],
    )
    await endpoint.save()
    if actor:
        data = {"endpoint": str(endpoint.id), "url": url, "events": endpoint.events.split(",")}
        await audit.record(organisation_id, "webhook.endpoint_added", actor=actor, data=data)
    return {**await get_endpoint(organisation_id, endpoint.id), "secret": endpoint.secret}


async def rotate_secret(
    organisation_id: uuid.UUID, endpoint_id: uuid.UUID, actor: str = ""
) -> dict[str, Any]:
    """Give the endpoint a new secret and return it (this answer only). Every delivery sent
    from now on, those already queued and their retries included, is signed with it: the
    signature is made when a delivery is sent, never stored with it."""
    endpoint = await _find(organisation_id, endpoint_id)
    if not endpoint["active"]:
        raise Conflict(REMOVED_NO_ROTATION)
    secret = _new_secret()
    async with transaction():
        # only if nothing changed since it was read: of two rotations at once, or a rotation
        # and a removal, one wins and the other is told (its secret would sign nothing)
        unchanged = (
            (WebhookEndpoint.id == endpoint_id)
            & (WebhookEndpoint.secret == endpoint["secret"])
            & (WebhookEndpoint.active == True)  # noqa: E712
        )
        rotated = (
            await WebhookEndpoint.update({WebhookEndpoint.secret: secret})
            .where(unchanged)
            .returning(WebhookEndpoint.id)
        )
        if not rotated:
            raise Conflict(await _why_not_rotated(organisation_id, endpoint_id))
        await audit.record(
            organisation_id, ROTATED, actor=actor, data={"endpoint": str(endpoint_id)}
        )
    return {**await get_endpoint(organisation_id, endpoint_id), "secret": secret}


async def _why_not_rotated(organisation_id: uuid.UUID, endpoint_id: uuid.UUID) -> str:
    if not (await _find(organisation_id, endpoint_id))["active"]:
        return REMOVED_NO_ROTATION
    return ROTATED_MEANWHILE


async def _find(organisation_id: uuid.UUID, endpoint_id: uuid.UUID) -> dict[str, Any]:
    """The endpoint's row, if it is this organisation's (another's answers 404 alike)."""
    row = (
        await WebhookEndpoint.select()
        .where(
            (WebhookEndpoint.id == endpoint_id) & (WebhookEndpoint.organisation == organisation_id)
        )
        .first()
    )
    if row is None:
        raise NotFound(f"No webhook endpoint with id {endpoint_id}.")
    return row


async def get_endpoint(organisation_id: uuid.UUID, endpoint_id: uuid.UUID) -> dict[str, Any]:
    row = await _find(organisation_id, endpoint_id)
    return _endpoint(row, await _rotations(organisation_id))


async def _rotations(organisation_id: uuid.UUID) -> dict[str, str | None]:
    """When each endpoint's secret was last rotated (endpoint id -> time): the audit trail's
    `webhook.secret_rotated` events are the record, no extra column. Newest first, so the
    first event seen for an endpoint is its latest."""
    events = (
        await AuditEvent.select(AuditEvent.data, AuditEvent.created_at)
        .where(
            (AuditEvent.organisation == organisation_id)
            & (AuditEvent.envelope.is_null())
            & (AuditEvent.action == ROTATED)
        )
        .order_by(AuditEvent.id, ascending=False)
        .output(load_json=True)
    )
    latest: dict[str, str | None] = {}
    for event in events:
        if isinstance(event["data"], dict) and "endpoint" in event["data"]:
            latest.setdefault(str(event["data"]["endpoint"]), iso(event["created_at"]))
    return latest


def _endpoint(row: dict[str, Any], rotations: dict[str, str | None]) -> dict[str, Any]:
    """An endpoint as the API shows it: the secret's last four characters (to tell which one
    a receiver holds) and when it was made, never the secret itself."""
    created_at = iso(row["created_at"])
    return {
        "id": str(row["id"]),
        "url": row["url"],
        "events": row["events"].split(","),
        "description": row["description"],
        "active": row["active"],
        "secret_ends_with": row["secret"][-4:],
        "secret_created_at": rotations.get(str(row["id"]), created_at),
        "created_at": created_at,
    }


async def list_endpoints(organisation_id: uuid.UUID) -> list[dict[str, Any]]:
    rows = await WebhookEndpoint.select().where(
        (WebhookEndpoint.organisation == organisation_id) & (WebhookEndpoint.active == True)  # noqa: E712
    )
    rotations = await _rotations(organisation_id) if rows else {}
    return [_endpoint(r, rotations) for r in rows]


async def delete_endpoint(
    organisation_id: uuid.UUID, endpoint_id: uuid.UUID, *, actor: str = ""
) -> None:
    """Deactivate it and cancel what it still had to receive, at once: the delivery log says
    `cancelled` now, not `retrying` until a retry hours later finds the endpoint gone."""
    endpoint = await _find(organisation_id, endpoint_id)
    async with transaction():
        if actor and endpoint["active"]:
            data = {"endpoint": str(endpoint_id), "url": endpoint["url"]}
            await audit.record(organisation_id, "webhook.endpoint_removed", actor=actor, data=data)
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
            organisation_id=organisation_id,
            dedupe_key=f"webhook:{delivery.id}",
            max_attempts=MAX_ATTEMPTS,
        )
        count += 1
    return count


async def deliveries(organisation_id: uuid.UUID, endpoint_id: uuid.UUID) -> list[dict[str, Any]]:
    await _find(organisation_id, endpoint_id)
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
            "last_attempt_at": iso(r["last_attempt_at"]),
        }
        for r in rows
    ]


async def redeliver(
    organisation_id: uuid.UUID, endpoint_id: uuid.UUID, delivery_id: uuid.UUID, actor: str
) -> None:
    """Send a delivery again now, whatever happened before (same event id: receivers dedupe);
    a removed endpoint receives nothing more. Who sent it again is on the organisation's
    trail (`webhook.delivery_resent`), as a retry from Settings → Problems is."""
    endpoint = await _find(organisation_id, endpoint_id)
    row = (
        await WebhookDelivery.select(WebhookDelivery.id, WebhookDelivery.event_type)
        .where((WebhookDelivery.id == delivery_id) & (WebhookDelivery.endpoint == endpoint_id))
        .first()
    )
    if row is None:
        raise NotFound(f"No delivery with id {delivery_id}.")
    if not endpoint["active"]:
        raise Conflict(REMOVED_NO_REDELIVERY)
    async with transaction():
        await WebhookDelivery.update({WebhookDelivery.status: "pending"}).where(
            WebhookDelivery.id == delivery_id
        )
        await enqueue(
            "webhook",
            {"delivery_id": str(delivery_id)},
            organisation_id=organisation_id,
            dedupe_key=f"webhook:{delivery_id}:manual:{uuid.uuid4().hex[:8]}",
            max_attempts=1,
        )
        data = {"delivery": str(delivery_id), "url": endpoint["url"]}
        data["event_type"] = row["event_type"]
        await audit.record(organisation_id, RESENT, actor=actor, data=data)
