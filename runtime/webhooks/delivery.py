"""The `webhook` job: POST one signed event to one endpoint and log what happened."""

import json
import uuid
from concurrent.futures import Executor
from typing import Any

import httpx

from runtime.clock import utcnow
from runtime.errors import Invalid
from runtime.jobs.queue import PermanentJobError
from runtime.settings import Settings
from runtime.tables import Job, WebhookDelivery, WebhookEndpoint
from runtime.webhooks.addresses import Unresolvable, resolve
from runtime.webhooks.signature import sign

EXCERPT_CHARS = 500
USER_AGENT = "formseal-webhooks/1"


async def deliver_webhook(
    settings: Settings, payload: dict[str, Any], executor: Executor | None
) -> None:
    delivery = (
        await WebhookDelivery.select()
        .where(WebhookDelivery.id == uuid.UUID(payload["delivery_id"]))
        .output(load_json=True)
        .first()
    )
    if delivery is None or delivery["status"] in ("delivered", "cancelled"):
        return  # cancelled: its endpoint was removed (a redelivery sets it pending first)
    endpoint = (
        await WebhookEndpoint.select().where(WebhookEndpoint.id == delivery["endpoint"]).first()
    )
    if endpoint is None or not endpoint["active"]:
        await _log(delivery["id"], "cancelled", error="The endpoint was removed.")
        return
    body = json.dumps(delivery["payload"], ensure_ascii=False, separators=(",", ":")).encode()
    try:
        target = resolve(endpoint["url"], settings.webhook_allowed_hosts)
    except Unresolvable as exc:  # DNS down or the name not published yet: try again later
        await _log(delivery["id"], "retrying", error=exc.detail)
        raise RuntimeError(exc.detail) from None
    except Invalid as exc:  # an internal address: sending again would change nothing
        await _log(delivery["id"], "failed", error=exc.detail)
        raise PermanentJobError(exc.detail) from None
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "Host": target.host,
        "X-Formseal-Event": delivery["event_type"],
        "X-Formseal-Delivery": str(delivery["event_id"]),
        "X-Formseal-Signature": sign(endpoint["secret"], body),
    }
    try:
        async with httpx.AsyncClient(
            follow_redirects=False, timeout=settings.webhook_timeout_seconds
        ) as client:
            response = await client.post(
                target.url, content=body, headers=headers, extensions=target.extensions
            )
    except httpx.HTTPError as exc:
        await _log(delivery["id"], "retrying", error=f"{type(exc).__name__}: {exc}"[:500])
        raise
    excerpt = response.text[:EXCERPT_CHARS]
    if 200 <= response.status_code < 300:
        await _log(delivery["id"], "delivered", code=response.status_code, excerpt=excerpt)
        return
    await _log(
        delivery["id"],
        "retrying",
        code=response.status_code,
        excerpt=excerpt,
        error=f"The receiver answered {response.status_code}.",
    )
    raise RuntimeError(f"webhook receiver answered {response.status_code}")


async def gave_up(payload: dict[str, Any]) -> None:
    """The delivery's job failed for good (its last attempt, or a permanent refusal): the
    log says `failed`, not `retrying` for ever. Its last answer and error stay as logged.
    While another job of the same delivery is still queued (the automatic retry of the
    original, when a manual redelivery failed) it stays `retrying`: that retry will run."""
    delivery_id = uuid.UUID(str((payload or {}).get("delivery_id")))
    pending = await Job.exists().where(
        (Job.kind == "webhook")
        & Job.dedupe_key.like(f"webhook:{delivery_id}%")
        & Job.status.is_in(["queued", "running"])
    )
    if pending:
        return
    await WebhookDelivery.update({WebhookDelivery.status: "failed"}).where(
        (WebhookDelivery.id == delivery_id) & (WebhookDelivery.status == "retrying")
    )


async def _log(
    delivery_id: uuid.UUID,
    status: str,
    *,
    code: int | None = None,
    excerpt: str = "",
    error: str = "",
) -> None:
    now = utcnow()
    values: dict[Any, Any] = {
        WebhookDelivery.status: status,
        WebhookDelivery.attempts: WebhookDelivery.attempts + 1,
        WebhookDelivery.last_status_code: code,
        WebhookDelivery.response_excerpt: excerpt,
        WebhookDelivery.last_error: error,
    }
    if status != "cancelled":  # cancelled: nothing was sent
        values[WebhookDelivery.last_attempt_at] = now
    if status == "delivered":
        values[WebhookDelivery.delivered_at] = now
    await WebhookDelivery.update(values).where(WebhookDelivery.id == delivery_id)
