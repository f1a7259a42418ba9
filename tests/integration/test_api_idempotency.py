"""`Idempotency-Key` on POST /api/v1/envelopes, as an integrator's retry loop uses it.

Before, the header was ignored: a create retried after a timeout sent a second envelope
(and a second invitation mail) to the same customer, and there was no way to ask for
anything else."""

import asyncio
import uuid
from typing import Any

import pytest
from litestar.testing import AsyncTestClient

from runtime.envelopes import idempotency
from runtime.tables import Envelope, IdempotencyKey
from tests.integration.conftest import Org, import_template, new_org

PROBLEM = "application/problem+json"


def body(template_id: str, name: str = "Alex Example") -> dict[str, Any]:
    return {
        "template_id": template_id,
        "recipients": [{"role": "customer", "name": name, "email": "alex@example.com"}],
    }


async def count(org: Org) -> int:
    return await Envelope.count().where(Envelope.organisation == org.id)


async def test_a_retried_create_sends_one_envelope(
    client: AsyncTestClient, org: Org, monkeypatch: pytest.MonkeyPatch
) -> None:
    template = await import_template(client, org)
    key = {**org.auth, "Idempotency-Key": str(uuid.uuid4())}
    first = await client.post("/api/v1/envelopes", headers=key, json=body(template["id"]))
    assert first.status_code == 201, first.text
    assert "idempotent-replayed" not in first.headers
    again = await client.post("/api/v1/envelopes", headers=key, json=body(template["id"]))
    assert again.status_code == 201, again.text
    assert again.headers["idempotent-replayed"] == "true"
    assert again.json() == first.json()
    assert await count(org) == 1

    other = await client.post(
        "/api/v1/envelopes", headers=key, json=body(template["id"], "Someone Else")
    )
    assert other.status_code == 409, other.text
    assert other.headers["content-type"] == PROBLEM
    assert other.json()["detail"].startswith(
        "This Idempotency-Key was used with another body in the last 24 hours"
    )
    assert other.json()["errors"] == [
        {"parameter": "Idempotency-Key", "message": "was used with another body"}
    ]
    assert await count(org) == 1

    # another organisation's key space is its own
    theirs = await new_org("Other")
    their_template = await import_template(client, theirs)
    separate = await client.post(
        "/api/v1/envelopes",
        headers={**theirs.auth, "Idempotency-Key": key["Idempotency-Key"]},
        json=body(their_template["id"]),
    )
    assert separate.status_code == 201 and separate.json()["id"] != first.json()["id"]

    # a day later the key is free again
    later = idempotency.now() + idempotency.KEEP_SECONDS + 1
    monkeypatch.setattr(idempotency, "now", lambda: later)
    renewed = await client.post(
        "/api/v1/envelopes", headers=key, json=body(template["id"], "Someone Else")
    )
    assert renewed.status_code == 201 and renewed.json()["id"] != first.json()["id"]


async def test_a_failed_create_frees_its_key_and_a_running_one_is_a_409(
    client: AsyncTestClient, org: Org
) -> None:
    template = await import_template(client, org)
    key = {**org.auth, "Idempotency-Key": "order-4711"}
    wrong = body(template["id"])
    wrong["recipients"][0]["role"] = "boss"
    refused = await client.post("/api/v1/envelopes", headers=key, json=wrong)
    assert refused.status_code == 422
    fixed = await client.post("/api/v1/envelopes", headers=key, json=body(template["id"]))
    assert fixed.status_code == 201, fixed.text

    await IdempotencyKey.update({IdempotencyKey.status_code: 0}).where(
        IdempotencyKey.slot == f"{org.id}|order-4711"
    )
    running = await client.post("/api/v1/envelopes", headers=key, json=body(template["id"]))
    assert running.status_code == 409
    assert "still being handled" in running.json()["detail"]

    blank = await client.post(
        "/api/v1/envelopes", headers={**org.auth, "Idempotency-Key": " "}, json=body("x")
    )
    assert blank.status_code == 422
    assert await count(org) == 1


async def test_the_header_and_its_409_are_declared(client: AsyncTestClient) -> None:
    create = (await client.get("/schema/openapi.json")).json()["paths"]["/api/v1/envelopes"]
    post = create["post"]
    (header,) = [p for p in post["parameters"] if p["name"] == "Idempotency-Key"]
    assert header["in"] == "header" and not header.get("required")
    assert "Idempotency-Key" in post["responses"]["409"]["description"]


async def test_a_create_cut_off_half_way_keeps_its_key(org: Org) -> None:
    """Cancelled mid-way (a shutdown), the envelope may already exist: the key stays
    claimed, so a retry is told to look for it instead of sending it a second time."""
    from runtime.envelopes.schemas import EnvelopeCreate

    async def cut_off() -> dict[str, Any]:
        raise asyncio.CancelledError

    request = EnvelopeCreate(template_id=uuid.uuid4(), recipients=[])
    with pytest.raises(asyncio.CancelledError):
        await idempotency.once(org.id, "cut-off", request, cut_off)
    row = await IdempotencyKey.select().where(IdempotencyKey.slot == f"{org.id}|cut-off").first()
    assert row is not None and row["status_code"] == 0
