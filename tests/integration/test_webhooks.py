"""Webhooks: signed deliveries to a real local receiver, the delivery log, retries, SSRF refusal,
and the signing secret shown once (create and rotate answers only)."""

import json
import re
import textwrap
from pathlib import Path

from litestar.testing import AsyncTestClient

from runtime.accounts.service import create_api_key
from runtime.clock import utcnow
from runtime.settings import Settings
from runtime.tables import AuditEvent, Job
from runtime.webhooks.signature import verify
from tests.integration.conftest import (
    Org,
    create_envelope,
    create_webhook,
    fill_demo,
    import_template,
    path_of,
    run_jobs,
)
from tests.integration.webhook_receiver import Receiver


async def test_signed_events_reach_the_receiver(
    hook_client: AsyncTestClient, org: Org, hook_settings: Settings, receiver: Receiver
) -> None:
    client = hook_client
    endpoint = await create_webhook(client, org, receiver.url)
    assert endpoint["secret"].startswith("whsec_")

    template = await import_template(client, org)
    envelope = await create_envelope(client, org, template["id"])
    await fill_demo(client, path_of(envelope["recipients"][0]["signing_url"]))
    await run_jobs(hook_settings)

    assert receiver.events() == [
        "template.published",
        "envelope.sent",
        "recipient.viewed",
        "recipient.completed",
        "envelope.completed",
    ]
    for request in receiver.requests:
        headers = {k.lower(): v for k, v in request["headers"].items()}
        assert verify(endpoint["secret"], request["body"], headers["x-formseal-signature"])
        assert headers["x-formseal-event"] == json.loads(request["body"])["type"]
        assert not verify("whsec_wrong", request["body"], headers["x-formseal-signature"])
    sent = json.loads(receiver.requests[1]["body"])  # as the create answer shows it
    assert [r["status"] for r in sent["data"]["envelope"]["recipients"]] == ["notified"]
    completed = json.loads(receiver.requests[-1]["body"])
    assert completed["data"]["envelope"]["answers"]["full_name"] == "Alex Example"
    assert completed["data"]["envelope"]["status"] == "completed"
    ids = {json.loads(r["body"])["id"] for r in receiver.requests}
    assert len(ids) == len(receiver.requests)  # every event has its own id

    log = await client.get(f"/api/v1/webhooks/{endpoint['id']}/deliveries", headers=org.auth)
    assert {d["status"] for d in log.json()["items"]} == {"delivered"}
    assert {d["last_status_code"] for d in log.json()["items"]} == {200}


async def test_failures_are_logged_retried_and_redeliverable(
    hook_client: AsyncTestClient, org: Org, hook_settings: Settings, receiver: Receiver
) -> None:
    client = hook_client
    endpoint = await create_webhook(client, org, receiver.url, ["template.published"])
    receiver.status = 500
    await import_template(client, org)
    await run_jobs(hook_settings)
    log = (
        await client.get(f"/api/v1/webhooks/{endpoint['id']}/deliveries", headers=org.auth)
    ).json()["items"]
    assert log[0]["status"] == "retrying" and log[0]["last_status_code"] == 500
    assert log[0]["response_excerpt"] == "receiver is down"
    job = await Job.select().where(Job.dedupe_key == f"webhook:{log[0]['id']}").first()
    assert job is not None
    assert job["status"] == "queued" and job["run_after"] > utcnow() and job["max_attempts"] == 12

    receiver.status = 200
    again = await client.post(
        f"/api/v1/webhooks/{endpoint['id']}/deliveries/{log[0]['id']}/redeliver", headers=org.auth
    )
    assert again.status_code == 202
    await run_jobs(hook_settings)
    log = (
        await client.get(f"/api/v1/webhooks/{endpoint['id']}/deliveries", headers=org.auth)
    ).json()["items"]
    assert log[0]["status"] == "delivered" and log[0]["attempts"] == 2
    first, second = receiver.requests
    assert json.loads(first["body"])["id"] == json.loads(second["body"])["id"]  # same event id


async def test_internal_addresses_are_refused(
    client: AsyncTestClient, org: Org, settings: Settings, receiver: Receiver
) -> None:
    endpoint = await create_webhook(client, org, receiver.url)
    await import_template(client, org)
    await run_jobs(settings)  # no allow-list: loopback is internal
    assert receiver.requests == []
    log = (
        await client.get(f"/api/v1/webhooks/{endpoint['id']}/deliveries", headers=org.auth)
    ).json()["items"]
    assert log[0]["status"] == "failed" and "internal address" in log[0]["last_error"]

    bad = await client.post(
        "/api/v1/webhooks", headers=org.auth, json={"url": "file:///etc/passwd"}
    )
    assert bad.status_code == 422
    bad = await client.post(
        "/api/v1/webhooks", headers=org.auth, json={"url": receiver.url, "events": ["x.y"]}
    )
    assert bad.status_code == 422 and "Unknown event" in bad.json()["detail"]


async def test_a_host_that_does_not_resolve_is_retried_not_given_up(
    client: AsyncTestClient, org: Org, settings: Settings
) -> None:
    """docs/api.md: no answer is retried with back-off. A DNS fault is often passing (the
    resolver is down, the name is not published yet): the event must not be lost at once."""
    url = "https://hooks.no-such-name.invalid/formseal"
    endpoint = await create_webhook(client, org, url)
    await import_template(client, org)
    await run_jobs(settings)
    (log,) = (
        await client.get(f"/api/v1/webhooks/{endpoint['id']}/deliveries", headers=org.auth)
    ).json()["items"]
    assert log["status"] == "retrying", log
    assert log["last_error"] == "The host hooks.no-such-name.invalid cannot be resolved."
    job = await Job.select().where(Job.dedupe_key == f"webhook:{log['id']}").first()
    assert job is not None
    assert job["status"] == "queued" and job["run_after"] > utcnow() and job["max_attempts"] == 12


def _doc_verifier():
    """The signature check printed in docs/api.md, taken from the doc itself."""
    doc = (Path(__file__).resolve().parents[2] / "docs" / "api.md").read_text()
    code = doc.split("```python", 1)[1].split("```", 1)[0]
    namespace: dict = {}
    exec(textwrap.dedent(code), namespace)  # noqa: S102 (our own documentation)
    return namespace["valid"]


async def test_recipient_completed_carries_the_answers_and_the_doc_example_verifies_it(
    hook_client: AsyncTestClient, org: Org, hook_settings: Settings, receiver: Receiver
) -> None:
    client = hook_client
    secret = (await create_webhook(client, org, receiver.url, ["recipient.completed"]))["secret"]
    template = await import_template(client, org)
    envelope = await create_envelope(client, org, template["id"])
    await fill_demo(client, path_of(envelope["recipients"][0]["signing_url"]), name="Rita Ruiz")
    await run_jobs(hook_settings)

    assert receiver.events() == ["recipient.completed"]
    request = receiver.requests[0]
    payload = json.loads(request["body"])
    # "the envelope as GET returns it": the answers of every recipient who has finished
    assert payload["data"]["envelope"]["answers"]["full_name"] == "Rita Ruiz"
    assert payload["data"]["recipient"]["status"] == "completed"
    valid = _doc_verifier()
    headers = {k.lower(): v for k, v in request["headers"].items()}
    assert valid(secret, request["body"], headers["x-formseal-signature"])
    assert not valid(secret, request["body"] + b" ", headers["x-formseal-signature"])


async def test_removing_an_endpoint_cancels_its_retries_in_the_log(
    hook_client: AsyncTestClient, org: Org, hook_settings: Settings, receiver: Receiver
) -> None:
    client = hook_client
    receiver.status = 500
    endpoint = await create_webhook(client, org, receiver.url)
    await import_template(client, org)  # template.published
    await run_jobs(hook_settings)
    log_url = f"/api/v1/webhooks/{endpoint['id']}/deliveries"
    (failed,) = (await client.get(log_url, headers=org.auth)).json()["items"]
    assert failed["status"] == "retrying" and failed["last_status_code"] == 500

    assert (
        await client.delete(f"/api/v1/webhooks/{endpoint['id']}", headers=org.auth)
    ).status_code == 204
    (cancelled,) = (await client.get(log_url, headers=org.auth)).json()["items"]
    assert cancelled["status"] == "cancelled"
    assert cancelled["last_error"] == "The endpoint was removed."

    again = await client.post(f"{log_url}/{failed['id']}/redeliver", headers=org.auth)
    assert again.status_code == 409, again.text
    assert again.json()["detail"] == (
        "The endpoint was removed. Add it again to receive deliveries."
    )
    receiver.status = 200
    before = len(receiver.requests)
    await run_jobs(hook_settings)
    assert len(receiver.requests) == before


ISO = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"


async def test_the_secret_is_in_the_creating_and_rotating_answers_only(
    client: AsyncTestClient, org: Org
) -> None:
    created = await client.post(
        "/api/v1/webhooks", headers=org.auth, json={"url": "https://crm.example.com/h"}
    )
    assert created.status_code == 201, created.text
    endpoint = created.json()
    secret = endpoint["secret"]
    assert secret.startswith("whsec_") and endpoint["secret_ends_with"] == secret[-4:]
    assert endpoint["secret_created_at"] == endpoint["created_at"]
    one_url = f"/api/v1/webhooks/{endpoint['id']}"

    one = await client.get(one_url, headers=org.auth)
    listed = await client.get("/api/v1/webhooks", headers=org.auth)
    for answer in (one, listed):
        assert answer.status_code == 200 and secret not in answer.text
    (item,) = listed.json()["items"]
    for shown in (one.json(), item):
        assert "secret" not in shown and shown["secret_ends_with"] == secret[-4:]
        assert re.fullmatch(ISO, shown["secret_created_at"]), shown

    rotated = await client.post(f"{one_url}/rotate-secret", headers=org.auth)
    assert rotated.status_code == 200, rotated.text
    new = rotated.json()["secret"]
    assert new.startswith("whsec_") and new != secret
    after = await client.get(one_url, headers=org.auth)
    assert new not in after.text and secret not in after.text
    assert after.json()["secret_ends_with"] == new[-4:]
    assert after.json()["secret_created_at"] >= one.json()["secret_created_at"]
    assert after.json()["created_at"] == endpoint["created_at"]  # the same endpoint
    trail = await AuditEvent.select(AuditEvent.data, AuditEvent.actor).where(
        (AuditEvent.organisation == org.id) & (AuditEvent.action == "webhook.secret_rotated")
    )
    assert [(e["actor"], json.loads(e["data"])) for e in trail] == [
        ("api", {"endpoint": endpoint["id"]})
    ]
    assert new not in str(trail) and secret not in str(trail)

    # removed: still no secret, and none to rotate
    assert (await client.delete(one_url, headers=org.auth)).status_code == 204
    gone = await client.get(one_url, headers=org.auth)
    assert gone.json()["active"] is False and new not in gone.text and "secret" not in gone.json()
    refused = await client.post(f"{one_url}/rotate-secret", headers=org.auth)
    assert refused.status_code == 409, refused.text
    assert refused.json()["detail"] == (
        "The endpoint was removed. Add it again to receive deliveries, with a new secret."
    )


async def test_rotating_needs_an_admin_key(client: AsyncTestClient, org: Org) -> None:
    endpoint = await create_webhook(client, org, "https://crm.example.com/h")
    reader = {"Authorization": f"Bearer {await create_api_key(org.id, 'r', ('read', 'send'))}"}
    refused = await client.post(f"/api/v1/webhooks/{endpoint['id']}/rotate-secret", headers=reader)
    assert refused.status_code == 403
    shown = (await client.get(f"/api/v1/webhooks/{endpoint['id']}", headers=org.auth)).json()
    assert shown["secret_ends_with"] == endpoint["secret"][-4:]


async def test_deliveries_queued_before_a_rotation_are_signed_with_the_new_secret(
    hook_client: AsyncTestClient, org: Org, hook_settings: Settings, receiver: Receiver
) -> None:
    client = hook_client
    receiver.status = 500
    endpoint = await create_webhook(client, org, receiver.url)
    await import_template(client, org)  # template.published, refused once: a retry is queued
    await run_jobs(hook_settings)
    (refused,) = receiver.requests
    header = {k.lower(): v for k, v in refused["headers"].items()}["x-formseal-signature"]
    assert verify(endpoint["secret"], refused["body"], header)

    rotated = await client.post(
        f"/api/v1/webhooks/{endpoint['id']}/rotate-secret", headers=org.auth
    )
    new = rotated.json()["secret"]
    receiver.status = 200
    (delivery,) = (
        await client.get(f"/api/v1/webhooks/{endpoint['id']}/deliveries", headers=org.auth)
    ).json()["items"]
    await Job.update({Job.run_after: utcnow()}).where(
        Job.dedupe_key == f"webhook:{delivery['id']}"
    )  # the queued retry comes due
    await run_jobs(hook_settings)
    assert len(receiver.requests) == 2
    retry = receiver.requests[1]
    header = {k.lower(): v for k, v in retry["headers"].items()}["x-formseal-signature"]
    assert retry["body"] == refused["body"]  # the same event
    assert verify(new, retry["body"], header)
    assert not verify(endpoint["secret"], retry["body"], header)
    log = (
        await client.get(f"/api/v1/webhooks/{endpoint['id']}/deliveries", headers=org.auth)
    ).json()["items"]
    assert log[0]["status"] == "delivered"
