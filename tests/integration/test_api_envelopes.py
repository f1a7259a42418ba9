"""The envelope API beyond create/get: list with filters and pages, void, remind, audit trail."""

from litestar.testing import AsyncTestClient

from runtime.settings import Settings
from tests.integration.conftest import (
    Org,
    create_envelope,
    fill_demo,
    import_template,
    path_of,
    run_jobs,
)


async def test_list_filter_and_paginate(
    client: AsyncTestClient, org: Org, settings: Settings
) -> None:
    template = await import_template(client, org)
    envelopes = [await create_envelope(client, org, template["id"]) for _ in range(3)]
    await fill_demo(client, path_of(envelopes[0]["recipients"][0]["signing_url"]))
    await run_jobs(settings)

    page = (await client.get("/api/v1/envelopes?per_page=2", headers=org.auth)).json()
    assert page["total"] == 3 and len(page["items"]) == 2 and page["page"] == 1
    page2 = (await client.get("/api/v1/envelopes?per_page=2&page=2", headers=org.auth)).json()
    assert len(page2["items"]) == 1
    ids = {i["id"] for i in page["items"] + page2["items"]}
    assert ids == {e["id"] for e in envelopes}
    done = (await client.get("/api/v1/envelopes?status=completed", headers=org.auth)).json()
    assert [i["id"] for i in done["items"]] == [envelopes[0]["id"]]
    by_template = (
        await client.get(f"/api/v1/envelopes?template_id={template['id']}", headers=org.auth)
    ).json()
    assert by_template["total"] == 3
    bad = await client.get("/api/v1/envelopes?status=lost", headers=org.auth)
    assert bad.status_code == 422 and "Unknown status" in bad.json()["detail"]
    bad = await client.get("/api/v1/envelopes?per_page=1000", headers=org.auth)
    assert bad.status_code == 422


async def test_void_remind_and_audit(client: AsyncTestClient, org: Org, settings: Settings) -> None:
    template = await import_template(client, org)
    envelope = await create_envelope(client, org, template["id"])
    link = path_of(envelope["recipients"][0]["signing_url"])

    reminded = await client.post(f"/api/v1/envelopes/{envelope['id']}/remind", headers=org.auth)
    assert reminded.status_code == 200 and reminded.json() == {"reminded": 1}

    no_reason = await client.post(
        f"/api/v1/envelopes/{envelope['id']}/void", headers=org.auth, json={}
    )
    assert no_reason.status_code == 422
    voided = await client.post(
        f"/api/v1/envelopes/{envelope['id']}/void",
        headers=org.auth,
        json={"reason": "Wrong customer"},
    )
    assert voided.status_code == 200 and voided.json()["status"] == "voided"
    # the sender's reason, not a signer's decline: it read `decline_reason` before
    assert voided.json()["void_reason"] == "Wrong customer"
    assert voided.json()["decline_reason"] is None
    got = (await client.get(f"/api/v1/envelopes/{envelope['id']}", headers=org.auth)).json()
    assert (got["void_reason"], got["decline_reason"]) == ("Wrong customer", None)
    again = await client.post(
        f"/api/v1/envelopes/{envelope['id']}/void", headers=org.auth, json={"reason": "again"}
    )
    assert again.status_code == 409
    closed = await client.get(f"{link}/step/1")
    assert closed.status_code == 410 and "voided" in closed.text

    trail = (await client.get(f"/api/v1/envelopes/{envelope['id']}/audit", headers=org.auth)).json()
    actions = [e["action"] for e in trail["events"]]
    assert actions[:3] == ["envelope.draft", "envelope.sent", "recipient.notified"]
    assert "envelope.reminded" in actions and actions[-1] == "envelope.voided"
    assert trail["chain"]["ok"] and trail["chain"]["count"] == len(actions)
    assert trail["chain"]["head"] == trail["events"][-1]["hash"]


async def test_a_sender_email_that_is_not_one_is_refused(client: AsyncTestClient, org: Org) -> None:
    """`"sender_email": "not-an-email"` made the envelope (201); the sender's notices
    (declined, completed, expiring) then went nowhere."""
    template = await import_template(client, org)
    answer = await client.post(
        "/api/v1/envelopes",
        headers=org.auth,
        json={
            "template_id": template["id"],
            "recipients": [{"role": "customer", "name": "Bo", "email": "bo@example.com"}],
            "sender_email": "anna at legal",
        },
    )
    assert answer.status_code == 422, answer.text
    problem = answer.json()
    assert problem["detail"] == "The sender_email is not valid."
    assert problem["errors"] == [
        {
            "path": "$.sender_email",
            "message": "Enter sender email in the correct format, like name@example.com",
        }
    ]
    listed = (await client.get("/api/v1/envelopes", headers=org.auth)).json()
    assert listed["total"] == 0
    fine = await create_envelope(
        client, org, template["id"], sender_email=" anna@Legal.example.com "
    )
    assert fine["status"] == "sent"


async def test_detail_names_every_part_with_a_problem(client: AsyncTestClient, org: Org) -> None:
    """Bad recipients and bad tags: `errors` listed both, `detail` only the recipients."""
    template = await import_template(client, org)
    body = {
        "template_id": template["id"],
        "recipients": [{"role": "boss", "name": "Bo", "email": "bo@example.com"}],
        "tags": ["no/slashes"],
    }
    answer = await client.post("/api/v1/envelopes", headers=org.auth, json=body)
    assert answer.status_code == 422, answer.text
    problem = answer.json()
    assert problem["detail"] == "The recipients and tags are not valid."
    paths = [e["path"] for e in problem["errors"]]
    assert "$.recipients[0].role" in paths and "$.tags[0]" in paths
    body |= {"sender_email": "anna at legal", "prefill": {"nope": 1}}
    answer = await client.post("/api/v1/envelopes", headers=org.auth, json=body)
    detail = "The recipients, prefill values, sender_email and tags are not valid."
    assert answer.json()["detail"] == detail
    only_tags = body | {"recipients": [{"role": "customer", "name": "Bo", "email": "b@x.io"}]}
    del only_tags["sender_email"], only_tags["prefill"]
    answer = await client.post("/api/v1/envelopes", headers=org.auth, json=only_tags)
    assert answer.json()["detail"].startswith("The tag 'no/slashes' is not valid")
